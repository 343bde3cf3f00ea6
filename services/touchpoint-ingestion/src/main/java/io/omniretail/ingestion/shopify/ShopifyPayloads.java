package io.omniretail.ingestion.shopify;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * The parts of Shopify's REST Admin API resources that become touchpoints: Order (orders/*), Refund, Checkout,
 * Customer, Fulfillment, Return and the mandatory privacy webhooks' payloads; and Product (products/*), which becomes
 * catalog events (tools/shopify/samples/README.md lists
 * each topic with a sample). Unknown fields are ignored: Shopify adds fields without notice. The
 * Bean Validation bounds are what the platform accepts: amounts fit Money (14 integer digits, 4 decimals), ids are
 * positive, lists and strings are bounded (Shopify's own limits, with room); a payload outside them is kept in
 * quarantine, not mapped.
 */
final class ShopifyPayloads {

    static final int MAX_LINES = 1_000;
    static final int MAX_TEXT = 1_024;

    private ShopifyPayloads() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Order(@NotNull @Positive Long id, @Size(max = 255) String name, @Min(0) Integer orderNumber,
            @Size(max = 320) String email, @Size(max = 64) String phone, @NotNull @Pattern(regexp = "[A-Za-z]{3}") String currency,
            @NotNull @Digits(integer = 14, fraction = 4) @DecimalMin("0") BigDecimal totalPrice,
            @Digits(integer = 14, fraction = 4) @DecimalMin("0") BigDecimal subtotalPrice, OffsetDateTime createdAt,
            @Size(max = 35) String customerLocale, Boolean buyerAcceptsMarketing, @Valid Customer customer,
            @Valid Address billingAddress, @Valid Address shippingAddress,
            @Size(max = MAX_LINES) List<@NotNull @Valid LineItem> lineItems,
            @Size(max = 100) List<@NotNull @Valid DiscountCode> discountCodes, @Size(max = 255) String sourceName,
            @Size(max = 32) String financialStatus, @Size(max = 32) String fulfillmentStatus, OffsetDateTime cancelledAt,
            @Size(max = 32) String cancelReason, @Size(max = 255) String checkoutToken, OffsetDateTime updatedAt,
            @Size(max = 255) String sourceIdentifier, @Positive Long locationId) {
    }

    /** products/create and products/update: the product with its variants (price, stock, SKU). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Product(@NotNull @Positive Long id, @Size(max = MAX_TEXT) String title, @Size(max = 255) String handle,
            OffsetDateTime updatedAt, @Size(max = 2_048) List<@NotNull @Valid Variant> variants) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Variant(@NotNull @Positive Long id, @Size(max = 255) String sku, @Size(max = 255) String title,
            @NotNull @Digits(integer = 14, fraction = 4) @DecimalMin("0") BigDecimal price,
            @Digits(integer = 14, fraction = 4) @DecimalMin("0") BigDecimal compareAtPrice,
            @Min(-1_000_000_000) @Max(1_000_000_000) Long inventoryQuantity, @Size(max = 32) String inventoryManagement,
            OffsetDateTime updatedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Checkout(@Positive Long id, @NotNull @Size(min = 1, max = 255) String token, @Size(max = 255) String cartToken,
            @Size(max = 320) String email, @Size(max = 64) String phone, @Pattern(regexp = "[A-Za-z]{3}") String currency,
            @Digits(integer = 14, fraction = 4) @DecimalMin("0") BigDecimal totalPrice,
            @Size(max = 4 * MAX_TEXT) String abandonedCheckoutUrl, OffsetDateTime createdAt, OffsetDateTime updatedAt,
            OffsetDateTime completedAt, @Size(max = 35) String customerLocale, Boolean buyerAcceptsMarketing,
            @Valid Customer customer, @Valid Address billingAddress, @Valid Address shippingAddress,
            @Size(max = MAX_LINES) List<@NotNull @Valid LineItem> lineItems) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Fulfillment(@NotNull @Positive Long id, @NotNull @Positive Long orderId, @Size(max = 32) String status,
            @Size(max = 32) String shipmentStatus, @Size(max = 255) String trackingCompany,
            @Size(max = 100) List<@NotNull @Size(max = 255) String> trackingNumbers,
            @Size(max = 100) List<@NotNull @Size(max = MAX_TEXT) String> trackingUrls,
            @Size(max = MAX_LINES) List<@NotNull @Valid LineItem> lineItems, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    /** returns/request and returns/approve name the order as an object, returns/close, cancel and reopen by id. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Return(@NotNull @Positive Long id, @Size(max = 32) String status, @Valid Ref order, @Positive Long orderId,
            @Size(max = 255) String name, @Size(max = MAX_LINES) List<@NotNull @Valid ReturnLineItem> returnLineItems,
            @Valid Decline decline) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Ref(@Positive Long id) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ReturnLineItem(@Positive Long id, @Valid FulfillmentLineItem fulfillmentLineItem, @Min(0) @Max(1_000_000) Integer quantity,
            @Size(max = 64) String returnReason, @Size(max = 4 * MAX_TEXT) String returnReasonNote,
            @Size(max = 4 * MAX_TEXT) String customerNote) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record FulfillmentLineItem(@Positive Long id, @Valid LineItem lineItem) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Decline(@Size(max = 64) String reason, @Size(max = 4 * MAX_TEXT) String note) {
    }

    /** reverse_deliveries/attach_deliverable: the label and tracking of a return's shipment; names the return only. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ReverseDelivery(@NotNull @Positive Long id, @JsonProperty("return") @NotNull @Valid Ref returned,
            @Valid ShippingDeliverable shippingDeliverable) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ShippingDeliverable(@Valid Tracking tracking, @Valid Label label) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Tracking(@Size(max = 255) String carrierName, @Size(max = 255) String trackingNumber, @Size(max = MAX_TEXT) String trackingUrl) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Label(@Size(max = MAX_TEXT) String publicFileUrl, OffsetDateTime createdAt) {
    }

    /** customers_email_marketing_consent/update and customers_marketing_consent/update (SMS): since API 2025-01 the
     * only webhooks that carry a customer's marketing consent. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ConsentUpdate(@Positive Long id, @Positive Long customerId, @Size(max = 320) String emailAddress,
            @Size(max = 64) String phone, @Valid MarketingConsent emailMarketingConsent, @Valid MarketingConsent smsMarketingConsent) {
    }

    /** customers/redact, customers/data_request and shop/redact (the last has no customer). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PrivacyRequest(@Positive Long shopId, @Size(max = 255) String shopDomain, @Valid Customer customer,
            @Size(max = 10_000) List<@NotNull @Positive Long> ordersToRedact,
            @Size(max = 10_000) List<@NotNull @Positive Long> ordersRequested, @Valid DataRequest dataRequest) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record DataRequest(@Positive Long id) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Customer(@Positive Long id, @Size(max = 320) String email, @Size(max = 64) String phone,
            @Size(max = 255) String firstName, @Size(max = 255) String lastName, @Size(max = 35) String locale,
            @Valid Address defaultAddress, OffsetDateTime createdAt, OffsetDateTime updatedAt,
            @Valid MarketingConsent emailMarketingConsent, @Valid MarketingConsent smsMarketingConsent) {
    }

    /** Shopify's email_marketing_consent / sms_marketing_consent: state subscribed, unsubscribed, not_subscribed, pending... */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record MarketingConsent(@Size(max = 32) String state, @Size(max = 32) String optInLevel, OffsetDateTime consentUpdatedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Address(@Size(max = 64) String phone, @Size(max = 8) String countryCode, @Size(max = 255) String firstName,
            @Size(max = 255) String lastName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LineItem(@Positive Long id, @Size(max = 255) String sku, @Positive Long productId, @Size(max = MAX_TEXT) String title,
            @Min(0) @Max(1_000_000) Integer quantity, @Digits(integer = 14, fraction = 4) @DecimalMin("0") BigDecimal price,
            @Size(max = 255) String productType) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record DiscountCode(@Size(max = 255) String code) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Refund(@NotNull @Positive Long id, @NotNull @Positive Long orderId, OffsetDateTime createdAt,
            @Size(max = 4 * MAX_TEXT) String note, @Size(max = MAX_LINES) List<@NotNull @Valid RefundLineItem> refundLineItems,
            @Size(max = 100) List<@NotNull @Valid Transaction> transactions) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RefundLineItem(@Positive Long lineItemId, @Min(0) @Max(1_000_000) Integer quantity,
            @Digits(integer = 14, fraction = 4) @DecimalMin("0") BigDecimal subtotal,
            @Digits(integer = 14, fraction = 4) BigDecimal totalTax, @Valid LineItem lineItem, @Valid MoneySet subtotalSet) {
    }

    /** Shopify's *_set money: the amount in the shop's currency and in the buyer's. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record MoneySet(@Valid MoneyBag shopMoney, @Valid MoneyBag presentmentMoney) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record MoneyBag(@Digits(integer = 14, fraction = 4) BigDecimal amount, @Pattern(regexp = "[A-Za-z]{3}") String currencyCode) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Transaction(@Size(max = 32) String kind, @Size(max = 32) String status,
            @Digits(integer = 14, fraction = 4) BigDecimal amount, @Pattern(regexp = "[A-Za-z]{3}") String currency) {
    }
}
