package io.omniretail.ingestion.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.ingestion.edge.StrictJson;
import io.omniretail.ingestion.edge.UnmappablePayload;

/** Analytics calls in the shapes analytics.js and the mobile SDKs send → touchpoints. */
class AnalyticsMapperTest {

    static final ObjectMapper JSON = StrictJson.mapper();
    static final AnalyticsMapper.Source WEB = new AnalyticsMapper.Source("web", false, "JPY", "JP");
    static final AnalyticsMapper.Source SERVER = new AnalyticsMapper.Source("server", true, "JPY", "JP");
    static final Instant RECEIVED = Instant.parse("2026-12-01T03:00:10Z");

    @ParameterizedTest
    @CsvSource({
            "Products Searched, PRODUCT_SEARCHED", "Product Viewed, PRODUCT_VIEWED", "product_viewed, PRODUCT_VIEWED",
            "Product Clicked, PRODUCT_VIEWED", "Product Added, CART_UPDATED", "Product Removed, CART_UPDATED",
            "Cart Viewed, CART_UPDATED", "Checkout Started, CHECKOUT_UPDATED", "Order Completed, CHECKOUT_UPDATED",
            "Back In Stock Subscribed, BACK_IN_STOCK_SUBSCRIBED", "price-drop-subscribed, PRICE_DROP_SUBSCRIBED",
            "Signed Up, SIGNUP", "Appointment Booked, APPOINTMENT_BOOKED", "Wishlist Shared, CUSTOM_EVENT"})
    void theECommerceSpecsEventNamesMapToTouchpointTypesWhateverTheirCase(String event, TouchpointType type) {
        assertThat(AnalyticsMapper.trackType(AnalyticsMapper.normalized(event))).isEqualTo(type);
    }

    @Test
    void aProductViewCarriesTheProductAndTheCallsOwnNameAndProperties() throws Exception {
        Touchpoint viewed = map(WEB, """
                {"type": "track", "event": "Product Viewed", "anonymousId": "anon-1", "messageId": "m-1",
                 "properties": {"product_id": "507f1f77", "sku": "TEE-ORG-WHT-M", "name": "Organic tee", "price": 1500,
                                "category": "Tops", "currency": "JPY", "position": 3, "brand": {"name": "Omni"}},
                 "context": {"page": {"url": "https://shop.example/products/tee", "path": "/products/tee"}}}""");

        assertThat(viewed.getType()).isEqualTo(TouchpointType.PRODUCT_VIEWED);
        assertThat(viewed.getChannel()).isEqualTo(TouchpointChannel.WEB);
        assertThat(viewed.getActivity().getName()).isEqualTo("Product Viewed");
        assertThat(viewed.getActivity().getPath()).isEqualTo("/products/tee");
        assertThat(viewed.getActivity().getProducts()).singleElement().satisfies(product -> {
            assertThat(product.getSku()).isEqualTo("TEE-ORG-WHT-M");
            assertThat(product.getProductId()).isEqualTo("507f1f77");
            assertThat(product.getUnitPrice().getAmount()).isEqualByComparingTo("1500");
            assertThat(product.getCategory()).isEqualTo("Tops");
        });
        assertThat(viewed.getActivity().getProperties()).containsEntry("position", "3").containsEntry("brand.name", "Omni");
        assertThat(viewed.getIdentity().getAnonymousId()).isEqualTo("anon-1");
        assertThat(viewed.getIdentity().getVerified()).isFalse();
    }

    @Test
    void theSameMessageIdIsTheSameTouchpointAndAnotherSourcesIsNot() throws Exception {
        String call = """
                {"type": "page", "name": "Home", "anonymousId": "anon-1", "messageId": "m-7"}""";
        assertThat(map(WEB, call).getTouchpointId()).isEqualTo(map(WEB, call).getTouchpointId())
                .isNotEqualTo(map(SERVER, call).getTouchpointId());
    }

    @Test
    void theDeviceClocksSkewIsTakenOutAsSegmentDoes() throws Exception {
        // the device's clock is 1 h fast: it says it happened 5 s before it was sent
        Touchpoint page = map(WEB, """
                {"type": "page", "anonymousId": "a", "messageId": "m", "timestamp": "2026-12-01T04:00:00Z",
                 "sentAt": "2026-12-01T04:00:05Z"}""");
        assertThat(page.getMetadata().getOccurredAt()).isEqualTo(RECEIVED.minusSeconds(5));

        Instant stated = Instant.parse("2026-11-30T22:00:00Z");
        assertThat(map(WEB, """
                {"type": "page", "anonymousId": "a", "messageId": "m", "timestamp": "2026-11-30T22:00:00Z"}""")
                .getMetadata().getOccurredAt()).as("a server's own timestamp, taken as is").isEqualTo(stated);
        assertThat(map(WEB, """
                {"type": "page", "anonymousId": "a", "messageId": "m", "timestamp": "2027-01-01T00:00:00Z"}""")
                .getMetadata().getOccurredAt()).as("never in the future").isEqualTo(RECEIVED);
    }

