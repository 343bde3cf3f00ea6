package io.omniretail.customer.api;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

import io.omniretail.customer.prediction.AbandonmentModels;
import io.omniretail.customer.prediction.CheckoutAbandonment;
import io.omniretail.customer.prediction.CustomerBaseModels;
import io.omniretail.customer.prediction.PurchaseHistory;
import io.omniretail.customer.prediction.Scores;
import io.omniretail.customer.profile.Customer;
import io.omniretail.customer.profile.CustomerCheckout;
import io.omniretail.customer.profile.CustomerOrder;
import io.omniretail.customer.resolution.ProfilePublisher;
import io.omniretail.customer.resolution.ProfileViews;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.persistence.audit.PersonalData;
import io.omniretail.kit.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A customer's predictions from the customer-base models with the inputs that drove them (ADR 0027), for associates;
 * recorded in the access audit, as every customer read.
 */
@Path("/customers/{customerId}/predictions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ASSOCIATE)
@PersonalData
public class PredictionResource {

    @Inject
    CustomerBaseModels models;
    @Inject
    AbandonmentModels abandonment;
    @Inject
    ProfilePublisher customers;

    /** A customer's predictions as published, and why: the model's inputs and each score's drivers as of now. */
    public record CustomerPredictions(String customerId, ProfileViews.PredictionsView published, String spendCurrency,
            Scores.Explanation explanation, String fitId, CartRisk cart) {
    }

    /** The open checkout's abandonment risk as of now, the idle milestone and each input's share of it. */
    public record CartRisk(String checkoutToken, CheckoutAbandonment.Risk risk, String fitId) {
    }

    @GET
    @WithSession
    @Operation(summary = "A customer's churn risk, expected purchases and lifetime value, with the inputs that drove them")
    public Uni<CustomerPredictions> predictions(@RestPath String customerId) {
        Instant now = Instant.now();
        return customers.survivor(customerId)
                .onItem().ifNull().failWith(() -> new ProblemException(404, "customer-not-found", "Customer not found",
                        "no customer for " + customerId))
                .chain(customer -> models.latest().chain(fit -> CustomerOrder.<CustomerOrder>list("customerId = ?1 and status = ?2",
                        customer.id, CustomerOrder.Status.PURCHASED).chain(counted -> cart(customer, now).map(cart -> {
                            PurchaseHistory history = CustomerBaseModels.history(customer, counted);
                            ProfileViews.PredictionsView published = ProfileViews.PredictionsView.of(customer);
                            return new CustomerPredictions(customer.id, published, customer.spendCurrency,
                                    fit == null || history == null ? null : Scores.explain(fit.model, history, now),
                                    fit == null ? null : fit.id, cart);
                        }))));
    }

    private Uni<CartRisk> cart(Customer customer, Instant now) {
        if (customer.openCheckoutToken == null) {
            return Uni.createFrom().nullItem();
        }
        return abandonment.latest().chain(fit -> CustomerCheckout.<CustomerCheckout>findById(customer.openCheckoutToken)
                .map(open -> open == null || fit == null ? null
                        : new CartRisk(open.token, CheckoutAbandonment.risk(fit.model, open.asModelInput(), now), fit.id)));
    }
}
