package io.omniretail.ingestion.shopify;

import static io.omniretail.ingestion.publish.Amounts.money;
import static io.omniretail.ingestion.shopify.ShopifyMapping.require;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import io.omniretail.events.touchpoint.CheckoutDetails;
import io.omniretail.events.touchpoint.ConsentHint;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointType;

/**
 * Shopify customers/create, customers/update, checkouts/create and checkouts/update → touchpoints.
 * <ul>
 * <li>customers/create is the customer's SIGNUP (one per Shopify customer), customers/update a PROFILE_UPDATE (one
 * per Shopify event); both carry the e-mail and SMS marketing consent with its opt-in level and time, and
 * sourceUpdatedAt so that an older delivery never overwrites a newer profile.</li>
 * <li>since API 2025-01 marketing consent comes on its own topics (customers_email_marketing_consent/update,
 * customers_marketing_consent/update for SMS): a PROFILE_UPDATE carrying only the consent, with the time Shopify
 * recorded it; customer-360 keeps the latest decision per channel.</li>
 * <li>a checkout delivery is CHECKOUT_UPDATED (one per Shopify event) with its token, lines and recovery URL: the
 * abandonment journey's trigger, completed by the order with the same checkout token. What a visitor typed into a
 * checkout is not verified, so it never merges two known customers.</li>
 * </ul>
 */
final class ShopifyCustomerMapper {

    static final String CUSTOMERS_CREATE = "customers/create";
    static final Set<String> CUSTOMER_TOPICS = Set.of(CUSTOMERS_CREATE, "customers/update");
    static final Set<String> CHECKOUT_TOPICS = Set.of("checkouts/create", "checkouts/update");
    static final Set<String> CONSENT_TOPICS = Set.of("customers_email_marketing_consent/update", "customers_marketing_consent/update");

    private ShopifyCustomerMapper() {
    }

    static Touchpoint customer(ShopifyDelivery delivery, ShopifyPayloads.Customer customer) {
        require(customer.id() != null, "customer.id is missing");
        String customerId = customer.id().toString();
        boolean created = CUSTOMERS_CREATE.equals(delivery.topic());
        Instant updatedAt = delivery.sourceUpdatedAt(customer.updatedAt());
        Instant occurredAt = created && customer.createdAt() != null ? customer.createdAt().toInstant()
                : Objects.requireNonNullElse(updatedAt, delivery.receivedAt());
        String id = created ? ShopifyMapping.id(delivery, "customer-created", customerId)
                : ShopifyMapping.id(delivery, "customer-updated", customerId, delivery.eventKey());
        return ShopifyMapping.touchpoint(delivery, id, created ? TouchpointType.SIGNUP : TouchpointType.PROFILE_UPDATE, customerId,
                        occurredAt, ShopifyMapping.identity(delivery, customer, null, null, null, true), updatedAt)
                .setConsents(Stream.of(ShopifyMapping.consent("EMAIL", customer.emailMarketingConsent(), occurredAt),
                        ShopifyMapping.consent("SMS", customer.smsMarketingConsent(), occurredAt)).filter(Objects::nonNull).toList())
                .build();
    }

    static Touchpoint consent(ShopifyDelivery delivery, ShopifyPayloads.ConsentUpdate update) {
        Long customerId = update.customerId() != null ? update.customerId() : update.id();
        require(customerId != null, "customer_id is missing");
        Instant occurredAt = Objects.requireNonNullElse(delivery.triggeredAt(), delivery.receivedAt());
        IdentityHints identity = IdentityHints.newBuilder()
                .setShopifyCustomerId(customerId.toString())
                .setEmail(ShopifyMapping.firstNonBlank(update.emailAddress()))
                .setRawPhone(ShopifyMapping.firstNonBlank(update.phone()))
                .setCountryCode(delivery.shop().country())
                .setVerified(true)
                .build();
        // no sourceUpdatedAt: the consent carries its own time, and names and language are not part of this update
        return ShopifyMapping.touchpoint(delivery, ShopifyMapping.id(delivery, "consent", customerId.toString(), delivery.eventKey()),
                        TouchpointType.PROFILE_UPDATE, customerId.toString(), occurredAt, identity, null)
                .setConsents(Stream.of(ShopifyMapping.consent("EMAIL", update.emailMarketingConsent(), occurredAt),
                        ShopifyMapping.consent("SMS", update.smsMarketingConsent(), occurredAt)).filter(Objects::nonNull).toList())
                .build();
    }

    static Touchpoint checkout(ShopifyDelivery delivery, ShopifyPayloads.Checkout checkout) {
        Instant updatedAt = delivery.sourceUpdatedAt(checkout.updatedAt());
        Instant occurredAt = Objects.requireNonNullElse(updatedAt, delivery.receivedAt());
        String currency = checkout.currency() != null ? checkout.currency() : delivery.shop().currency();
        CheckoutDetails details = CheckoutDetails.newBuilder()
                .setCheckoutToken(checkout.token())
                .setCartToken(checkout.cartToken())
                .setRecoveryUrl(checkout.abandonedCheckoutUrl())
                .setTotal(checkout.totalPrice() == null ? null : money(currency, checkout.totalPrice()))
                .setLines(ShopifyMapping.lines(checkout.lineItems(), currency))
                .setCompletedAt(checkout.completedAt() == null ? null : checkout.completedAt().toInstant())
                .build();
        return ShopifyMapping.touchpoint(delivery, ShopifyMapping.id(delivery, "checkout", checkout.token(), delivery.eventKey()),
                        TouchpointType.CHECKOUT_UPDATED, checkout.token(), occurredAt,
                        ShopifyMapping.identity(delivery, checkout.customer(), checkout.email(), checkout.phone(),
                                checkout.customerLocale(), false, checkout.billingAddress(), checkout.shippingAddress()),
                        updatedAt)
                .setCheckout(details)
                .setMarketingConsent(checkout.buyerAcceptsMarketing() == null ? null : ConsentHint.newBuilder()
                        .setChannel("EMAIL").setGranted(checkout.buyerAcceptsMarketing()).setCapturedAt(occurredAt).build())
                .build();
    }
}
