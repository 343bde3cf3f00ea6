package io.omniretail.ingestion.shopify;

import io.omniretail.ingestion.edge.StrictJson;
import io.omniretail.ingestion.edge.UnmappablePayload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.omniretail.events.touchpoint.FinancialStatus;
import io.omniretail.events.touchpoint.FulfillmentStatus;
import io.omniretail.events.touchpoint.OrderFulfillmentStatus;
import io.omniretail.events.touchpoint.PrivacyRequestKind;
import io.omniretail.events.touchpoint.ShipmentStatus;
import io.omniretail.events.touchpoint.SourceReturnStatus;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;

/** Every Shopify topic's sample (tools/shopify/samples, in the shape of Shopify's published ones) → its touchpoint. */
class ShopifyMappersTest {

    static final ShopifyConfig.Shop JPY_SHOP = new ShopifyConfig.Shop(ShopifySamples.SHOP, "JPY", "ja", "Asia/Tokyo", "JP",
            ShopifyConfig.PurchaseWhen.PAID, Map.of());
    static final Instant TRIGGERED = Instant.parse("2025-09-16T01:00:00Z");

    /** Sample topics the edge deliberately does not map (see tools/shopify/samples/README.md and ADR 0010). */
    static final Set<String> UNMAPPED = Set.of("fulfillment_orders/line_items_prepared_for_pickup", "reverse_fulfillment_orders/dispose");

