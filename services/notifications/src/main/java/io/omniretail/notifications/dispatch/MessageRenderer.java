package io.omniretail.notifications.dispatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.kit.RejectedEventException;
import io.omniretail.notifications.policy.NotificationPolicyConfig;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Renders a catalogued template with Qute for one channel and language: templates/notifications/{templateId}.{language}
 * .{channel}.body.txt when the channel has its own wording (a short SMS, a spoken voice text), else
 * {templateId}.{language}.body.txt; the subject likewise. A template missing in the customer's language is rendered in
 * the shop's language and counted ({@code omniretail.notifications.template.fallback}); missing there too, the request
 * is rejected. E-mail gets its HTML from the text through email-layout.html (Qute escapes it), and marketing e-mail
 * gets the footer with the unsubscribe and preference links in both parts.
 */
@ApplicationScoped
public class MessageRenderer {

    public record Rendered(String subject, String body, String textBody, String language, boolean fellBack) {
    }

    static final String UNSUBSCRIBE_URL = "unsubscribeUrl";
    static final String PREFERENCES_URL = "preferencesUrl";

    @Inject
    Engine engine;
    @Inject
    NotificationPolicyConfig config;
    @Inject
    MeterRegistry meters;

    public Rendered render(String templateId, String language, ContactChannel channel, Map<String, String> parameters, boolean withFooter) {
        String used = language;
        Optional<Template> body = find(templateId, used, channel, "body");
        if (body.isEmpty() && !language.equals(config.fallbackLanguage())) {
            used = config.fallbackLanguage();
            body = find(templateId, used, channel, "body");
        }
        if (body.isEmpty()) {
            throw new RejectedEventException("no template '" + templateId + "' in language '" + language + "' or '"
                    + config.fallbackLanguage() + "'");
        }
        boolean fellBack = !used.equals(language);
        if (fellBack) {
            meters.counter("omniretail.notifications.template.fallback", "template", templateId, "language", language).increment();
        }
        String subject = find(templateId, used, channel, "subject").map(t -> t.data(parameters).render().strip()).orElse(null);
        String text = body.get().data(parameters).render().strip();
        if (channel != ContactChannel.EMAIL) {
            return new Rendered(channel == ContactChannel.PUSH ? subject : null, text, null, used, fellBack);
        }
        String footer = withFooter ? template("notifications/footer." + used + ".txt").map(t -> t.data(parameters).render().strip()).orElse(null) : null;
        String plain = footer == null ? text : text + "\n\n--\n" + footer;
        String html = template("notifications/email-layout.html").orElseThrow().data("language", used).data("subject", subject)
                .data("paragraphs", paragraphs(text)).data("footer", footer == null ? null : Arrays.asList(footer.split("\n")))
                .render();
        return new Rendered(subject, html, plain, used, fellBack);
    }

    /** Whether the template exists in the language (for the catalogue). */
    public boolean exists(String templateId, String language) {
        return template("notifications/" + templateId + "." + language + ".body.txt").isPresent();
    }

    private Optional<Template> find(String templateId, String language, ContactChannel channel, String part) {
        String base = "notifications/" + templateId + "." + language + ".";
        return template(base + channel.name().toLowerCase() + "." + part + ".txt").or(() -> template(base + part + ".txt"));
    }

    private Optional<Template> template(String id) {
        return Optional.ofNullable(engine.getTemplate(id));
    }

    /** Blank lines separate paragraphs; single newlines stay line breaks. */
    static List<List<String>> paragraphs(String text) {
        List<List<String>> paragraphs = new ArrayList<>();
        for (String block : text.split("\\n\\s*\\n")) {
            if (!block.isBlank()) {
                paragraphs.add(Arrays.asList(block.strip().split("\\n")));
            }
        }
        return paragraphs;
    }
}
