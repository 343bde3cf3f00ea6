package io.omniretail.customer.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.omniretail.customer.resolution.ProfilePublisher;
import io.omniretail.customer.timeline.TimelineEntry;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.persistence.audit.PersonalData;
import io.omniretail.kit.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A customer's timeline across channels and services, newest first, in pages: touchpoints from every source,
 * loyalty, promotions, returns and notification outcomes. Filters by kind, channel and type (each may repeat); a page
 * ends with the cursor of the next one. A merged id answers with its survivor's timeline. Associates and up; every
 * read is recorded in the access audit (ADR 0017, ADR 0018).
 */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ASSOCIATE)
@PersonalData
public class TimelineResource {

    static final int MAX_LIMIT = 200;

    @Inject
    ProfilePublisher customers;

    public record EntryView(String entryId, Instant occurredAt, TimelineEntry.Kind kind, String type, String channel,
            String source, String storeId, String summary, Map<String, Object> details) {
    }

    public record TimelinePage(String customerId, List<EntryView> entries, String next) {
    }

    private record Cursor(Instant occurredAt, String entryId) {
    }

    @GET
    @Path("/{customerId}/timeline")
    @WithSession
    @Operation(summary = "A customer's timeline, newest first, filtered by kind, channel and type; 'next' is the cursor of the following page")
    public Uni<TimelinePage> timeline(@RestPath String customerId,
            @Parameter(description = "TOUCHPOINT, LOYALTY, PROMOTION, RETURN or NOTIFICATION; may repeat") @RestQuery List<String> kind,
            @Parameter(description = "a TouchpointChannel (STORE_POS, ONLINE_SHOPIFY, WEB, APP, LINE, SMS, CHAT, ...) or notification channel; may repeat")
            @RestQuery List<String> channel,
            @Parameter(description = "the event's type, e.g. PURCHASE, POINTS_EARNED, COUPON_ISSUED, REFUNDED, DELIVERED; may repeat")
            @RestQuery List<String> type,
            @Parameter(description = "the 'next' cursor of the previous page") @RestQuery String before,
            @RestQuery @DefaultValue("50") int limit) {
        StringBuilder query = new StringBuilder("customerId = :customer");
        Parameters parameters = new Parameters();
        if (!kind.isEmpty()) {
            query.append(" and kind in :kinds");
            parameters.and("kinds", kinds(kind));
        }
        if (!channel.isEmpty()) {
            query.append(" and channel in :channels");
            parameters.and("channels", upper(channel));
        }
        if (!type.isEmpty()) {
            query.append(" and type in :types");
            parameters.and("types", upper(type));
        }
        if (before != null && !before.isBlank()) {
            Cursor cursor = decode(before);
            query.append(" and (occurredAt < :at or (occurredAt = :at and entryId < :id))");
            parameters.and("at", cursor.occurredAt()).and("id", cursor.entryId());
        }
        query.append(" order by occurredAt desc, entryId desc");
        int size = Math.clamp(limit, 1, MAX_LIMIT);
        return customers.survivor(customerId)
                .onItem().ifNull().failWith(() -> new ProblemException(404, "customer-not-found", "Customer not found",
                        "no customer for " + customerId))
                .chain(customer -> TimelineEntry.<TimelineEntry>find(query.toString(), parameters.and("customer", customer.id).map())
                        .range(0, size).list()
                        .map(entries -> {
                            List<EntryView> views = entries.stream().limit(size).map(e -> new EntryView(e.entryId, e.occurredAt, e.kind,
                                    e.type, e.channel, e.source, e.storeId, e.summary, e.details)).toList();
                            String next = entries.size() > size ? encode(entries.get(size - 1)) : null;
                            return new TimelinePage(customer.id, views, next);
                        }));
    }

    private static List<TimelineEntry.Kind> kinds(List<String> values) {
        List<TimelineEntry.Kind> kinds = new ArrayList<>();
        for (String value : upper(values)) {
            try {
                kinds.add(TimelineEntry.Kind.valueOf(value));
            } catch (IllegalArgumentException e) {
                throw invalid("unknown kind '" + value + "': one of TOUCHPOINT, LOYALTY, PROMOTION, RETURN, NOTIFICATION");
            }
        }
        return kinds;
    }

    private static List<String> upper(List<String> values) {
        return values.stream().map(v -> v.trim().toUpperCase(Locale.ROOT)).toList();
    }

    static String encode(TimelineEntry last) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((last.occurredAt + "|" + last.entryId).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            return new Cursor(Instant.parse(plain.substring(0, bar)), plain.substring(bar + 1));
        } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw invalid("'before' is not a cursor this API gave out");
        }
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(400, "invalid-timeline-query", "Invalid timeline query", detail);
    }
}
