package io.omniretail.customer.traits;

import java.time.Instant;
import java.util.List;

import io.omniretail.customer.prediction.CustomerBaseModels;
import io.omniretail.customer.profile.Customer;
import io.omniretail.customer.profile.CustomerOrder;
import io.omniretail.customer.timeline.TimelineEntries;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps a customer's behavioural traits current as touchpoints are applied, inside the caller's transaction and
 * under the customer's lock (the caller holds it). The rules are {@link TraitRules}'.
 */
@ApplicationScoped
public class Traits {

    @Inject
    CustomerBaseModels models;

    /** Visits, categories bought and browsed, and a birth date the source gave. */
    public void observe(Touchpoint touchpoint, Customer customer) {
        Instant at = touchpoint.getMetadata().getOccurredAt();
        if (TraitRules.isVisit(touchpoint.getType(), touchpoint.getChannel())
                && (customer.lastVisitAt == null || at.isAfter(customer.lastVisitAt))) {
            customer.lastVisitAt = at;
        }
        if (touchpoint.getActivity() != null && TraitRules.isBrowsing(touchpoint.getType())) {
            List<String> browsed = TimelineEntries.categories(touchpoint.getActivity().getProducts());
            if (!browsed.isEmpty()) {
                customer.categoriesBrowsed = TraitRules.mostRecentFirst(customer.categoriesBrowsed, browsed);
            }
        }
        if (touchpoint.getType() == TouchpointType.PURCHASE && touchpoint.getPurchase() != null) {
            List<String> bought = TimelineEntries.categories(touchpoint.getPurchase().getLines());
            if (!bought.isEmpty()) {
                customer.categoriesBought = TraitRules.mostRecentFirst(customer.categoriesBought, bought);
            }
        }
        if (touchpoint.getIdentity().getBirthDate() != null && customer.birthDate == null) {
            customer.birthDate = touchpoint.getIdentity().getBirthDate();
        }
    }

    /**
     * The rolling 12-month spend and purchases, the preferred store and the predictions of the latest customer-base
     * fit, from the customer's counted orders.
     */
    public Uni<Void> refreshPurchases(Customer customer, Instant now) {
        return CustomerOrder.<CustomerOrder>list("customerId = ?1 and status = ?2", customer.id, CustomerOrder.Status.PURCHASED)
                .invoke(orders -> {
                    TraitRules.PurchaseTraits traits = TraitRules.purchaseTraits(orders.stream()
                            .map(o -> new TraitRules.Purchase(o.placedAt, o.total, o.refunded, o.currency, o.storeId)).toList(),
                            customer.spendCurrency, now);
                    customer.spend12Months = traits.spend12Months();
                    customer.purchases12Months = traits.purchases12Months();
                    customer.preferredStoreId = traits.preferredStoreId();
                })
                .chain(orders -> models.rescore(customer, orders, now));
    }
}
