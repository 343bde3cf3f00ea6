package io.omniretail.ingestion.analytics;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.ingestion.edge.StrictJson;
import io.omniretail.ingestion.edge.UnmappablePayload;
import io.omniretail.ingestion.publish.TouchpointPublisher;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.http.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The analytics events API, compatible with the Segment / RudderStack HTTP tracking spec so that their web and mobile
 * SDKs send here unchanged: {@code POST /v1/identify|track|page|screen|group|alias} and {@code /v1/batch} (also
 * {@code /v1/import}). A source is named by its write key: HTTP Basic with the key as user name, or {@code writeKey}
 * in the body (401 problem+json otherwise). Bodies are read strictly and bounded (32 KB a call, 500 KB a batch: 413).
 * Each call becomes one touchpoint ({@link AnalyticsMapper}), keyed by its anonymousId (else its userId) so that one
 * browser's calls stay in order; the answer {@code {"success": true}} comes only after Kafka acknowledged every
 * touchpoint of the request, else 503 with Retry-After, which the SDKs retry (touchpoint ids derive from messageId,
 * so a retry is the same event downstream). A call that cannot be mapped is 400 problem+json naming the reason; in a
 * batch, the calls that can be mapped are accepted and the others listed by index with their reasons (all rejected:
 * 400). Content-Type is not checked: browsers send beacons as text/plain.
 */
