package io.omniretail.ingestion.shopify;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import io.omniretail.events.touchpoint.ConsentHint;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.ItemQuantity;
import io.omniretail.events.touchpoint.LineItem;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.ingestion.publish.Amounts;
import io.omniretail.kit.EventMetadataFactory;

/**
 * What every Shopify mapper shares: the touchpoint's frame (ids derived from the shop and the Shopify object or event,
 * so a redelivery is the same event), identity hints from a Shopify customer, lines and money. Pure functions.
 */
final class ShopifyMapping {

    static final String SOURCE = "shopify";

    private ShopifyMapping() {
    }

    /** A touchpoint id for the shop and the given parts, e.g. id(delivery, "order", orderId). */
    static String id(ShopifyDelivery delivery, String... parts) {
        String[] all = new String[parts.length + 2];
        all[0] = SOURCE;
        all[1] = delivery.shop().domain();
        System.arraycopy(parts, 0, all, 2, parts.length);
        return EventMetadataFactory.derivedId(all);
    }

    /** The frame of every Shopify touchpoint; the caller sets the type's details. */
    static Touchpoint.Builder touchpoint(ShopifyDelivery delivery, String id, TouchpointType type, String sourceReference,
            Instant occurredAt, IdentityHints identity, Instant sourceUpdatedAt) {
        return Touchpoint.newBuilder()
                .setMetadata(EventMetadataFactory.origin(id, occurredAt, SOURCE + ":" + delivery.shop().domain()))
                .setTouchpointId(id)
                .setType(type)
                .setChannel(TouchpointChannel.ONLINE_SHOPIFY)
                .setSourceSystem(SOURCE)
                .setSourceReference(sourceReference)
                .setIdentity(identity)
                .setSourceUpdatedAt(sourceUpdatedAt);
    }

    /**
     * Identity hints from a Shopify customer and what the payload adds (its e-mail, phone, locale and addresses),
     * with the shop's locale, country and zone where the payload has none. {@code verified}: the shop's own customer
     * records are; what a visitor typed into a checkout is not.
     */
    static IdentityHints identity(ShopifyDelivery delivery, ShopifyPayloads.Customer customer, String email, String phone,
            String locale, boolean verified, ShopifyPayloads.Address... addresses) {
        Optional<ShopifyPayloads.Address> address = Stream.concat(Stream.of(addresses),
                Stream.of(customer == null ? null : customer.defaultAddress())).filter(Objects::nonNull).findFirst();
        return IdentityHints.newBuilder()
                .setEmail(firstNonBlank(customer == null ? null : customer.email(), email))
                .setRawPhone(firstNonBlank(customer == null ? null : customer.phone(), phone,
                        address.map(ShopifyPayloads.Address::phone).orElse(null)))
                .setShopifyCustomerId(customer == null || customer.id() == null ? null : customer.id().toString())
                .setFirstName(firstNonBlank(customer == null ? null : customer.firstName(), address.map(ShopifyPayloads.Address::firstName).orElse(null)))
                .setLastName(firstNonBlank(customer == null ? null : customer.lastName(), address.map(ShopifyPayloads.Address::lastName).orElse(null)))
                .setLocale(firstNonBlank(locale, customer == null ? null : customer.locale(), delivery.shop().locale()))
                .setCountryCode(firstNonBlank(address.map(ShopifyPayloads.Address::countryCode).orElse(null), delivery.shop().country()))
                .setTimeZone(delivery.shop().timeZone())
                .setVerified(verified)
                .build();
    }

    /** No identifiers: customer-360 finds the buyer through the order the touchpoint names. */
    static IdentityHints throughOrder() {
        return IdentityHints.newBuilder().setVerified(true).build();
    }

    static List<LineItem> lines(List<ShopifyPayloads.LineItem> lines, String currency) {
        return Optional.ofNullable(lines).orElse(List.of()).stream()
                .map(line -> LineItem.newBuilder()
                        .setSku(sku(line))
                        .setProductId(line.productId() == null ? null : line.productId().toString())
                        .setTitle(Objects.requireNonNullElse(line.title(), ""))
                        .setQuantity(Objects.requireNonNullElse(line.quantity(), 1))
                        .setUnitPrice(Amounts.money(currency, Objects.requireNonNullElse(line.price(), BigDecimal.ZERO)))
                        .setCategory(line.productType() == null || line.productType().isBlank() ? null : line.productType())
                        .setLineId(line.id() == null ? null : line.id().toString())
                        .build())
                .toList();
    }

    static List<ItemQuantity> quantities(List<ShopifyPayloads.LineItem> lines) {
        List<ItemQuantity> quantities = new ArrayList<>();
        for (ShopifyPayloads.LineItem line : Optional.ofNullable(lines).orElse(List.of())) {
            int quantity = Objects.requireNonNullElse(line.quantity(), 0);
            if (quantity > 0) {
                quantities.add(ItemQuantity.newBuilder().setSku(sku(line)).setQuantity(quantity)
                        .setLineId(line.id() == null ? null : line.id().toString()).build());
            }
        }
        return quantities;
    }

    /** The line's SKU, or a stable stand-in for products without one. */
    static String sku(ShopifyPayloads.LineItem line) {
        return firstNonBlank(line.sku(), line.id() == null ? "unknown" : "shopify-line-" + line.id());
    }

    /** Shopify's state of a marketing consent as a choice: subscribed or unsubscribed; anything else says nothing. */
    static ConsentHint consent(String channel, ShopifyPayloads.MarketingConsent consent, Instant fallbackAt) {
        if (consent == null || consent.state() == null) {
            return null;
        }
        boolean granted;
        switch (consent.state().toLowerCase(Locale.ROOT)) {
            case "subscribed" -> granted = true;
            case "unsubscribed" -> granted = false;
            // not_subscribed (never asked), pending (double opt-in unconfirmed), redacted, invalid: no decision
            default -> {
                return null;
            }
        }
        return ConsentHint.newBuilder().setChannel(channel).setGranted(granted)
                .setCapturedAt(consent.consentUpdatedAt() != null ? consent.consentUpdatedAt().toInstant() : fallbackAt)
                .setOptInLevel(consent.optInLevel())
                .build();
    }

    static <E extends Enum<E>> E symbol(Class<E> type, String value, E otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return Enum.valueOf(type, "UNKNOWN");
        }
    }

    static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
