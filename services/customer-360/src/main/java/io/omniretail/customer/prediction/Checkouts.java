package io.omniretail.customer.prediction;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.omniretail.customer.profile.Customer;
import io.omniretail.customer.profile.CustomerCheckout;
import io.omniretail.customer.profile.CustomerOrder;
import io.omniretail.events.touchpoint.CheckoutDetails;
import io.omniretail.events.touchpoint.Touchpoint;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps a customer's checkouts as touchpoints report them, inside the caller's transaction and under the customer's
 * lock (the caller holds it and publishes the profile): a CHECKOUT_UPDATED starts or updates one (a completedAt
 * completes it), an order carrying its token completes it. The customer's open checkout (traits.cart) is the most
 * recently active one not completed and not yet abandoned; it is scored at once with the latest abandonment fit.
 * Idempotent: a checkout is its token, and a redelivered update changes nothing.
 */
@ApplicationScoped
public class Checkouts {

    @Inject
    AbandonmentModels models;

    /** A CHECKOUT_UPDATED touchpoint. */
    public Uni<Void> observe(Touchpoint touchpoint, Customer customer, Instant now) {
        CheckoutDetails details = touchpoint.getCheckout();
        Instant at = touchpoint.getMetadata().getOccurredAt();
        return CustomerCheckout.<CustomerCheckout>findById(details.getCheckoutToken())
                .chain(found -> found != null ? Uni.createFrom().item(found) : started(details.getCheckoutToken(), customer, touchpoint, at))
                .invoke(checkout -> {
                    checkout.customerId = customer.id;
                    if (details.getCompletedAt() != null) {
                        checkout.completedAt = checkout.completedAt == null || details.getCompletedAt().isBefore(checkout.completedAt)
                                ? details.getCompletedAt() : checkout.completedAt;
                    } else if (at.isAfter(checkout.lastActivityAt)) {
                        checkout.lastActivityAt = at;
                    }
                    if (details.getTotal() != null) {
                        checkout.total = details.getTotal().getAmount();
                        checkout.currency = details.getTotal().getCurrency();
                    }
                })
                .chain(checkout -> models.score(checkout, now))
                .chain(() -> refreshOpen(customer, now));
    }

    /** An order that names the checkout it came from completes it (the order's own time). */
    public Uni<Void> completed(String checkoutToken, Instant at, Customer customer, Instant now) {
        if (checkoutToken == null) {
            return Uni.createFrom().voidItem();
        }
        return CustomerCheckout.<CustomerCheckout>findById(checkoutToken)
                .invoke(checkout -> {
                    if (checkout != null && (checkout.completedAt == null || at.isBefore(checkout.completedAt))) {
                        checkout.completedAt = at;
                    }
                })
                .chain(() -> refreshOpen(customer, now));
    }

    /** The customer's open checkout again: the most recently active one neither completed nor abandoned by now. */
    public Uni<Void> refreshOpen(Customer customer, Instant now) {
        return CustomerCheckout.<CustomerCheckout>list("customerId = ?1 and completedAt is null and lastActivityAt > ?2", customer.id,
                        now.minus(CheckoutAbandonment.ABANDONED_AFTER))
                .invoke(open -> customer.openCheckoutToken = open.stream().max(Comparator.comparing((CustomerCheckout c) -> c.lastActivityAt))
                        .map(c -> c.token).orElse(null))
                .replaceWithVoid();
    }

    /** A checkout first seen; completed at once when its order came first (webhooks come in any order). */
    private static Uni<CustomerCheckout> started(String token, Customer customer, Touchpoint touchpoint, Instant at) {
        return CustomerCheckout.<CustomerCheckout>list("customerId = ?1 and startedAt < ?2", customer.id, at)
                .chain(earlier -> CustomerOrder.<CustomerOrder>find("checkoutToken", token).firstResult().chain(order -> {
                    CustomerCheckout checkout = new CustomerCheckout();
                    checkout.token = token;
                    checkout.customerId = customer.id;
                    checkout.channel = touchpoint.getChannel();
                    checkout.startedAt = at;
                    checkout.lastActivityAt = at;
                    checkout.earlierCheckouts = earlier.size();
                    checkout.earlierCompleted = (int) earlier.stream().filter(c -> c.completedAt != null).count();
                    checkout.completedAt = order == null || order.status == CustomerOrder.Status.DUPLICATE ? null : order.placedAt;
                    return checkout.persist();
                }));
    }

    /** The checkouts of merged customers are the survivor's. */
    public static Uni<Integer> merged(String survivorId, List<String> mergedIds) {
        return CustomerCheckout.update("customerId = ?1 where customerId in ?2", survivorId, mergedIds);
    }
}
