package io.omniretail.ingestion.line;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omniretail.ingestion.auth.SharedSecrets;
import io.omniretail.ingestion.edge.InboundWebhooks;
import io.omniretail.ingestion.edge.Signatures;
import io.omniretail.ingestion.edge.StrictJson;
import io.omniretail.ingestion.edge.UnmappablePayload;
import io.omniretail.ingestion.edge.ValidatedJson;
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
import jakarta.ws.rs.core.Response;

/**
 * LINE Messaging API webhooks, {@code POST /webhooks/line/{channel}}. Checks, in order: body size (413), known
 * channel (404), X-Line-Signature = base64(HMAC-SHA256(channel secret, raw body)) with any of the channel's secrets
 * (401); then every event of a user becomes a touchpoint ({@link LineEventMapper}) and the answer is 200 only after
 * Kafka acknowledged all of them (else 503: LINE redelivers when the channel's redelivery setting is on, with the
 * same webhookEventId). A delivery without events is LINE's "Verify" button: 200. A signed body that cannot be
 * read is kept in quarantine with the reason (202): LINE would only send the same bytes again.
 */
@PermitAll
@Path("/webhooks/line/{channel}")
public class LineWebhookResource {

    static final String SOURCE = "line";

    @Inject
    LineConfig config;
    @Inject
    InboundWebhooks webhooks;
    @Inject
    Validator validator;

    private final ObjectMapper json = StrictJson.mapper();
    @Inject
    LineLinking linking;

    private SharedSecrets secrets;

    public record Accepted(String status, int accepted, List<String> skipped, String reason) {
    }

    @PostConstruct
    void init() {
        secrets = SharedSecrets.parse(config.channelSecrets(), "omniretail.line.channel-secrets", "channel=secret");
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a LINE Messaging API webhook (message, postback, follow, unfollow, accountLink)")
    @APIResponse(responseCode = "200", description = "every event of a user durably written to Kafka")
    @APIResponse(responseCode = "202", description = "signed but not readable: kept in quarantine with the reason")
    @APIResponse(responseCode = "401", description = "missing or wrong X-Line-Signature (problem+json)")
    @APIResponse(responseCode = "404", description = "unknown channel (problem+json)")
    @APIResponse(responseCode = "413", description = "body too large (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time (problem+json)")
    public Uni<Response> receive(@RestPath String channel, @RestHeader("X-Line-Signature") String signature, byte[] body) {
        webhooks.requireSize(SOURCE, body, config.maxBodyBytes());
        if (!secrets.knows(channel)) {
            throw webhooks.rejected(SOURCE, 404, "unknown-channel", "Unknown LINE channel", "no channel secret is configured for this channel");
        }
        if (!Signatures.matchesBase64(signature, secrets.of(channel), secret -> Signatures.hmacSha256(secret, body))) {
            throw webhooks.rejected(SOURCE, 401, "invalid-signature", "Invalid webhook signature",
                    "X-Line-Signature is missing or is not the channel secret's HMAC-SHA256 of the raw body");
        }
        LineEventMapper.Mapped mapped;
        try {
            mapped = LineEventMapper.map(channel, ValidatedJson.read(json, validator, body, LinePayloads.Webhook.class),
                    linking.nonces().orElse(null), Instant.now());
        } catch (UnmappablePayload e) {
            return webhooks.quarantine(SOURCE, "line/" + channel, body, Map.of("source", SOURCE, "channel", channel, "reason", e.getMessage()),
                    config.publishTimeout()).replaceWith(Response.status(202).entity(new Accepted("quarantined", 0, List.of(), e.getMessage())).build());
        }
        mapped.skipped().forEach(ignored -> webhooks.count(SOURCE, "skipped"));
        return webhooks.publishAll(SOURCE, mapped.touchpoints(), config.publishTimeout())
                .replaceWith(Response.ok(new Accepted("accepted", mapped.touchpoints().size(), mapped.skipped(), null)).build());
    }
}
