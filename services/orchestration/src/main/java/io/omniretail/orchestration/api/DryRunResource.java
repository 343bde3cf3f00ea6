package io.omniretail.orchestration.api;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.security.Roles;
import io.omniretail.orchestration.definition.DefinitionException;
import io.omniretail.orchestration.definition.JourneyCatalog;
import io.omniretail.orchestration.definition.JourneyDefinition;
import io.omniretail.orchestration.definition.JourneyDefinitionReader;
import io.omniretail.orchestration.definition.StoredDefinition;
import io.omniretail.orchestration.journey.DryRuns;
import io.omniretail.orchestration.messaging.RecordedHistory.TooMuchHistory;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Dry runs of a journey (ADR 0023), for admins: a stored version (the newest when none is named) or a draft definition
 * sent as text, run over the recorded events of a time range without any side effect; the answer reports who would
 * have entered, exited and converted, the outcomes per step and samples of the actions that would have gone out. A
 * draft with errors is 400 problem+json listing them, as when it is added.
 */
@Path("/journeys/dry-runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class DryRunResource {

    /**
     * @param journeyId   a stored journey, or
     * @param definition  a draft (YAML or JSON text), never stored
     * @param customerIds only these customers (all when absent)
     * @param samples     customers and actions shown per list (default 10)
     */
    public record DryRunRequest(String journeyId, @Min(1) Integer version, String definition, @NotNull Instant from, @NotNull Instant to,
            Set<String> customerIds, @Min(0) @Max(100) Integer samples) {
    }

    private static final int SAMPLES = 10;

    @Inject
    JourneyCatalog catalog;
    @Inject
    DryRuns dryRuns;

    @POST
    @Operation(summary = "Run a journey definition, draft or stored, over recorded events of a time range, without side effects")
    public Uni<Response> dryRun(@Valid @NotNull DryRunRequest request) {
        if ((request.journeyId() == null) == (request.definition() == null)) {
            throw new ProblemException(400, "dry-run-definition", "Name one definition",
                    "give either 'journeyId' (and optionally 'version') of a stored journey or a draft 'definition'");
        }
        Instant now = Instant.now();
        Instant to = request.to().isAfter(now) ? now : request.to();
        if (!request.from().isBefore(to)) {
            throw new ProblemException(400, "dry-run-range", "Empty range", "'from' must be before 'to' and before now");
        }
        Uni<JourneyDefinition> definition;
        if (request.definition() != null) {
            try {
                definition = Uni.createFrom().item(JourneyDefinitionReader.read("draft", request.definition()));
            } catch (DefinitionException e) {
                return Uni.createFrom().item(DefinitionResource.invalid(e));
            }
        } else {
            definition = Panache.withSession(() -> stored(request.journeyId(), Optional.ofNullable(request.version())));
        }
        Set<String> customers = request.customerIds() == null ? Set.of() : Set.copyOf(request.customerIds());
        int samples = request.samples() == null ? SAMPLES : request.samples();
        return definition.chain(chosen -> dryRuns.run(chosen, request.from(), to, customers, samples))
                .map(report -> Response.ok(report).build())
                .onFailure(TooMuchHistory.class).transform(e -> new ProblemException(422, "dry-run-too-large", "Too much history", e.getMessage()));
    }

    private Uni<JourneyDefinition> stored(String journeyId, Optional<Integer> version) {
        Uni<Optional<JourneyDefinition>> found = version.isPresent() ? catalog.version(journeyId, version.get())
                : StoredDefinition.<StoredDefinition>list("key.journeyId = ?1 order by key.version desc", journeyId)
                        .map(versions -> versions.stream().findFirst().flatMap(catalog::readable));
        return found.map(chosen -> chosen.orElseThrow(() -> new ProblemException(404, "unknown-journey", "Unknown journey version",
                "no readable " + (version.isPresent() ? "version " + version.get() + " of '" : "version of '") + journeyId + "'")));
    }
}
