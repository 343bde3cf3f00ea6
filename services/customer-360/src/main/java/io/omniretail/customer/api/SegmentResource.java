package io.omniretail.customer.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.omniretail.customer.segments.SegmentMember;
import io.omniretail.customer.segments.Segments;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The segments (ADR 0021): each one's rule, description and size, and its members, newest first. For marketers:
 * managers and up. Members are customer ids only; the customer view (and its access audit) is where a person is read.
 */
@Path("/segments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MANAGER)
public class SegmentResource {

    static final int MAX_LIMIT = 500;

    @Inject
    Segments segments;

    public record SegmentView(String segmentId, String description, String rule, long size) {
    }

    public record Member(String customerId, Instant enteredAt) {
    }

    public record Members(String segmentId, long size, List<Member> members) {
    }

    @GET
    @WithSession
    @Operation(summary = "Every segment with its rule and size")
    public Uni<List<SegmentView>> all() {
        return Multi.createFrom().iterable(segments.all())
                .onItem().transformToUniAndConcatenate(s -> SegmentMember.count("key.segmentId", s.id())
                        .map(size -> new SegmentView(s.id(), s.description(), s.rule().expression(), size)))
                .collect().asList();
    }

    @GET
    @Path("/{segmentId}/members")
    @WithSession
    @Operation(summary = "A segment's members, newest first (customer ids and when they entered)")
    public Uni<Members> members(@RestPath String segmentId, @RestQuery Integer limit) {
        if (segments.find(segmentId) == null) {
            throw new ProblemException(404, "segment-not-found", "Segment not found", "no segment '" + segmentId + "'");
        }
        int page = limit == null ? 100 : limit;
        if (page < 1 || page > MAX_LIMIT) {
            throw new ProblemException(400, "invalid-limit", "Invalid limit", "limit is 1 to " + MAX_LIMIT);
        }
        return SegmentMember.count("key.segmentId", segmentId)
                .chain(size -> SegmentMember.<SegmentMember>find("key.segmentId = ?1 order by enteredAt desc, key.customerId", segmentId)
                        .page(0, page).list()
                        .map(members -> new Members(segmentId, size, members.stream()
                                .map(m -> new Member(m.key.customerId(), m.enteredAt)).toList())));
    }
}
