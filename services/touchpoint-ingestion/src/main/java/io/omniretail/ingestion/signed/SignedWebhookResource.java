package io.omniretail.ingestion.signed;

import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omniretail.ingestion.auth.SharedSecrets;
import io.omniretail.ingestion.chat.ChatMapper;
import io.omniretail.ingestion.chat.ChatPayload;
import io.omniretail.ingestion.edge.InboundWebhooks;
import io.omniretail.ingestion.edge.SignedWebhooksConfig;
import io.omniretail.ingestion.edge.StrictJson;
import io.omniretail.ingestion.edge.TimestampedSignature;
import io.omniretail.ingestion.edge.UnmappablePayload;
import io.omniretail.ingestion.edge.ValidatedJson;
import io.omniretail.ingestion.survey.SurveyMapper;
import io.omniretail.ingestion.survey.SurveyPayload;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The platform's own signed webhooks: {@code POST /webhooks/chat/{provider}} ({@link ChatPayload}) and
 * {@code POST /webhooks/surveys/{provider}} ({@link SurveyPayload}). Checks, in order: body size (413), known
 * sender (404), {@link TimestampedSignature} within the tolerance (401), the body (400 problem+json naming the
 * reason: these senders are integrations the retailer writes, so a bad body is theirs to fix, unlike Shopify's or
 * LINE's, which are kept in quarantine); then one touchpoint, 200 once Kafka acknowledged it, else 503 with
 * Retry-After. Ids derive from the sender and its event or response id, so a retry is the same touchpoint.
 */
@PermitAll
@Path("/webhooks")
public class SignedWebhookResource {

    @Inject
    SignedWebhooksConfig config;
    @Inject
    InboundWebhooks webhooks;
    @Inject
    Validator validator;

    private final ObjectMapper json = StrictJson.mapper();
    private SharedSecrets chatSecrets;
    private SharedSecrets surveySecrets;

    public record Accepted(String status, String touchpointId) {
    }

    @PostConstruct
    void init() {
        chatSecrets = SharedSecrets.parse(config.chatSecrets(), "omniretail.signed-webhooks.chat-secrets", "provider=secret");
        surveySecrets = SharedSecrets.parse(config.surveySecrets(), "omniretail.signed-webhooks.survey-secrets", "provider=secret");
    }

    private interface Mapper<T> {
        InboundWebhooks.Keyed map(String provider, T payload) throws UnmappablePayload;
    }

    @POST
    @Path("chat/{provider}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a chat or contact-centre event (message, hand-off request, agent reply, conversation closed)")
    @APIResponse(responseCode = "200", description = "durably written to Kafka")
    @APIResponse(responseCode = "400", description = "not a chat event (problem+json with the reason)")
    @APIResponse(responseCode = "401", description = "missing, wrong or stale X-Omniretail-Signature (problem+json)")
    @APIResponse(responseCode = "404", description = "unknown provider (problem+json)")
    @APIResponse(responseCode = "413", description = "body too large (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time (problem+json)")
    public Uni<Accepted> chat(@RestPath String provider, @RestHeader(TimestampedSignature.HEADER) String signature, byte[] body) {
        return receive("chat", chatSecrets, provider, signature, body, ChatPayload.class, ChatMapper::map);
    }

    @POST
    @Path("surveys/{provider}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a survey or review response (NPS, CSAT, review)")
    @APIResponse(responseCode = "200", description = "durably written to Kafka")
    @APIResponse(responseCode = "400", description = "not a survey response (problem+json with the reason)")
    @APIResponse(responseCode = "401", description = "missing, wrong or stale X-Omniretail-Signature (problem+json)")
    @APIResponse(responseCode = "404", description = "unknown provider (problem+json)")
    @APIResponse(responseCode = "413", description = "body too large (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time (problem+json)")
    public Uni<Accepted> survey(@RestPath String provider, @RestHeader(TimestampedSignature.HEADER) String signature, byte[] body) {
        return receive("survey", surveySecrets, provider, signature, body, SurveyPayload.class, SurveyMapper::map);
    }

    private <T> Uni<Accepted> receive(String source, SharedSecrets secrets, String provider, String signature, byte[] body,
            Class<T> type, Mapper<T> mapper) {
        webhooks.requireSize(source, body, config.maxBodyBytes());
        if (!secrets.knows(provider)) {
            throw webhooks.rejected(source, 404, "unknown-provider", "Unknown " + source + " provider", "no secret is configured for this provider");
        }
        webhooks.verifyTimestamped(source, signature, body, secrets.of(provider), config.tolerance());
        InboundWebhooks.Keyed keyed;
        try {
            keyed = mapper.map(provider.toLowerCase(Locale.ROOT), ValidatedJson.read(json, validator, body, type));
        } catch (UnmappablePayload e) {
            throw webhooks.rejected(source, 400, "invalid-event", "Not a " + source + " event", e.getMessage());
        }
        return webhooks.publishAll(source, List.of(keyed), config.publishTimeout())
                .replaceWith(new Accepted("accepted", keyed.touchpoint().getTouchpointId()));
    }
}
