package io.omniretail.ingestion.shopify;

import static io.omniretail.ingestion.shopify.ShopifyMapping.symbol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.omniretail.events.touchpoint.FulfillmentDetails;
import io.omniretail.events.touchpoint.FulfillmentStatus;
import io.omniretail.events.touchpoint.ShipmentStatus;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointType;

/**
 * Shopify fulfillments/create and fulfillments/update → FULFILLMENT_UPDATED (one per Shopify event): the shipment's
 * status and the carrier's (delivered, failure, ready for pickup...), tracking and items. The buyer is found
 * through the order.
 */
final class ShopifyFulfillmentMapper {

    static final Set<String> TOPICS = Set.of("fulfillments/create", "fulfillments/update");

    private ShopifyFulfillmentMapper() {
    }

    static Touchpoint fulfillment(ShopifyDelivery delivery, ShopifyPayloads.Fulfillment fulfillment) {
        Instant updatedAt = delivery.sourceUpdatedAt(fulfillment.updatedAt());
        FulfillmentDetails details = FulfillmentDetails.newBuilder()
                .setFulfillmentId(fulfillment.id().toString())
                .setOrderId(fulfillment.orderId().toString())
                .setStatus(symbol(FulfillmentStatus.class, fulfillment.status(), FulfillmentStatus.UNKNOWN))
                .setShipmentStatus(symbol(ShipmentStatus.class, fulfillment.shipmentStatus(), ShipmentStatus.UNKNOWN))
                .setCarrier(fulfillment.trackingCompany())
                .setTrackingNumbers(Optional.ofNullable(fulfillment.trackingNumbers()).orElse(List.of()))
                .setTrackingUrls(Optional.ofNullable(fulfillment.trackingUrls()).orElse(List.of()))
                .setLines(ShopifyMapping.quantities(fulfillment.lineItems()))
                .build();
        return ShopifyMapping.touchpoint(delivery,
                        ShopifyMapping.id(delivery, "fulfillment", fulfillment.id().toString(), delivery.eventKey()),
                        TouchpointType.FULFILLMENT_UPDATED, fulfillment.id().toString(),
                        Objects.requireNonNullElse(updatedAt, delivery.receivedAt()), ShopifyMapping.throughOrder(), updatedAt)
                .setFulfillment(details)
                .build();
    }
}