@PermitAll
@Path("/v1")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    @Inject
    AnalyticsConfig config;
    @Inject
    TouchpointPublisher publisher;
    @Inject
    MeterRegistry meters;
    @Inject
    Validator validator;

    private final ObjectMapper json = StrictJson.mapper();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    @Inject
    WriteKeys writeKeys;

    public record Accepted(boolean success, Integer accepted, List<Rejected> rejected) {
    }

    public record Rejected(int index, String reason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Batch(@Size(max = 5_000) List<JsonNode> batch, JsonNode context, @Size(max = 64) String sentAt,
            @Size(max = 255) String writeKey) {
    }

    @POST
    @Path("/{type:identify|track|page|screen|group|alias}")
    @Operation(summary = "Receive one analytics call (Segment / RudderStack tracking spec)")
    @APIResponse(responseCode = "200", description = "accepted and durably written to Kafka")
    @APIResponse(responseCode = "400", description = "malformed or unmappable call (problem+json with the reason)")
    @APIResponse(responseCode = "401", description = "missing or unknown write key (problem+json)")
    @APIResponse(responseCode = "413", description = "more than 32 KB (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; retry after Retry-After (problem+json)")
    public Uni<Accepted> call(@RestPath String type, @RestHeader("Authorization") String authorization, byte[] body) {
        if (body.length > config.maxEventBytes()) {
            throw tooLarge(body.length, config.maxEventBytes());
        }
        AnalyticsEvent call = read(body, AnalyticsEvent.class);
        AnalyticsMapper.Source source = authenticate(authorization, call.writeKey());
        Instant receivedAt = Instant.now();
        Touchpoint touchpoint;
        try {
            touchpoint = map(call.ofType(type), source, body, receivedAt);
        } catch (UnmappablePayload e) {
            count(source.name(), "rejected");
            throw new ProblemException(400, "unmappable-event", "Event cannot be accepted", e.getMessage());
        }
        return publish(List.of(touchpoint), source.name()).replaceWith(new Accepted(true, null, null));
    }

    @POST
    @Path("/{path:batch|import}")
    @Operation(summary = "Receive a batch of analytics calls (Segment / RudderStack tracking spec)")
    @APIResponse(responseCode = "200", description = "the mappable calls accepted and durably written to Kafka; any others listed with their reasons")
    @APIResponse(responseCode = "400", description = "malformed body, or no call could be accepted (problem+json with the reasons)")
    @APIResponse(responseCode = "401", description = "missing or unknown write key (problem+json)")
    @APIResponse(responseCode = "413", description = "more than 500 KB, or a call of more than 32 KB (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; retry after Retry-After (problem+json)")
    public Uni<Accepted> batch(@RestPath String path, @RestHeader("Authorization") String authorization, byte[] body) {
        if (body.length > config.maxBatchBytes()) {
            throw tooLarge(body.length, config.maxBatchBytes());
        }
        Batch batch = read(body, Batch.class);
        AnalyticsMapper.Source source = authenticate(authorization, batch.writeKey());
        Set<ConstraintViolation<Batch>> violations = validator.validate(batch);
        if (!violations.isEmpty()) {
            throw new ProblemException(400, "invalid-request", "Invalid request", violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
        }
        if (batch.batch() == null || batch.batch().isEmpty()) {
            throw new ProblemException(400, "empty-batch", "Empty batch", "batch must hold at least one call");
        }
        Instant receivedAt = Instant.now();
        List<Touchpoint> touchpoints = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < batch.batch().size(); i++) {
            JsonNode node = batch.batch().get(i);
            byte[] raw = node.toString().getBytes(StandardCharsets.UTF_8);
            try {
                if (raw.length > config.maxEventBytes()) {
                    throw new UnmappablePayload("the call has " + raw.length + " bytes, the limit is " + config.maxEventBytes());
                }
                AnalyticsEvent call = json.treeToValue(node, AnalyticsEvent.class);
                touchpoints.add(map(call.withBatch(batch.context(), batch.sentAt()), source, raw, receivedAt));
            } catch (UnmappablePayload | IllegalArgumentException | JsonProcessingException e) {
                rejected.add(new Rejected(i, e instanceof UnmappablePayload ? e.getMessage() : "malformed call: " + firstLine(e)));
            }
        }
        if (!rejected.isEmpty()) {
            counter(source.name(), "rejected").increment(rejected.size());
        }
        if (touchpoints.isEmpty()) {
            throw new ProblemException(400, "unmappable-event", "No call could be accepted", rejected.stream()
                    .map(r -> "#" + r.index() + ": " + r.reason()).collect(Collectors.joining("; ")));
        }
        return publish(touchpoints, source.name())
                .replaceWith(new Accepted(true, touchpoints.size(), rejected.isEmpty() ? null : rejected));
    }

    private Touchpoint map(AnalyticsEvent call, AnalyticsMapper.Source source, byte[] raw, Instant receivedAt) throws UnmappablePayload {
        Set<ConstraintViolation<AnalyticsEvent>> violations = validator.validate(call);
        if (!violations.isEmpty()) {
            throw new UnmappablePayload(violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted()
                    .collect(Collectors.joining("; ")));
        }
        // without a messageId, the call's own bytes name it: a retry of the same bytes is the same touchpoint
        String messageKey = call.messageId() != null && !call.messageId().isBlank() ? call.messageId().trim()
                : "body:" + EventMetadataFactory.derivedId("analytics-body", new String(raw, StandardCharsets.UTF_8));
        return AnalyticsMapper.map(call, source, messageKey, receivedAt);
    }

    private Uni<Void> publish(List<Touchpoint> touchpoints, String source) {
        List<Uni<Void>> sends = touchpoints.stream().map(tp -> publisher.publish(partitionKey(tp), tp)).toList();
        Uni<Void> all = sends.size() == 1 ? sends.get(0) : Uni.join().all(sends).andFailFast().replaceWithVoid();
        return TouchpointPublisher.within(all, config.publishTimeout())
                .onFailure().invoke(() -> count(source, "unavailable"))
                .invoke(() -> counter(source, "accepted").increment(touchpoints.size()));
    }

    /** One browser's or installation's calls in order: by anonymousId, else by account. */
    static String partitionKey(Touchpoint touchpoint) {
        var identity = touchpoint.getIdentity();
        return identity.getAnonymousId() != null ? "anon:" + identity.getAnonymousId() : "account:" + identity.getAccountId();
    }

    private AnalyticsMapper.Source authenticate(String authorization, String bodyWriteKey) {
        String source = writeKeys.sourceOf(authorization, bodyWriteKey);
        if (source == null) {
            meters.counter("omniretail.analytics", "source", "unknown", "outcome", "unauthorized").increment();
            throw new ProblemException(401, "invalid-write-key", "Invalid write key",
                    "send a source's write key as the HTTP Basic user name (password empty) or as writeKey in the body");
        }
        return new AnalyticsMapper.Source(source, writeKeys.isTrusted(source), config.defaultCurrency(), config.defaultCountry());
    }

    private <T> T read(byte[] body, Class<T> type) {
        try {
            return StrictJson.read(json, body, type);
        } catch (UnmappablePayload e) {
            throw new ProblemException(400, "malformed-json", "Malformed JSON", e.getMessage());
        }
    }

    private ProblemException tooLarge(int size, int limit) {
        meters.counter("omniretail.analytics", "source", "unknown", "outcome", "payload-too-large").increment();
        return new ProblemException(413, "payload-too-large", "Payload too large", "body has " + size + " bytes, limit is " + limit);
    }

    private void count(String source, String outcome) {
        counter(source, outcome).increment();
    }

    /** Sources are configured, so their meters are bounded. */
    private Counter counter(String source, String outcome) {
        return counters.computeIfAbsent(source + "|" + outcome,
                ignored -> meters.counter("omniretail.analytics", "source", source, "outcome", outcome));
    }

    private static String firstLine(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }
}
