package io.omniretail.ingestion.sms;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import io.omniretail.events.touchpoint.MessageKeyword;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.ingestion.auth.SharedSecrets;
import io.omniretail.ingestion.edge.InboundWebhooks;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Inbound SMS as Twilio-compatible providers post it, {@code POST /webhooks/sms/{account}} (form-urlencoded).
 * Checks, in order: body size (413), known account (404), X-Twilio-Signature over the URL the provider called and the
 * sorted parameters ({@link TwilioSignature}, 401), the parameters (400); then one touchpoint ({@link SmsMapper})
 * and, once Kafka acknowledged it, 200 with TwiML: empty, or the STOP / START / HELP confirmation carriers require
 * in the keyword's language when the provider does not answer that keyword itself (ADR 0014). Kafka not
 * acknowledging in time is 503: the provider retries, and the MessageSid makes the retry the same touchpoint.
 */
@PermitAll
@Path("/webhooks/sms/{account}")
public class SmsWebhookResource {

    static final String SOURCE = "sms";

    @Inject
    SmsConfig config;
    @Inject
    InboundWebhooks webhooks;

    private SharedSecrets tokens;
    private SmsKeywords keywords;

    @PostConstruct
    void init() {
        tokens = SharedSecrets.parse(config.authTokens(), "omniretail.sms.auth-tokens", "account=token");
        keywords = new SmsKeywords(config.stopKeywords(), config.startKeywords(), config.helpKeywords(), config.providerAnsweredKeywords());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Receive an inbound SMS (Twilio-compatible form post; STOP / START / HELP change SMS consent)")
    @APIResponse(responseCode = "200", description = "durably written to Kafka; TwiML answer (text/xml)")
    @APIResponse(responseCode = "400", description = "not an inbound message (problem+json)")
    @APIResponse(responseCode = "401", description = "missing or wrong X-Twilio-Signature (problem+json)")
    @APIResponse(responseCode = "404", description = "unknown account (problem+json)")
    @APIResponse(responseCode = "413", description = "body too large (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time (problem+json)")
    public Uni<Response> receive(@RestPath String account, @RestHeader("X-Twilio-Signature") String signature,
            @Context UriInfo uri, byte[] body) {
        webhooks.requireSize(SOURCE, body, config.maxBodyBytes());
        if (!tokens.knows(account)) {
            throw webhooks.rejected(SOURCE, 404, "unknown-account", "Unknown SMS account", "no auth token is configured for this account");
        }
        Map<String, List<String>> form;
        try {
            form = form(body);
        } catch (IllegalArgumentException e) {
            throw webhooks.rejected(SOURCE, 400, "malformed-form", "Malformed form body", "the body is not application/x-www-form-urlencoded: " + e.getMessage());
        }
        if (!TwilioSignature.verify(signature, tokens.of(account), calledUrl(uri), form)) {
            throw webhooks.rejected(SOURCE, 401, "invalid-signature", "Invalid webhook signature",
                    "X-Twilio-Signature is missing or is not the auth token's HMAC-SHA1 of the called URL and the sorted parameters");
        }
        Touchpoint touchpoint;
        try {
            touchpoint = SmsMapper.map(account, form, keywords, Instant.now());
        } catch (SmsMapper.InvalidSms e) {
            throw webhooks.rejected(SOURCE, 400, "invalid-message", "Not an inbound message", e.getMessage());
        }
        String reply = reply(touchpoint);
        return webhooks.publishAll(SOURCE, List.of(SmsMapper.keyed(touchpoint)), config.publishTimeout())
                .replaceWith(Response.ok(twiml(reply), MediaType.TEXT_XML_TYPE.withCharset("UTF-8")).build());
    }

    /** The URL as the provider called it: the configured public origin (behind a proxy) or this request's. */
    private String calledUrl(UriInfo uri) {
        String pathAndQuery = uri.getRequestUri().getRawPath() + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
        return config.publicBaseUrl().map(base -> base.replaceAll("/+$", "") + pathAndQuery).orElse(uri.getRequestUri().toString());
    }

    private String reply(Touchpoint touchpoint) {
        MessageKeyword keyword = touchpoint.getMessage().getKeyword();
        String text = touchpoint.getMessage().getText();
        if (keyword == null || keywords.providerAnswers(text)) {
            return null;
        }
        boolean japanese = SmsKeywords.language(text).equals("ja");
        return switch (keyword) {
            case STOP -> japanese ? config.stopReplyJa() : config.stopReplyEn();
            case START -> japanese ? config.startReplyJa() : config.startReplyEn();
            case HELP -> japanese ? config.helpReplyJa() : config.helpReplyEn();
            default -> null;
        };
    }

    static String twiml(String message) {
        if (message == null) {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
        }
        String escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>" + escaped + "</Message></Response>";
    }

    static Map<String, List<String>> form(byte[] body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
        }
        return form;
    }
}
