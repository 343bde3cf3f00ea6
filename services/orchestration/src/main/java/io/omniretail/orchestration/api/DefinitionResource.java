package io.omniretail.orchestration.api;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

import io.omniretail.kit.http.Problem;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.security.Roles;
import io.omniretail.orchestration.definition.DefinitionException;
import io.omniretail.orchestration.definition.DefinitionProblem;
import io.omniretail.orchestration.definition.JourneyCatalog;
import io.omniretail.orchestration.definition.JourneyDefinition;
import io.omniretail.orchestration.definition.JourneyDefinitionReader;
import io.omniretail.orchestration.definition.StoredDefinition;
import io.omniretail.orchestration.definition.StoredDefinition.Origin;
import io.omniretail.orchestration.definition.StoredDefinition.Status;
import io.omniretail.orchestration.journey.JourneyEngine;
import io.omniretail.orchestration.journey.Uplift;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Journey definitions and their versions (ADR 0022), for admins: list them, read a version's source, add a version
 * (YAML or JSON, checked as the build checks the built-in ones: a bad one is 400 problem+json listing every problem
 * with its line, path, expression and position), pause, resume or retire a version, and the counts per version and
 * step. A stored version never changes; running instances keep theirs.
 */
@Path("/journeys/definitions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class DefinitionResource {

    public record VersionView(String journeyId, int version, Status status, Origin origin, String description, boolean takesEntries,
            Instant createdAt, Instant changedAt) {
    }

    public record VersionSource(String journeyId, int version, Status status, Origin origin, String source) {
    }

    public record StatusChange(@NotNull Status status) {
    }

    /** RFC 9457 problem details with every problem of the definition. */
    public record InvalidDefinition(String type, String title, int status, String detail, List<DefinitionProblem> errors) {
    }

    /**
     * @param uplift  the goal conversion of the instances that were not in the control group against those that were
     * @param choices per choose step and option: taken (treated) against the control group's would-be choices
     */
    public record VersionStats(int version, long entered, long active, long completed, long exited, long control, long converted,
            Uplift uplift, Map<String, Map<String, Long>> steps, Map<String, Map<String, Uplift>> choices) {
    }

    @jakarta.inject.Inject
    JourneyCatalog catalog;
    @jakarta.inject.Inject
    JourneyEngine engine;

    @GET
    @WithSession
    @Operation(summary = "Every stored version of every journey, and which version takes new entries")
    public Uni<List<VersionView>> list() {
        return catalog.entering(Instant.now()).chain(entering -> StoredDefinition.<StoredDefinition>listAll().map(all -> all.stream()
                .sorted(Comparator.comparing((StoredDefinition s) -> s.key.journeyId()).thenComparing(s -> s.key.version()))
                .map(s -> new VersionView(s.key.journeyId(), s.key.version(), s.status, s.origin, description(s),
                        entering.stream().anyMatch(d -> d.id().equals(s.key.journeyId()) && d.version() == s.key.version()),
                        s.createdAt, s.changedAt))
                .toList()));
    }

    @GET
    @Path("/{journeyId}")
    @WithSession
    @Operation(summary = "The versions of one journey, with their sources")
    public Uni<List<VersionSource>> versions(@RestPath String journeyId) {
        return StoredDefinition.<StoredDefinition>list("key.journeyId = ?1 order by key.version", journeyId).map(versions -> {
            if (versions.isEmpty()) {
                throw new ProblemException(404, "unknown-journey", "Unknown journey", "no journey '" + journeyId + "'");
            }
            return versions.stream().map(s -> new VersionSource(s.key.journeyId(), s.key.version(), s.status, s.origin, s.source)).toList();
        });
    }

    @POST
    @Consumes({ "application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN })
    @WithTransaction
    @Operation(summary = "Add a version of a journey (a new journey, or the next version of one); it takes new entries at once")
    public Uni<Response> add(String body) {
        JourneyDefinition definition;
        try {
            definition = JourneyDefinitionReader.read("request", body == null ? "" : body);
        } catch (DefinitionException e) {
            return Uni.createFrom().item(invalid(e));
        }
        Instant now = Instant.now();
        return StoredDefinition.<StoredDefinition>list("key.journeyId = ?1", definition.id()).chain(versions -> {
            int newest = versions.stream().mapToInt(s -> s.key.version()).max().orElse(0);
            if (definition.version() <= newest) {
                throw new ProblemException(409, "journey-version-exists", "Version exists",
                        definition.key() + ": versions never change; the next version of '" + definition.id() + "' is " + (newest + 1));
            }
            StoredDefinition stored = new StoredDefinition();
            stored.key = new StoredDefinition.Key(definition.id(), definition.version());
            stored.status = Status.ACTIVE;
            stored.origin = Origin.API;
            stored.source = definition.source();
            stored.createdAt = now;
            stored.changedAt = now;
            return stored.persist().invoke(catalog::changed)
                    .map(saved -> Response.status(201).entity(new VersionView(definition.id(), definition.version(), Status.ACTIVE,
                            Origin.API, definition.description(), true, now, now)).build());
        });
    }

    @PUT
    @Path("/{journeyId}/versions/{version}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Pause (no new entries), resume or retire (no new entries, running instances exit) a version")
    public Uni<VersionView> status(@RestPath String journeyId, @RestPath int version, @Valid @NotNull StatusChange change) {
        Instant now = Instant.now();
        return StoredDefinition.<StoredDefinition>findById(new StoredDefinition.Key(journeyId, version)).chain(stored -> {
            if (stored == null) {
                throw new ProblemException(404, "unknown-journey", "Unknown journey version", "no version " + version + " of '" + journeyId + "'");
            }
            if (stored.status == Status.RETIRED && change.status() != Status.RETIRED) {
                throw new ProblemException(409, "journey-retired", "Version retired", journeyId + "@" + version + " is retired for good");
            }
            stored.status = change.status();
            stored.changedAt = now;
            Uni<Integer> exited = change.status() == Status.RETIRED ? engine.exitAll(journeyId, version, now) : Uni.createFrom().item(0);
            return exited.invoke(catalog::changed).chain(() -> catalog.entering(now))
                    .map(entering -> new VersionView(journeyId, version, stored.status, stored.origin, description(stored),
                            entering.stream().anyMatch(d -> d.id().equals(journeyId) && d.version() == version), stored.createdAt, now));
        });
    }

    @GET
    @Path("/{journeyId}/stats")
    @WithSession
    @Operation(summary = "Per version: instances entered, active, completed, exited, in the control group and converted, the uplift over the control group; step outcomes; each choose step's options against their control group")
    public Uni<List<VersionStats>> stats(@RestPath String journeyId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT journey_version, count(*), count(*) FILTER (WHERE state = 'ACTIVE'), count(*) FILTER (WHERE state = 'COMPLETED'),
                               count(*) FILTER (WHERE state = 'EXITED'), count(*) FILTER (WHERE state = 'CONTROL'), count(converted_at),
                               count(converted_at) FILTER (WHERE state = 'CONTROL')
                        FROM journey_instance WHERE journey_id = ?1 GROUP BY journey_version ORDER BY journey_version""", Object[].class)
                .setParameter(1, journeyId).getResultList()
                .chain(instances -> session.createNativeQuery("""
                                SELECT journey_version, step_id, outcome, count(*) FROM journey_step_log WHERE journey_id = ?1
                                GROUP BY journey_version, step_id, outcome""", Object[].class)
                        .setParameter(1, journeyId).getResultList()
                        .chain(steps -> session.createNativeQuery("""
                                        SELECT l.journey_version, l.step_id, l.detail, count(*) FILTER (WHERE l.outcome = 'CHOSEN'),
                                               count(i.converted_at) FILTER (WHERE l.outcome = 'CHOSEN'),
                                               count(*) FILTER (WHERE l.outcome = 'CONTROL'), count(i.converted_at) FILTER (WHERE l.outcome = 'CONTROL')
                                        FROM journey_step_log l JOIN journey_instance i ON i.instance_id = l.instance_id
                                        WHERE l.journey_id = ?1 AND l.detail IS NOT NULL
                                        GROUP BY l.journey_version, l.step_id, l.detail""", Object[].class)
                                .setParameter(1, journeyId).getResultList()
                                .map(choices -> instances.stream().map(row -> {
                                    int version = ((Number) row[0]).intValue();
                                    Map<String, Map<String, Long>> perStep = new LinkedHashMap<>();
                                    steps.stream().filter(step -> ((Number) step[0]).intValue() == version).forEach(step -> perStep
                                            .computeIfAbsent((String) step[1], id -> new TreeMap<>()).put((String) step[2], ((Number) step[3]).longValue()));
                                    Map<String, Map<String, Uplift>> perOption = new LinkedHashMap<>();
                                    choices.stream().filter(choice -> ((Number) choice[0]).intValue() == version).forEach(choice -> perOption
                                            .computeIfAbsent((String) choice[1], id -> new TreeMap<>())
                                            .put((String) choice[2], Uplift.of(n(choice[3]), n(choice[4]), n(choice[5]), n(choice[6]))));
                                    long control = n(row[5]);
                                    long controlConverted = n(row[7]);
                                    return new VersionStats(version, n(row[1]), n(row[2]), n(row[3]), n(row[4]), control, n(row[6]),
                                            Uplift.of(n(row[1]) - control, n(row[6]) - controlConverted, control, controlConverted),
                                            perStep, perOption);
                                }).toList()))));
    }

    /** 400 problem+json listing every problem of a definition. */
    static Response invalid(DefinitionException e) {
        return Response.status(400).type(Problem.MEDIA_TYPE)
                .entity(new InvalidDefinition("https://omniretail.io/problems/invalid-journey", "Invalid journey definition", 400,
                        e.problems().size() + " problem(s): " + e.problems().get(0), e.problems()))
                .build();
    }

    private static long n(Object value) {
        return ((Number) value).longValue();
    }

    private String description(StoredDefinition stored) {
        return catalog.readable(stored).map(JourneyDefinition::description).orElse("(no longer reads: see the service log)");
    }
}
