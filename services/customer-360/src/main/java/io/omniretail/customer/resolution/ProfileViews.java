package io.omniretail.customer.resolution;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.omniretail.customer.profile.Consent;
import io.omniretail.customer.profile.Customer;
import io.omniretail.customer.profile.CustomerCheckout;
import io.omniretail.customer.profile.CustomerOrder;
import io.omniretail.customer.profile.KnownIdentifier;
import io.omniretail.customer.traits.TraitRules;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.common.Money;
import io.omniretail.events.customer.ChannelConsent;
import io.omniretail.events.customer.ChannelMix;
import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.customer.CustomerIdentifier;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.CustomerPredictions;
import io.omniretail.events.customer.CustomerTraits;
import io.omniretail.events.customer.OpenCheckout;
import io.omniretail.events.customer.IdentifierType;
import io.omniretail.events.customer.ProfileStats;
import io.omniretail.events.customer.RfmScores;
import io.omniretail.kit.persistence.audit.AboutCustomer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The golden record as the compacted profile event and as the single customer view of the REST API. */
@ApplicationScoped
public class ProfileViews {

    /** What associates see (GET /customers/{id}). */
    public record CustomerView(String customerId, String mergedInto, String firstName, String lastName, String locale,
            String timeZone, String preferredChannel, List<IdentifierView> identifiers, List<ConsentView> consents,
            int purchaseCount, int onlinePurchaseCount, int storePurchaseCount, BigDecimal lifetimeSpend,
            String spendCurrency, Instant firstPurchaseAt, Instant lastPurchaseAt, List<OrderView> orders, long version,
            LocalDate birthDate, String loyaltyTier, TraitsView traits) implements AboutCustomer {
    }

    /** The traits segments and journeys read (CustomerTraits), as associates see them. */
    public record TraitsView(Long loyaltyPoints, BigDecimal spend12Months, int purchases12Months, RfmView rfm,
            ChannelMix channelMix, List<String> categoriesBought, List<String> categoriesBrowsed, Instant lastPurchaseAt,
            Instant lastVisitAt, String preferredStoreId, String assignedAssociate, List<String> tags, Map<String, String> attributes,
            String membershipPlan, Instant membershipEndsAt, PredictionsView predictions, CartView cart) {

        /** {@code open}: the customer's open checkout (null when none). */
        public static TraitsView of(Customer c, CustomerCheckout open) {
            return new TraitsView(c.loyaltyPoints, c.spend12Months, c.purchases12Months,
                    c.rfmScoredAt == null ? null : new RfmView(c.rfmRecency, c.rfmFrequency, c.rfmMonetary, c.rfmScoredAt),
                    TraitRules.channelMix(c.onlinePurchaseCount, c.storePurchaseCount), List.copyOf(c.categoriesBought),
                    List.copyOf(c.categoriesBrowsed), c.lastPurchaseAt, c.lastVisitAt, c.preferredStoreId, c.assignedAssociate,
                    List.copyOf(c.tags), Map.copyOf(c.attributes), c.membershipPlan, c.membershipEndsAt, PredictionsView.of(c),
                    open == null ? null : new CartView(open.token, open.channel.name(), open.total, open.currency, open.lastActivityAt,
                            open.abandonmentRisk, open.riskIdleHours));
        }
    }

    /** The open checkout and its abandonment risk (OpenCheckout). */
    public record CartView(String checkoutToken, String channel, BigDecimal total, String currency, Instant lastActivityAt,
            Double abandonmentRisk, Double idleHours) {
    }

    /** The customer-base models' predictions (CustomerPredictions); money in the spend currency. */
    public record PredictionsView(double churnRisk, double expectedPurchases30Days, double expectedPurchases90Days,
            BigDecimal expectedOrderValue, BigDecimal predictedClv, Integer clvDecile, String fitId, Instant scoredAt) {

        /** The customer's predictions; null before they were scored. */
        public static PredictionsView of(Customer c) {
            return c.scoredAt == null ? null : new PredictionsView(c.churnRisk, c.expectedPurchases30Days, c.expectedPurchases90Days,
                    c.expectedOrderValue, c.predictedClv, c.clvDecile == null ? null : c.clvDecile.intValue(), c.scoreFitId, c.scoredAt);
        }
    }

    public record RfmView(int recency, int frequency, int monetary, Instant scoredAt) {
    }

    public record IdentifierView(String type, String value, boolean verified) {
    }

    public record ConsentView(String channel, String purpose, boolean granted, Instant updatedAt) {
    }

    public record OrderView(String orderId, String channel, BigDecimal total, String currency, Instant placedAt) {
    }

