package io.omniretail.ingestion.shopify;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The Shopify edge as configured in omniretail.shopify.* (application.properties, overridable by environment): the
 * shops, their secrets and their defaults. A shop without an entry under {@code shops} uses {@code defaults}; an
 * entry overrides only what it names, e.g. {@code omniretail.shopify.shops."us-shop.myshopify.com".currency=USD}.
 */
@ConfigMapping(prefix = "omniretail.shopify")
public interface ShopifyConfig {

    /** "shop-domain=secret1|secret2;other.myshopify.com=secret3" (several secrets per shop during a rotation). */
    String webhookSecrets();

    /** Larger bodies are answered 413 problem+json. */
    int maxBodyBytes();

    /** How long Kafka gets to acknowledge before the answer is 503 with Retry-After (Shopify waits 5 s). */
    @WithDefault("PT3S")
    Duration publishTimeout();

    Defaults defaults();

    Map<String, Overrides> shops();

    /** When an order becomes a PURCHASE (earns, is thanked): once paid (orders/paid) or as soon as it is created. */
    enum PurchaseWhen {
        PAID, CREATED
    }

    interface Defaults {
        /** ISO 4217: amounts whose payload names no currency (refunds without transactions) are in it. */
        String currency();

        /** BCP-47 language of customers whose payload names none. */
        String locale();

        /** IANA zone of customers whose address says nothing better. */
        String timeZone();

        /** ISO 3166-1 alpha-2 country phones are read in when the payload has no address. */
        String country();

        @WithDefault("PAID")
        PurchaseWhen purchaseWhen();
    }

    interface Overrides {
        Optional<String> currency();

        Optional<String> locale();

        Optional<String> timeZone();

        Optional<String> country();

        Optional<PurchaseWhen> purchaseWhen();

        /**
         * Shopify location id to the id the store's own POS reports, for stores whose POS syncs its sales into Shopify:
         * such an order and the POS's own sale are one purchase (their receipt reference), e.g.
         * {@code omniretail.shopify.shops."demo-shop.myshopify.com".stores."655441491"=store-042}.
         */
        Map<String, String> stores();
    }

    /** The settings one shop's webhooks are mapped with. */
    record Shop(String domain, String currency, String locale, String timeZone, String country, PurchaseWhen purchaseWhen,
            Map<String, String> stores) {
    }

    default Shop shop(String domain) {
        Defaults defaults = defaults();
        Optional<Overrides> own = Optional.ofNullable(shops().get(domain.toLowerCase(Locale.ROOT)));
        return new Shop(domain,
                own.flatMap(Overrides::currency).orElse(defaults.currency()).toUpperCase(Locale.ROOT),
                own.flatMap(Overrides::locale).orElse(defaults.locale()),
                own.flatMap(Overrides::timeZone).orElse(defaults.timeZone()),
                own.flatMap(Overrides::country).orElse(defaults.country()).toUpperCase(Locale.ROOT),
                own.flatMap(Overrides::purchaseWhen).orElse(defaults.purchaseWhen()),
                own.map(Overrides::stores).orElse(Map.of()));
    }
}
