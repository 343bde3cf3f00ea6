package io.omniretail.ingestion.shopify;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.PrivacyRequest;
import io.omniretail.events.touchpoint.PrivacyRequestKind;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointType;

/**
 * Shopify's mandatory privacy webhooks → PRIVACY_REQUEST (one per Shopify event): customers/redact (erase the
 * person), customers/data_request (export their data) and shop/redact (erase the shop's data). They are durable
 * events like any other; customer-360 coordinates what follows. The identity hints name the person only to find
 * them: customer-360 never creates a customer from a privacy request.
 */
final class ShopifyPrivacyMapper {

    static final Map<String, PrivacyRequestKind> TOPICS = Map.of(
            "customers/redact", PrivacyRequestKind.ERASE_CUSTOMER,
            "customers/data_request", PrivacyRequestKind.EXPORT_CUSTOMER,
            "shop/redact", PrivacyRequestKind.ERASE_SHOP);

    private ShopifyPrivacyMapper() {
    }

    static Touchpoint request(ShopifyDelivery delivery, ShopifyPayloads.PrivacyRequest request) {
        PrivacyRequestKind kind = TOPICS.get(delivery.topic());
        ShopifyPayloads.Customer customer = request.customer();
        IdentityHints identity = customer == null ? ShopifyMapping.throughOrder() : IdentityHints.newBuilder()
                .setEmail(ShopifyMapping.firstNonBlank(customer.email()))
                .setRawPhone(ShopifyMapping.firstNonBlank(customer.phone()))
                .setShopifyCustomerId(customer.id() == null ? null : customer.id().toString())
                .setCountryCode(delivery.shop().country())
                .setVerified(true)
                .build();
        List<Long> orders = Optional.ofNullable(kind == PrivacyRequestKind.EXPORT_CUSTOMER ? request.ordersRequested()
                : request.ordersToRedact()).orElse(List.of());
        String reference = request.dataRequest() != null && request.dataRequest().id() != null
                ? request.dataRequest().id().toString()
                : customer != null && customer.id() != null ? customer.id().toString() : delivery.shop().domain();
        return ShopifyMapping.touchpoint(delivery, ShopifyMapping.id(delivery, "privacy", delivery.topic(), delivery.eventKey()),
                        TouchpointType.PRIVACY_REQUEST, reference, delivery.receivedAt(), identity, delivery.triggeredAt())
                .setPrivacyRequest(PrivacyRequest.newBuilder()
                        .setKind(kind)
                        .setRequestId(request.dataRequest() == null || request.dataRequest().id() == null ? null
                                : request.dataRequest().id().toString())
                        .setOrderIds(orders.stream().map(String::valueOf).toList())
                        .setShop(delivery.shop().domain())
                        .build())
                .build();
    }
}
