package io.omniretail.ingestion.shopify;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
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
 * The parts of Shopify's REST Admin API Order and Refund resources (webhook topics orders/create and
 * refunds/create) that become touchpoints. Unknown fields are ignored: Shopify adds fields without notice. The
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
            @Size(max = 100) List<@NotNull @Valid DiscountCode> discountCodes, @Size(max = 255) String sourceName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Customer(@Positive Long id, @Size(max = 320) String email, @Size(max = 64) String phone,
            @Size(max = 255) String firstName, @Size(max = 255) String lastName, @Size(max = 35) String locale,
            @Valid Address defaultAddress) {
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
            @Digits(integer = 14, fraction = 4) BigDecimal totalTax, @Valid LineItem lineItem) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Transaction(@Size(max = 32) String kind, @Size(max = 32) String status,
            @Digits(integer = 14, fraction = 4) BigDecimal amount, @Pattern(regexp = "[A-Za-z]{3}") String currency) {
    }
}
