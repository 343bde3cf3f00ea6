package io.omniretail.notifications.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.notification.SmsEncoding;
import io.omniretail.kit.RejectedEventException;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.security.Roles;
import io.omniretail.notifications.dispatch.MessageRenderer;
import io.omniretail.notifications.policy.NotificationPolicyConfig;
import io.omniretail.notifications.policy.SmsSegments;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The template catalogue (omniretail.notifications.templates) and a preview of any template for a language and a
 * channel, as the customer would receive it: the subject, the body (HTML for e-mail, with its text part), which
 * language was used (a missing translation falls back to the shop's), and for SMS the encoding and segment count a
 * carrier bills. Associates and up.
 */
@Path("/notifications/templates")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ASSOCIATE)
public class TemplateResource {

    @Inject
    NotificationPolicyConfig config;
    @Inject
    MessageRenderer renderer;

    public record TemplateView(String templateId, ConsentPurpose purpose, String description, List<String> languages,
            List<String> missingLanguages, Map<String, String> sample) {
    }

    public record PreviewRequest(@NotNull @Pattern(regexp = "[a-z]{2,3}") String language, @NotNull ContactChannel channel,
            @Size(max = 50) Map<@Size(max = 100) String, @Size(max = 2_000) String> parameters) {
    }

    public record SmsView(SmsEncoding encoding, int segments, int units) {
    }

    public record Preview(String templateId, ContactChannel channel, String language, boolean fellBackToShopLanguage,
            String subject, String body, String textBody, SmsView sms) {
    }

    @GET
    @Operation(summary = "Every template requests may name, its purpose and its languages")
    public List<TemplateView> catalogue() {
        return config.templates().entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> new TemplateView(e.getKey(),
                e.getValue().purpose(), e.getValue().description(),
                config.languages().stream().filter(l -> renderer.exists(e.getKey(), l)).toList(),
                config.languages().stream().filter(l -> !renderer.exists(e.getKey(), l)).toList(), e.getValue().sample())).toList();
    }

    @POST
    @Path("{templateId}/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Render a template for a language and channel with the given (or the sample) parameters")
    public Preview preview(@RestPath String templateId, @Valid @NotNull PreviewRequest request) {
        var template = config.templates().get(templateId);
        if (template == null) {
            throw new ProblemException(404, "template-not-found", "Template not found", "no template '" + templateId + "' in the catalogue");
        }
        if (request.channel() == ContactChannel.UNKNOWN) {
            throw new ProblemException(400, "invalid-channel", "Invalid channel", "channel is EMAIL, SMS, LINE, PUSH, CHAT or VOICE");
        }
        Map<String, String> parameters = new HashMap<>(template.sample());
        if (request.parameters() != null) {
            parameters.putAll(request.parameters());
        }
        boolean marketing = template.purpose() != ConsentPurpose.TRANSACTIONAL;
        if (marketing) {
            parameters.putIfAbsent("unsubscribeUrl", "https://example.invalid/unsubscribe/preview");
            parameters.putIfAbsent("preferencesUrl", "https://example.invalid/preferences/preview");
        }
        MessageRenderer.Rendered rendered;
        try {
            rendered = renderer.render(templateId, request.language(), request.channel(), parameters, marketing);
        } catch (RejectedEventException e) {
            throw new ProblemException(422, "template-not-renderable", "Template not renderable", e.getMessage());
        }
        SmsView sms = null;
        if (request.channel() == ContactChannel.SMS) {
            SmsSegments.Count count = SmsSegments.of(rendered.body());
            sms = new SmsView(count.encoding(), count.segments(), count.units());
        }
        return new Preview(templateId, request.channel(), rendered.language(), rendered.fellBack(), rendered.subject(),
                rendered.body(), rendered.textBody(), sms);
    }
}
