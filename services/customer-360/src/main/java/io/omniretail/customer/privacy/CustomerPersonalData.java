package io.omniretail.customer.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.omniretail.customer.profile.Consent;
import io.omniretail.customer.profile.ConsentEvidence;
import io.omniretail.customer.segments.Segments;
import io.omniretail.customer.profile.Customer;
import io.omniretail.customer.profile.CustomerCheckout;
import io.omniretail.customer.profile.CustomerNote;
import io.omniretail.customer.profile.CustomerOrder;
import io.omniretail.customer.profile.CustomerReturn;
import io.omniretail.customer.profile.KnownIdentifier;
import io.omniretail.customer.resolution.ProfileViews;
import io.omniretail.customer.resolution.ProfileViews.CustomerView;
import io.omniretail.customer.timeline.TimelineEntry;
import io.omniretail.kit.persistence.privacy.PersonalDataOwner;
import io.omniretail.kit.persistence.privacy.PrivacyParticipant;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * customer-360's own part of erase and export (ADR 0019), run by the coordinator in the request's transaction under
 * the customers' locks: the golden records (the survivor and those merged into it, with their predictions), identifiers,
 * consents, orders and the returns known through them, checkouts, the timeline, associates' notes, and earlier privacy
 * requests' references.
 */
@ApplicationScoped
public class CustomerPersonalData implements PersonalDataOwner {

    @Inject
    ProfileViews views;

    public record Export(List<CustomerView> customers, List<TimelineEntry> timeline, List<CustomerNote> notes,
            List<ConsentEvidence> consentEvidence, List<CustomerCheckout> checkouts) {
    }

    private static final String OF_THEIR_ORDERS = "(select o.orderId from CustomerOrder o where o.customerId in ?1)";

    @Override
    public Uni<Map<String, Long>> erase(List<String> customerIds) {
        Map<String, Long> rows = new LinkedHashMap<>();
        return TimelineEntry.delete("customerId in ?1", customerIds).invoke(n -> rows.put("timeline_entry", n))
                .chain(() -> CustomerNote.delete("customerId in ?1", customerIds)).invoke(n -> rows.put("customer_note", n))
                .chain(() -> Consent.delete("key.customerId in ?1", customerIds)).invoke(n -> rows.put("customer_consent", n))
                .chain(() -> ConsentEvidence.delete("customerId in ?1", customerIds)).invoke(n -> rows.put("consent_evidence", n))
                .chain(() -> Segments.forget(customerIds)).invoke(n -> rows.put("customer_segment", n))
                .chain(() -> KnownIdentifier.delete("customerId in ?1", customerIds)).invoke(n -> rows.put("customer_identifier", n))
                .chain(() -> CustomerReturn.delete("orderId in " + OF_THEIR_ORDERS, customerIds)).invoke(n -> rows.put("customer_return", n))
                // copies of their purchases first: they point at the orders they duplicate
                .chain(() -> CustomerOrder.delete("sameAs in " + OF_THEIR_ORDERS + " or (customerId in ?1 and sameAs is not null)", customerIds))
                .chain(copies -> CustomerOrder.delete("customerId in ?1", customerIds).map(n -> n + copies))
                .invoke(n -> rows.put("customer_order", n))
                .chain(() -> CustomerCheckout.delete("customerId in ?1", customerIds)).invoke(n -> rows.put("customer_checkout", n))
                .chain(() -> PrivacyRequestRecord.update("customerId = null where customerId in ?1 and status in ?2", customerIds,
                        List.of(PrivacyRequestRecord.Status.COMPLETED, PrivacyRequestRecord.Status.RECEIVED)))
                .invoke(n -> rows.put("privacy_request", n.longValue()))
                // the merged-away first: they point at the survivor
                .chain(() -> Customer.delete("id in ?1 and mergedInto is not null", customerIds))
                .chain(merged -> Customer.delete("id in ?1", customerIds).map(n -> n + merged))
                .invoke(n -> rows.put("customer", n))
                .chain(() -> PrivacyParticipant.forgetInKitTables(customerIds)).invoke(rows::putAll)
                .replaceWith(rows);
    }

    @Override
    public Uni<Object> export(List<String> customerIds) {
        return Customer.<Customer>list("id in ?1", customerIds)
                .chain(customers -> io.smallrye.mutiny.Multi.createFrom().iterable(customers)
                        .onItem().transformToUniAndConcatenate(views::view).collect().asList())
                .chain(customers -> TimelineEntry.<TimelineEntry>list("customerId in ?1 order by occurredAt", customerIds)
                        .chain(timeline -> CustomerNote.<CustomerNote>list("customerId in ?1 order by createdAt", customerIds)
                                .chain(notes -> ConsentEvidence.<ConsentEvidence>list("customerId in ?1 order by decidedAt", customerIds)
                                        .chain(evidence -> CustomerCheckout.<CustomerCheckout>list("customerId in ?1 order by startedAt",
                                                        customerIds)
                                                .map(checkouts -> new Export(customers, timeline, notes, evidence, checkouts))))));
    }
}
