package io.omniretail.customer.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.omniretail.customer.prediction.CustomerBaseFit;
import io.omniretail.customer.prediction.CustomerBaseModel;
import io.omniretail.customer.prediction.CustomerBaseModels;
import io.omniretail.kit.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The fits of the customer-base models (ADR 0027): listed for managers, run on demand by admins. */
@Path("/predictions/fits")
@Produces(MediaType.APPLICATION_JSON)
public class PredictionFitResource {

    @Inject
    CustomerBaseModels models;

    /** A fit as listed: the model as stored, without the customers' scores. */
    public record FitView(String fitId, Instant asOf, CustomerBaseFit.Status status, int buyers, int repeatBuyers,
            CustomerBaseModel model, Double bgNbdLogLikelihood, Double gammaGammaLogLikelihood, int evaluations, long fitMillis,
            int customersScored) {

        static FitView of(CustomerBaseFit f) {
            return new FitView(f.id, f.asOf, f.status, f.buyers, f.repeatBuyers, f.model, f.bgNbdLogLikelihood,
                    f.gammaGammaLogLikelihood, f.evaluations, f.fitMillis, f.customersScored);
        }
    }

    @GET
    @RolesAllowed(Roles.MANAGER)
    @WithSession
    @Operation(summary = "The latest 30 fits of the customer-base models: parameters, log-likelihoods, how long they took")
    public Uni<List<FitView>> fits() {
        return CustomerBaseFit.<CustomerBaseFit>find("order by asOf desc").page(0, 30).list()
                .map(fits -> fits.stream().map(FitView::of).toList());
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Blocking
    @Operation(summary = "Fit the customer-base models now and re-score every buyer, as the nightly run does")
    public FitView fitNow() {
        Instant now = Instant.now();
        return FitView.of(models.fitAndScore("on-demand:" + now, now));
    }
}