    public Uni<CustomerProfile> profile(Customer customer, EventMetadata metadata) {
        return openCheckout(customer).chain(open -> KnownIdentifier.<KnownIdentifier>list("customerId = ?1 order by key.type, key.value", customer.id)
                .chain(identifiers -> Consent.<Consent>list("key.customerId = ?1 order by key.channel, key.purpose", customer.id)
                        .map(consents -> CustomerProfile.newBuilder()
                                .setMetadata(metadata)
                                .setCustomerId(customer.id)
                                .setFirstName(customer.firstName)
                                .setLastName(customer.lastName)
                                .setEmails(values(identifiers, IdentifierType.EMAIL))
                                .setPhones(values(identifiers, IdentifierType.PHONE))
                                .setIdentifiers(identifiers.stream().map(id -> CustomerIdentifier.newBuilder()
                                        .setType(IdentifierType.valueOf(id.key.type())).setValue(id.key.value())
                                        .setVerified(id.verified).build()).toList())
                                .setLocale(customer.locale)
                                .setTimeZone(customer.timeZone)
                                .setPreferredChannel(customer.preferredChannel == null ? null : ContactChannel.valueOf(customer.preferredChannel))
                                .setConsents(consents.stream().map(c -> ChannelConsent.newBuilder()
                                        .setChannel(ContactChannel.valueOf(c.key.channel()))
                                        .setPurpose(ConsentPurpose.valueOf(c.key.purpose()))
                                        .setGranted(c.granted).setUpdatedAt(c.updatedAt).build()).toList())
                                .setStats(ProfileStats.newBuilder()
                                        .setPurchaseCount(customer.purchaseCount)
                                        .setOnlinePurchaseCount(customer.onlinePurchaseCount)
                                        .setStorePurchaseCount(customer.storePurchaseCount)
                                        .setLifetimeSpend(money(customer.lifetimeSpend, customer.spendCurrency))
                                        .setFirstPurchaseAt(customer.firstPurchaseAt)
                                        .setLastPurchaseAt(customer.lastPurchaseAt)
                                        .build())
                                .setBirthDate(customer.birthDate)
                                .setLoyaltyTier(customer.loyaltyTier)
                                .setTraits(traits(customer, open))
                                .setVersion(customer.version)
                                .build())));
    }

    /** The customer's open checkout (traits.cart); null when none. */
    private static Uni<CustomerCheckout> openCheckout(Customer customer) {
        return customer.openCheckoutToken == null ? Uni.createFrom().nullItem() : CustomerCheckout.findById(customer.openCheckoutToken);
    }

    public Uni<CustomerView> view(Customer customer) {
        return openCheckout(customer).chain(open -> KnownIdentifier.<KnownIdentifier>list("customerId = ?1 order by key.type, key.value", customer.id)
                .chain(identifiers -> Consent.<Consent>list("key.customerId = ?1 order by key.channel, key.purpose", customer.id)
                        .chain(consents -> CustomerOrder.<CustomerOrder>list("customerId = ?1 order by placedAt desc", customer.id)
                                .map(orders -> new CustomerView(customer.id, customer.mergedInto, customer.firstName,
                                        customer.lastName, customer.locale, customer.timeZone, customer.preferredChannel,
                                        identifiers.stream().map(i -> new IdentifierView(i.key.type(), i.key.value(), i.verified)).toList(),
                                        consents.stream().map(c -> new ConsentView(c.key.channel(), c.key.purpose(), c.granted, c.updatedAt)).toList(),
                                        customer.purchaseCount, customer.onlinePurchaseCount, customer.storePurchaseCount,
                                        customer.lifetimeSpend, customer.spendCurrency, customer.firstPurchaseAt, customer.lastPurchaseAt,
                                        orders.stream().map(o -> new OrderView(o.orderId, o.channel, o.total, o.currency, o.placedAt)).toList(),
                                        customer.version, customer.birthDate, customer.loyaltyTier, TraitsView.of(customer, open))))));
    }

    private static CustomerTraits traits(Customer c, CustomerCheckout open) {
        TraitsView view = TraitsView.of(c, open);
        return CustomerTraits.newBuilder()
                .setLoyaltyPoints(c.loyaltyPoints)
                .setSpend12Months(money(c.spend12Months, c.spendCurrency))
                .setPurchases12Months(c.purchases12Months)
                .setRfm(view.rfm() == null ? null : RfmScores.newBuilder().setRecency(view.rfm().recency())
                        .setFrequency(view.rfm().frequency()).setMonetary(view.rfm().monetary()).setScoredAt(view.rfm().scoredAt()).build())
                .setChannelMix(view.channelMix())
                .setCategoriesBought(view.categoriesBought())
                .setCategoriesBrowsed(view.categoriesBrowsed())
                .setLastPurchaseAt(c.lastPurchaseAt)
                .setLastVisitAt(c.lastVisitAt)
                .setPreferredStoreId(c.preferredStoreId)
                .setAssignedAssociate(c.assignedAssociate)
                .setTags(view.tags())
                .setAttributes(new TreeMap<>(view.attributes()))
                .setMembershipPlan(c.membershipPlan)
                .setMembershipEndsAt(c.membershipEndsAt)
                .setPredictions(predictions(view.predictions(), c.spendCurrency))
                .setCart(view.cart() == null ? null : OpenCheckout.newBuilder()
                        .setCheckoutToken(view.cart().checkoutToken())
                        .setChannel(view.cart().channel())
                        .setTotal(money(view.cart().total(), view.cart().currency()))
                        .setLastActivityAt(view.cart().lastActivityAt())
                        .setAbandonmentRisk(view.cart().abandonmentRisk())
                        .setIdleHours(view.cart().idleHours())
                        .build())
                .build();
    }

    private static CustomerPredictions predictions(PredictionsView p, String currency) {
        if (p == null) {
            return null;
        }
        return CustomerPredictions.newBuilder()
                .setChurnRisk(p.churnRisk())
                .setExpectedPurchases30Days(p.expectedPurchases30Days())
                .setExpectedPurchases90Days(p.expectedPurchases90Days())
                .setExpectedOrderValue(money(p.expectedOrderValue(), currency))
                .setPredictedClv(money(p.predictedClv(), currency))
                .setClvDecile(p.clvDecile())
                .setFitId(p.fitId())
                .setScoredAt(p.scoredAt())
                .build();
    }

    private static Money money(BigDecimal amount, String currency) {
        return amount == null || currency == null ? null : Money.newBuilder().setCurrency(currency).setAmount(amount.setScale(4)).build();
    }

    private static List<String> values(List<KnownIdentifier> identifiers, IdentifierType type) {
        return identifiers.stream().filter(i -> i.key.type().equals(type.name())).map(i -> i.key.value()).toList();
    }
}
