package io.omniretail.notifications.dispatch;

import java.util.Map;

import io.omniretail.kit.RejectedEventException;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Renders templates/notifications/{templateId}.{language}.{subject|body}.txt with Qute. */
@ApplicationScoped
public class MessageRenderer {

    public record Rendered(String subject, String body) {
    }

    @Inject
    Engine engine;

    public Rendered render(String templateId, String language, Map<String, String> parameters) {
        Template body = engine.getTemplate("notifications/" + templateId + "." + language + ".body");
        if (body == null) {
            throw new RejectedEventException("no template '" + templateId + "' in language '" + language + "'");
        }
        Template subject = engine.getTemplate("notifications/" + templateId + "." + language + ".subject");
        return new Rendered(subject == null ? null : subject.data(parameters).render().strip(),
                body.data(parameters).render().strip());
    }
}