    @Test
    void anIdentifyGivesTheProfileAndOnlyATrustedSourcesUserIdIsVerified() throws Exception {
        String identify = """
                {"type": "identify", "userId": "u-42", "anonymousId": "anon-1", "messageId": "m-2",
                 "traits": {"email": "Hana@Example.jp", "phone": "090-1234-5678", "name": "Hana Sato", "birthday": "1990-04-01"},
                 "context": {"locale": "ja-JP", "timezone": "Asia/Tokyo"}}""";
        Touchpoint fromBrowser = map(WEB, identify);

        assertThat(fromBrowser.getType()).isEqualTo(TouchpointType.PROFILE_UPDATE);
        assertThat(fromBrowser.getIdentity().getAccountId()).isEqualTo("u-42");
        assertThat(fromBrowser.getIdentity().getEmail()).isEqualTo("Hana@Example.jp");
        assertThat(fromBrowser.getIdentity().getFirstName()).isEqualTo("Hana");
        assertThat(fromBrowser.getIdentity().getLastName()).isEqualTo("Sato");
        assertThat(fromBrowser.getIdentity().getBirthDate()).hasToString("1990-04-01");
        assertThat(fromBrowser.getIdentity().getVerified()).isFalse();
        assertThat(map(SERVER, identify).getIdentity().getVerified()).isTrue();
    }

    @Test
    void anAppScreenIsAnAppPageViewAndItsDeviceTokenAPushAddress() throws Exception {
        Touchpoint screen = map(WEB, """
                {"type": "screen", "name": "Product detail", "userId": "u-42", "messageId": "m-3",
                 "context": {"app": {"name": "Omni", "version": "4.2"}, "device": {"id": "dev-9", "type": "ios", "token": "apns-token-1"}}}""");
        assertThat(screen.getType()).isEqualTo(TouchpointType.PAGE_VIEW);
        assertThat(screen.getChannel()).isEqualTo(TouchpointChannel.APP);
        assertThat(screen.getActivity().getTitle()).isEqualTo("Product detail");
        assertThat(screen.getIdentity().getAppDeviceId()).isEqualTo("dev-9");
        assertThat(screen.getIdentity().getPushToken()).isEqualTo("apns-token-1");
    }

    @Test
    void anOrderCompletedCompletesItsCheckoutAndACheckoutNobodyCanNameIsACustomEvent() throws Exception {
        Touchpoint completed = map(WEB, """
                {"type": "track", "event": "Order Completed", "userId": "u-42", "messageId": "m-4",
                 "properties": {"checkout_id": "chk-1", "order_id": "o-1", "revenue": 3000, "currency": "JPY",
                                "products": [{"sku": "TEE", "price": 1500, "quantity": 2}, {"name": "no sku or id"}]}}""");
        assertThat(completed.getType()).isEqualTo(TouchpointType.CHECKOUT_UPDATED);
        assertThat(completed.getCheckout().getCheckoutToken()).isEqualTo("chk-1");
        assertThat(completed.getCheckout().getCompletedAt()).isNotNull();
        assertThat(completed.getCheckout().getTotal().getAmount()).isEqualByComparingTo("3000");
        assertThat(completed.getCheckout().getLines()).singleElement().satisfies(line -> assertThat(line.getQuantity()).isEqualTo(2));

        assertThat(map(WEB, """
                {"type": "track", "event": "Checkout Started", "userId": "u-42", "messageId": "m-5", "properties": {}}""")
                .getType()).isEqualTo(TouchpointType.CUSTOM_EVENT);
    }

    @Test
    void anAppointmentBookedOnTheWebCarriesItsTimeAndStoreOrStaysACustomEventWithout() throws Exception {
        Touchpoint booked = map(WEB, """
                {"type": "track", "event": "Appointment Booked", "userId": "u-42", "messageId": "m-6",
                 "properties": {"appointment_id": "A-1", "starts_at": "2026-12-05T14:00:00+09:00", "service": "fitting", "store_id": "store-042"}}""");
        assertThat(booked.getType()).isEqualTo(TouchpointType.APPOINTMENT_BOOKED);
        assertThat(booked.getAppointment().getStartsAt()).isEqualTo(Instant.parse("2026-12-05T05:00:00Z"));
        assertThat(booked.getStoreId()).isEqualTo("store-042");
        assertThat(map(WEB, """
                {"type": "track", "event": "Appointment Booked", "userId": "u-42", "messageId": "m-6", "properties": {}}""")
                .getType()).isEqualTo(TouchpointType.CUSTOM_EVENT);
    }

    @Test
    void anAliasJoinsThePreviousIdToTheUser() throws Exception {
        Touchpoint alias = map(WEB, """
                {"type": "alias", "previousId": "anon-1", "userId": "u-42", "messageId": "m-8"}""");
        assertThat(alias.getType()).isEqualTo(TouchpointType.PROFILE_UPDATE);
        assertThat(alias.getIdentity().getAnonymousId()).isEqualTo("anon-1");
        assertThat(alias.getIdentity().getAccountId()).isEqualTo("u-42");
    }

    @Test
    void callsThatNameNobodyOrNothingAreRefusedWithTheReason() {
        assertThatThrownBy(() -> map(WEB, "{\"type\": \"page\", \"messageId\": \"m\"}")).isInstanceOf(UnmappablePayload.class)
                .hasMessageContaining("userId or an anonymousId");
        assertThatThrownBy(() -> map(WEB, "{\"type\": \"track\", \"anonymousId\": \"a\"}")).hasMessageContaining("event name");
        assertThatThrownBy(() -> map(WEB, "{\"type\": \"alias\", \"userId\": \"u\"}")).hasMessageContaining("previousId");
        assertThatThrownBy(() -> map(WEB, "{\"type\": \"purchase\", \"userId\": \"u\"}")).hasMessageContaining("type must be one of");
    }

    private static Touchpoint map(AnalyticsMapper.Source source, String call) throws Exception {
        AnalyticsEvent event = StrictJson.read(JSON, call.getBytes(StandardCharsets.UTF_8), AnalyticsEvent.class);
        return AnalyticsMapper.map(event, source, event.messageId() == null ? "body" : event.messageId(), RECEIVED);
    }
}