    @Test
    void everySampleTopicIsMappedExceptTheDocumentedOnes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../../tools/shopify/samples"))) {
            List<String> topics = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .map(ShopifyMappersTest::topicOf).distinct().toList();
            assertThat(topics).filteredOn(topic -> !UNMAPPED.contains(topic)).allSatisfy(topic ->
                    assertThat(ShopifyTopics.of(topic) != null || ShopifyCatalogMapper.TOPICS.contains(topic))
                            .as(topic + " becomes a touchpoint or catalog events").isTrue());
            assertThat(UNMAPPED).allSatisfy(topic -> assertThat(ShopifyTopics.of(topic)).as(topic).isNull());
        }
    }

    @Test
    void aPaidOrderIsOnePurchaseWithTheBuyersIdentifiersAndItsStatus() {
        Touchpoint tp = map("orders/create", "orders-create.json");

        assertThat(tp.getType()).isEqualTo(TouchpointType.PURCHASE);
        assertThat(tp.getChannel()).isEqualTo(TouchpointChannel.ONLINE_SHOPIFY);
        assertThat(tp.getMetadata().getSource()).isEqualTo("shopify:demo-shop.myshopify.com");
        assertThat(tp.getMetadata().getCorrelationId()).isEqualTo(tp.getMetadata().getEventId());
        assertThat(tp.getIdentity().getEmail()).isEqualTo("hana.yamada@example.jp");
        assertThat(tp.getIdentity().getRawPhone()).isEqualTo("090-1234-5678");
        assertThat(tp.getIdentity().getShopifyCustomerId()).isEqualTo("7598311063626");
        assertThat(tp.getIdentity().getLocale()).isEqualTo("ja");
        assertThat(tp.getIdentity().getCountryCode()).isEqualTo("JP");
        assertThat(tp.getIdentity().getTimeZone()).isEqualTo("Asia/Tokyo");
        assertThat(tp.getIdentity().getVerified()).isTrue();
        assertThat(tp.getPurchase().getOrderId()).isEqualTo(ShopifySamples.SAMPLE_ORDER_ID);
        assertThat(tp.getPurchase().getOrderNumber()).isEqualTo("#1001");
        assertThat(tp.getPurchase().getTotal().getAmount()).isEqualByComparingTo(new BigDecimal("12340"));
        assertThat(tp.getPurchase().getTotal().getCurrency()).isEqualTo("JPY");
        assertThat(tp.getPurchase().getLines()).extracting(l -> l.getSku() + " x" + l.getQuantity() + " line " + l.getLineId())
                .containsExactly("TEE-ORG-WHT-M x2 line 15634720538698", "MUG-HASAMI-BLU x1 line 15634720571466");
        assertThat(tp.getOrder().getFinancialStatus()).isEqualTo(FinancialStatus.PAID);
        assertThat(tp.getOrder().getFulfillmentStatus()).isEqualTo(OrderFulfillmentStatus.UNFULFILLED);
        assertThat(tp.getOrder().getCheckoutToken()).isEqualTo(map("checkouts/create", "checkouts-create.json").getCheckout().getCheckoutToken());
        assertThat(tp.getSourceUpdatedAt()).isEqualTo(Instant.parse("2025-09-12T05:03:29Z"));
        assertThat(tp.getMarketingConsent().getGranted()).isFalse();
        assertThat(ShopifyTopics.partitionKey(tp)).isEqualTo("shopify-customer:7598311063626");
    }

    @Test
    void ordersPaidAndAnUpdateOfThePaidOrderAreThePurchaseEventAgainSoTheyChangeNothingDownstream() {
        String purchase = map("orders/create", "orders-create.json").getTouchpointId();

        Touchpoint paid = map("orders/paid", "orders-paid.json");
        Touchpoint updated = map("orders/updated", "orders-updated.json");

        assertThat(paid.getType()).isEqualTo(TouchpointType.PURCHASE);
        assertThat(paid.getTouchpointId()).isEqualTo(purchase);
        assertThat(updated.getTouchpointId()).isEqualTo(purchase);
    }

    @Test
    void anOrderNotPaidYetIsPlacedAndPurchasedOnlyWhenPaid() {
        String pending = ShopifySamples.read("orders-create.json").replace("\"financial_status\": \"paid\"", "\"financial_status\": \"pending\"");
        Touchpoint placed = map(delivery("orders/create", "e1"), pending);
        Touchpoint paid = map("orders/paid", "orders-paid.json");

        assertThat(placed.getType()).isEqualTo(TouchpointType.ORDER_PLACED);
        assertThat(placed.getOrder().getFinancialStatus()).isEqualTo(FinancialStatus.PENDING);
        assertThat(placed.getTouchpointId()).isNotEqualTo(paid.getTouchpointId());
        Touchpoint pendingUpdate = map(delivery("orders/updated", "e2"), pending);
        assertThat(pendingUpdate.getType()).isEqualTo(TouchpointType.ORDER_UPDATED);
        assertThat(pendingUpdate.getTouchpointId()).isNotEqualTo(map(delivery("orders/updated", "e3"), pending).getTouchpointId())
                .isEqualTo(map(delivery("orders/updated", "e2"), pending).getTouchpointId());
    }

    @Test
    void aShopThatCountsOrdersWhenCreatedPurchasesUnpaidOrdersButNeverVoidedOnes() {
        ShopifyConfig.Shop onCreation = new ShopifyConfig.Shop(ShopifySamples.SHOP, "JPY", "ja", "Asia/Tokyo", "JP",
                ShopifyConfig.PurchaseWhen.CREATED, Map.of());
        String order = ShopifySamples.read("orders-create.json");
        ShopifyDelivery delivery = new ShopifyDelivery(onCreation, "orders/create", "w1", "e1", TRIGGERED, Instant.now());

        assertThat(ShopifyOrderMapper.order(delivery, bind(order.replace("\"financial_status\": \"paid\"", "\"financial_status\": \"pending\""),
                ShopifyPayloads.Order.class)).getType()).isEqualTo(TouchpointType.PURCHASE);
        Touchpoint voided = ShopifyOrderMapper.order(delivery, bind(order.replace("\"financial_status\": \"paid\"",
                "\"financial_status\": \"voided\""), ShopifyPayloads.Order.class));
        assertThat(voided.getType()).isEqualTo(TouchpointType.ORDER_PLACED);
        assertThat(voided.getOrder().getFinancialStatus()).isEqualTo(FinancialStatus.VOIDED);
    }

    @Test
    void anOrderSyncedFromAMappedStoresPosCarriesThatStoresReceiptAndOthersCarryNone() {
        ShopifyConfig.Shop withStores = new ShopifyConfig.Shop(ShopifySamples.SHOP, "JPY", "ja", "Asia/Tokyo", "JP",
                ShopifyConfig.PurchaseWhen.PAID, Map.of("655441491", "store-042"));
        String fromTill = ShopifySamples.read("orders-paid.json").replace("\"location_id\": null", "\"location_id\": 655441491")
                .replace("\"source_identifier\": null", "\"source_identifier\": \"R-0042-7781\"")
                .replace("\"source_name\": \"web\"", "\"source_name\": \"pos\"");
        ShopifyPayloads.Order order = bind(fromTill, ShopifyPayloads.Order.class);

        assertThat(ShopifyOrderMapper.order(new ShopifyDelivery(withStores, "orders/paid", "w1", "e1", TRIGGERED, Instant.now()), order)
                .getPurchase().getReceiptReference()).isEqualTo("store-042:R-0042-7781");
        assertThat(ShopifyOrderMapper.order(new ShopifyDelivery(JPY_SHOP, "orders/paid", "w1", "e1", TRIGGERED, Instant.now()), order)
                .getPurchase().getReceiptReference()).as("location not mapped to a store").isNull();
        assertThat(map("orders/paid", "orders-paid.json").getPurchase().getReceiptReference()).as("a web order").isNull();
    }

    @Test
    void aCancelledOrderIsOneCancellationWhateverTheDelivery() {
        Touchpoint cancelled = map("orders/cancelled", "orders-cancelled.json");

        assertThat(cancelled.getType()).isEqualTo(TouchpointType.ORDER_CANCELLED);
        assertThat(cancelled.getOrder().getCancelReason()).isEqualTo("customer");
        assertThat(cancelled.getOrder().getCancelledAt()).isNotNull();
        assertThat(cancelled.getMetadata().getOccurredAt()).isEqualTo(cancelled.getOrder().getCancelledAt());
        assertThat(map(delivery("orders/updated", "another-event"), ShopifySamples.read("orders-cancelled.json")).getTouchpointId())
                .isEqualTo(cancelled.getTouchpointId());
    }

    @Test
    void fulfilledOrdersAreOneEventPerFulfilmentStatus() {
        Touchpoint partial = map("orders/partially_fulfilled", "orders-partially_fulfilled.json");
        Touchpoint full = map("orders/fulfilled", "orders-fulfilled.json");

        assertThat(partial.getType()).isEqualTo(TouchpointType.ORDER_FULFILLED);
        assertThat(partial.getOrder().getFulfillmentStatus()).isEqualTo(OrderFulfillmentStatus.PARTIAL);
        assertThat(full.getOrder().getFulfillmentStatus()).isEqualTo(OrderFulfillmentStatus.FULFILLED);
        assertThat(partial.getTouchpointId()).isNotEqualTo(full.getTouchpointId());
    }

    @Test
    void aRefundIsInTheCurrencyThePayloadStatesNotTheShopDefault() {
        Touchpoint usd = map("refunds/create", "refunds-create-usd.json");
        assertThat(usd.getRefund().getAmount().getCurrency()).isEqualTo("USD");

        // Shopify's own sample leaves transactions[].currency null: the lines' shop money still says USD
        String withoutTransactionCurrency = ShopifySamples.read("refunds-create-usd.json").replace("\"currency\": \"USD\"", "\"currency\": null");
        assertThat(withoutTransactionCurrency).doesNotContain("\"currency\": \"USD\"");
        assertThat(map(delivery("refunds/create", "e1"), withoutTransactionCurrency).getRefund().getAmount().getCurrency()).isEqualTo("USD");

        Touchpoint jpy = map("refunds/create", "refunds-create.json");
        assertThat(jpy.getType()).isEqualTo(TouchpointType.REFUND);
        assertThat(jpy.getRefund().getOrderId()).isEqualTo(ShopifySamples.SAMPLE_ORDER_ID);
        assertThat(jpy.getRefund().getAmount().getAmount()).isEqualByComparingTo(new BigDecimal("4400"));
        assertThat(jpy.getRefund().getAmount().getCurrency()).isEqualTo("JPY");
        assertThat(jpy.getRefund().getLines()).singleElement().satisfies(line -> assertThat(line.getSku()).isEqualTo("MUG-HASAMI-BLU"));
        assertThat(ShopifyTopics.partitionKey(jpy)).isEqualTo("shopify-order:" + ShopifySamples.SAMPLE_ORDER_ID);
    }

    @Test
    void customersCreateIsTheSignUpAndAnUpdateAProfileChangeWithTheSourcesTime() {
        Touchpoint signUp = map("customers/create", "customers-create.json");
        Touchpoint update = map("customers/update", "customers-update.json");

        assertThat(signUp.getType()).isEqualTo(TouchpointType.SIGNUP);
        assertThat(signUp.getIdentity().getShopifyCustomerId()).isEqualTo("7598311063626");
        assertThat(signUp.getIdentity().getEmail()).isEqualTo("hana.yamada@example.jp");
        assertThat(signUp.getIdentity().getVerified()).isTrue();
        assertThat(update.getType()).isEqualTo(TouchpointType.PROFILE_UPDATE);
        assertThat(update.getSourceUpdatedAt()).isAfter(signUp.getSourceUpdatedAt());
        assertThat(map(delivery("customers/create", "another-event"), ShopifySamples.read("customers-create.json")).getTouchpointId())
                .isEqualTo(signUp.getTouchpointId());
    }

    @Test
    void marketingConsentUpdatesCarryTheChoiceItsLevelAndItsTime() {
        Touchpoint email = map("customers_email_marketing_consent/update", "customers_email_marketing_consent-update.json");
        Touchpoint sms = map("customers_marketing_consent/update", "customers_marketing_consent-update.json");

        assertThat(email.getType()).isEqualTo(TouchpointType.PROFILE_UPDATE);
        assertThat(email.getSourceUpdatedAt()).as("a consent says nothing about names").isNull();
        assertThat(email.getConsents()).singleElement().satisfies(consent -> {
            assertThat(consent.getChannel()).isEqualTo("EMAIL");
            assertThat(consent.getGranted()).isTrue();
            assertThat(consent.getOptInLevel()).isEqualTo("single_opt_in");
            assertThat(consent.getCapturedAt()).isEqualTo(Instant.parse("2025-09-20T02:40:03Z"));
        });
        assertThat(sms.getConsents()).singleElement().satisfies(consent -> assertThat(consent.getChannel()).isEqualTo("SMS"));
        assertThat(sms.getIdentity().getRawPhone()).isEqualTo("+819012345678");
        String unsubscribed = ShopifySamples.read("customers_email_marketing_consent-update.json").replace("\"subscribed\"", "\"unsubscribed\"");
        assertThat(map(delivery("customers_email_marketing_consent/update", "e9"), unsubscribed).getConsents())
                .singleElement().satisfies(consent -> assertThat(consent.getGranted()).isFalse());
        String pending = ShopifySamples.read("customers_email_marketing_consent-update.json").replace("\"subscribed\"", "\"pending\"");
        assertThat(map(delivery("customers_email_marketing_consent/update", "e10"), pending).getConsents())
                .as("an unconfirmed double opt-in is no decision yet").isEmpty();
    }

    @Test
    void aCheckoutIsCartActivityWithItsTokenLinesAndRecoveryUrlAndUnverifiedIdentifiers() {
        Touchpoint created = map("checkouts/create", "checkouts-create.json");
        Touchpoint updated = map("checkouts/update", "checkouts-update.json");

        assertThat(created.getType()).isEqualTo(TouchpointType.CHECKOUT_UPDATED);
        assertThat(created.getIdentity().getVerified()).as("typed by a visitor").isFalse();
        assertThat(created.getCheckout().getRecoveryUrl()).startsWith("https://");
        assertThat(created.getCheckout().getLines()).extracting(l -> l.getSku()).containsExactly("TEE-ORG-WHT-M", "MUG-HASAMI-BLU");
        assertThat(created.getCheckout().getTotal().getAmount()).isEqualByComparingTo("11440");
        assertThat(updated.getCheckout().getTotal().getAmount()).isEqualByComparingTo("12340");
        assertThat(updated.getCheckout().getCompletedAt()).isNull();
        assertThat(updated.getTouchpointId()).isNotEqualTo(created.getTouchpointId());
    }

    @Test
    void aFulfilmentCarriesTheShipmentsProgressIncludingFailureAndPickup() {
        Touchpoint shipped = map("fulfillments/create", "fulfillments-create.json");
        Touchpoint failed = map("fulfillments/update", "fulfillments-update-failure.json");
        Touchpoint waiting = map("fulfillments/update", "fulfillments-update-ready-for-pickup.json");
        Touchpoint delivered = map("fulfillments/update", "fulfillments-update.json");

        assertThat(shipped.getType()).isEqualTo(TouchpointType.FULFILLMENT_UPDATED);
        assertThat(shipped.getFulfillment().getStatus()).isEqualTo(FulfillmentStatus.SUCCESS);
        assertThat(shipped.getFulfillment().getOrderId()).isEqualTo(ShopifySamples.SAMPLE_ORDER_ID);
        assertThat(shipped.getFulfillment().getTrackingNumbers()).isNotEmpty();
        assertThat(shipped.getFulfillment().getLines()).extracting(l -> l.getSku() + " x" + l.getQuantity()).containsExactly("TEE-ORG-WHT-M x2");
        assertThat(List.of(failed, waiting, delivered)).extracting(tp -> tp.getFulfillment().getShipmentStatus())
                .containsExactly(ShipmentStatus.FAILURE, ShipmentStatus.READY_FOR_PICKUP, ShipmentStatus.DELIVERED);
        assertThat(ShopifyTopics.partitionKey(failed)).isEqualTo("shopify-order:" + ShopifySamples.SAMPLE_ORDER_ID);
    }

    @Test
    void aReturnsLifecycleIsTheRequestThenUpdatesResolvedThroughTheOrderOrTheReturn() {
        Touchpoint requested = map("returns/request", "returns-request.json");
        Touchpoint approved = map("returns/approve", "returns-approve.json");
        Touchpoint label = map("reverse_deliveries/attach_deliverable", "reverse_deliveries-attach_deliverable.json");
        Touchpoint closed = map("returns/close", "returns-close.json");
        Touchpoint declined = map("returns/decline", "returns-decline.json");

        assertThat(requested.getType()).isEqualTo(TouchpointType.RETURN_REQUEST);
        assertThat(requested.getSourceReturn().getOrderId()).isEqualTo(ShopifySamples.SAMPLE_ORDER_ID);
        assertThat(requested.getSourceReturn().getLines()).singleElement().satisfies(line -> {
            assertThat(line.getLineId()).isEqualTo("15634720538698");
            assertThat(line.getQuantity()).isEqualTo(1);
        });
        assertThat(requested.getSourceReturn().getReason()).startsWith("size_too_small (");
        assertThat(List.of(requested, approved, label, closed, declined)).extracting(tp -> tp.getSourceReturn().getStatus())
                .containsExactly(SourceReturnStatus.REQUESTED, SourceReturnStatus.OPEN, SourceReturnStatus.OPEN,
                        SourceReturnStatus.CLOSED, SourceReturnStatus.DECLINED);
        assertThat(List.of(approved, label, closed, declined)).extracting(Touchpoint::getType).containsOnly(TouchpointType.RETURN_UPDATED);
        assertThat(closed.getSourceReturn().getOrderId()).as("close names the order by id").isEqualTo(ShopifySamples.SAMPLE_ORDER_ID);
        assertThat(label.getSourceReturn().getOrderId()).isNull();
        assertThat(label.getSourceReturn().getReturnId()).isEqualTo(requested.getSourceReturn().getReturnId());
        assertThat(label.getSourceReturn().getLabelUrl()).endsWith(".pdf");
        assertThat(label.getSourceReturn().getTrackingNumber()).isEqualTo("448898765431");
        assertThat(declined.getSourceReturn().getDeclineReason()).startsWith("return_period_ended: ");
        assertThat(requested.getMetadata().getOccurredAt()).as("returns carry no time but Shopify's trigger").isEqualTo(TRIGGERED);
    }

    @Test
    void privacyWebhooksBecomeRequestsThatNameThePersonAndTheirOrders() {
        Touchpoint redact = map("customers/redact", "customers-redact.json");
        Touchpoint export = map("customers/data_request", "customers-data_request.json");
        Touchpoint shop = map("shop/redact", "shop-redact.json");

        assertThat(List.of(redact, export, shop)).extracting(Touchpoint::getType).containsOnly(TouchpointType.PRIVACY_REQUEST);
        assertThat(redact.getPrivacyRequest().getKind()).isEqualTo(PrivacyRequestKind.ERASE_CUSTOMER);
        assertThat(redact.getPrivacyRequest().getOrderIds()).isNotEmpty();
        assertThat(redact.getIdentity().getShopifyCustomerId()).isEqualTo("7598311063626");
        assertThat(export.getPrivacyRequest().getKind()).isEqualTo(PrivacyRequestKind.EXPORT_CUSTOMER);
        assertThat(export.getPrivacyRequest().getRequestId()).isNotNull();
        assertThat(shop.getPrivacyRequest().getKind()).isEqualTo(PrivacyRequestKind.ERASE_SHOP);
        assertThat(shop.getPrivacyRequest().getShop()).isEqualTo(ShopifySamples.SHOP);
        assertThat(shop.getIdentity().getShopifyCustomerId()).isNull();
    }

    /** orders-partially_fulfilled.json → orders/partially_fulfilled; fulfillments-update-failure.json → fulfillments/update. */
    static String topicOf(String file) {
        String[] parts = file.substring(0, file.length() - ".json".length()).split("-");
        return parts[0] + "/" + parts[1];
    }

    private static Touchpoint map(String topic, String sample) {
        return map(delivery(topic, sample), ShopifySamples.read(sample));
    }

    static ShopifyDelivery delivery(String topic, String eventId) {
        return new ShopifyDelivery(JPY_SHOP, topic, "webhook-" + eventId, eventId, TRIGGERED, Instant.now());
    }

    @SuppressWarnings("unchecked")
    static Touchpoint map(ShopifyDelivery delivery, String body) {
        ShopifyTopics.Mapping<Object> mapping = (ShopifyTopics.Mapping<Object>) ShopifyTopics.of(delivery.topic());
        return mapping.mapper().apply(delivery, bind(body, mapping.payload()));
    }

    static <T> T bind(String body, Class<T> type) {
        try {
            return StrictJson.read(StrictJson.mapper(), body.getBytes(StandardCharsets.UTF_8), type);
        } catch (UnmappablePayload e) {
            throw new AssertionError(e);
        }
    }
}
