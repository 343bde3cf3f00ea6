package io.omniretail.ingestion.shopify;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The parts of Shopify's REST Admin API Order and Refund resources (webhook topics orders/create and
 * refunds/create) that become touchpoints. Unknown fields are ignored: Shopify adds fields without notice.
 */
final class ShopifyPayloads {

    private ShopifyPayloads() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Order(Long id, String name, Integer orderNumber, String email, String phone, String currency,
            BigDecimal totalPrice, BigDecimal subtotalPrice, OffsetDateTime createdAt, String customerLocale,
            Boolean buyerAcceptsMarketing, Customer customer, Address billingAddress, Address shippingAddress,
            List<LineItem> lineItems, List<DiscountCode> discountCodes, String sourceName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Customer(Long id, String email, String phone, String firstName, String lastName, String locale,
            Address defaultAddress) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Address(String phone, String countryCode, String firstName, String lastName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LineItem(Long id, String sku, Long productId, String title, Integer quantity, BigDecimal price,
            String productType) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record DiscountCode(String code) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Refund(Long id, Long orderId, OffsetDateTime createdAt, String note, List<RefundLineItem> refundLineItems,
            List<Transaction> transactions) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RefundLineItem(Long lineItemId, Integer quantity, BigDecimal subtotal, BigDecimal totalTax, LineItem lineItem) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Transaction(String kind, String status, BigDecimal amount, String currency) {
    }
}
