package io.omniretail.ingestion.line;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omniretail.ingestion.analytics.WriteKeys;
import io.omniretail.ingestion.edge.InboundWebhooks;
import io.omniretail.ingestion.edge.StrictJson;
import io.omniretail.ingestion.edge.UnmappablePayload;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /line/link-nonces {"accountId": "..."}}: a nonce for LINE's account-link flow, asked for by the
 * retailer's own server for the account that is logged in there. Only a trusted analytics source's write key (HTTP
 * Basic, the server-side source of omniretail.analytics.trusted-sources) may ask: whoever holds a nonce can bind a
 * LINE user to that account. 201 {@code {"nonce", "expiresAt"}}; 401 without a trusted key; 400 for a bad account id;
 * 404 while account linking is off (no omniretail.line.link-secret).
 */
@PermitAll
@Path("/line/link-nonces")
public class LineLinkResource {

    @Inject
    LineLinking linking;
    @Inject
    WriteKeys writeKeys;
    @Inject
    InboundWebhooks webhooks;

    private final ObjectMapper json = StrictJson.mapper();

    public record NonceRequest(String accountId) {
    }

    public record Nonce(String nonce, Instant expiresAt) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a LINE account-link nonce for a logged-in account (trusted server-side write key)")
    @APIResponse(responseCode = "201", description = "the nonce and when it expires")
    @APIResponse(responseCode = "400", description = "malformed body or account id (problem+json)")
    @APIResponse(responseCode = "401", description = "no trusted write key (problem+json)")
    @APIResponse(responseCode = "404", description = "account linking is not configured (problem+json)")
    public Response issue(@RestHeader("Authorization") String authorization, byte[] body) {
        if (!writeKeys.isTrusted(writeKeys.sourceOf(authorization, null))) {
            throw webhooks.rejected("line-link", 401, "untrusted-source", "A trusted source's write key is required",
                    "send the write key of a server-side analytics source (omniretail.analytics.trusted-sources) as the HTTP Basic user name");
        }
        LineLinkNonces nonces = linking.nonces().orElse(null);
        if (nonces == null) {
            throw webhooks.rejected("line-link", 404, "linking-off", "Account linking is off", "omniretail.line.link-secret is not configured");
        }
        if (body.length > 4_096) {
            throw webhooks.rejected("line-link", 413, "payload-too-large", "Payload too large", "a nonce request has a few bytes");
        }
        NonceRequest request;
        try {
            request = StrictJson.read(json, body, NonceRequest.class);
        } catch (UnmappablePayload e) {
            throw webhooks.rejected("line-link", 400, "malformed-json", "Malformed JSON", e.getMessage());
        }
        LineLinkNonces.Issued issued;
        try {
            issued = nonces.issue(request.accountId(), Instant.now());
        } catch (IllegalArgumentException e) {
            throw webhooks.rejected("line-link", 400, "invalid-account-id", "Invalid account id", e.getMessage());
        }
        webhooks.count("line-link", "issued");
        return Response.status(201).entity(new Nonce(issued.nonce(), issued.expiresAt())).build();
    }
}
