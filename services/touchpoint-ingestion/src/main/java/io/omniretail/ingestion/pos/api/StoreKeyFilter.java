package io.omniretail.ingestion.pos.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.ingestion.auth.SharedSecrets;
import io.omniretail.kit.http.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Authenticates a POS API call by its store's key (Authorization: Bearer, compared in constant time with each of the
 * store's keys, {@code omniretail.pos-api.keys}) before the body is read or validated: a caller without the key learns
 * nothing about what a valid request looks like (401 problem+json whatever it sent).
 */
@ApplicationScoped
public class StoreKeyFilter {

    @Inject
    PosApiConfig config;
    @Inject
    MeterRegistry meters;

    private SharedSecrets keys;

    @PostConstruct
    void init() {
        keys = SharedSecrets.parse(config.keys(), "omniretail.pos-api.keys", "store=key");
    }

    @StoreKeyRequired
    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request) {
        String storeId = request.getUriInfo().getPathParameters().getFirst("storeId");
        String authorization = request.getHeaderString("Authorization");
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        boolean valid = false;
        if (presented != null && storeId != null) {
            byte[] given = presented.getBytes(StandardCharsets.UTF_8);
            for (byte[] key : keys.of(storeId)) {
                valid |= MessageDigest.isEqual(key, given);
            }
        }
        if (!valid) {
            meters.counter("omniretail.pos.api", "kind", "any", "outcome", "unauthorized").increment();
            throw new ProblemException(401, "invalid-store-key", "Invalid store key",
                    "Authorization must be 'Bearer <key>' with a key of store '" + storeId + "'");
        }
    }
}
