package io.omniretail.customer.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.omniretail.customer.prediction.AbandonmentFit;
import io.omniretail.customer.prediction.AbandonmentModels;
import io.omniretail.customer.prediction.CheckoutAbandonment;
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

/**
 * The fits of the customer-base models (ADR 0027) and of the abandonment model (ADR 0029): listed for managers, run on
 * demand by admins.
 */
@Path("/predictions")
@Produces(MediaType.APPLICATION_JSON)
public class PredictionFitResource {

    @Inject
    CustomerBaseModels models;
    @Inject
    AbandonmentModels abandonment;

    /** A fit as listed: the model as stored, without the customers' scores. */
    public record FitView(String fitId, Instant asOf, CustomerBaseFit.Status status, int buyers, int repeatBuyers,
            CustomerBaseModel model, Double bgNbdLogLikelihood, Double gammaGammaLogLikelihood, int evaluations, long fitMillis,
            int customersScored) {

        static FitView of(CustomerBaseFit f) {
            return new FitView(f.id, f.asOf, f.status, f.buyers, f.repeatBuyers, f.model, f.bgNbdLogLikelihood,
                    f.gammaGammaLogLikelihood, f.evaluations, f.fitMillis, f.customersScored);
        }
    }

    /** An abandonment fit as listed: the coefficients, the inputs' means and the held-out evaluation. */
    public record AbandonmentFitView(String fitId, Instant asOf, CustomerBaseFit.Status status, int checkouts, List<String> inputs,
            CheckoutAbandonment.AbandonmentModel model, Double auc, Double brier, long fitMillis) {

        static AbandonmentFitView of(AbandonmentFit f) {
            return new AbandonmentFitView(f.id, f.asOf, f.status, f.checkouts, CheckoutAbandonment.INPUTS, f.model, f.auc, f.brier,
                    f.fitMillis);
        }
    }

    @GET
    @Path("/fits")
    @RolesAllowed(Roles.MANAGER)
    @WithSession
    @Operation(summary = "The latest 30 fits of the customer-base models: parameters, log-likelihoods, how long they took")
    public Uni<List<FitView>> fits() {
        return CustomerBaseFit.<CustomerBaseFit>find("order by asOf desc").page(0, 30).list()
                .map(fits -> fits.stream().map(FitView::of).toList());
    }

    @POST
    @Path("/fits")
    @RolesAllowed(Roles.ADMIN)
    @Blocking
    @Operation(summary = "Fit the customer-base models now and re-score every buyer, as the nightly run does")
    public FitView fitNow() {
        Instant now = Instant.now();
        return FitView.of(models.fitAndScore("on-demand:" + now, now));
    }

    @GET
    @Path("/abandonment-fits")
    @RolesAllowed(Roles.MANAGER)
    @WithSession
    @Operation(summary = "The latest 30 fits of the abandonment model: coefficients and the held-out AUC and Brier score")
    public Uni<List<AbandonmentFitView>> abandonmentFits() {
        return AbandonmentFit.<AbandonmentFit>find("order by asOf desc").page(0, 30).list()
                .map(fits -> fits.stream().map(AbandonmentFitView::of).toList());
    }

    @POST
    @Path("/abandonment-fits")
    @RolesAllowed(Roles.ADMIN)
    @Blocking
    @Operation(summary = "Fit the abandonment model on the closed checkouts now, evaluate it on the latest fifth, re-score open checkouts")
    public AbandonmentFitView abandonmentFitNow() {
        Instant now = Instant.now();
        return AbandonmentFitView.of(abandonment.fitAndScore("on-demand:" + now, now));
    }
}
