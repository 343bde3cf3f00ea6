package io.omniretail.ingestion.shopify;

import static io.omniretail.ingestion.shopify.ShopifyMapping.firstNonBlank;
import static io.omniretail.ingestion.shopify.ShopifyMapping.symbol;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import io.omniretail.events.touchpoint.ItemQuantity;
import io.omniretail.events.touchpoint.ReturnDetails;
import io.omniretail.events.touchpoint.SourceReturnStatus;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointType;

/**
 * Shopify returns/* and reverse_deliveries/attach_deliverable → the return's lifecycle: returns/request is the
 * RETURN_REQUEST (one per return); approve, decline, close, cancel, reopen and an attached label are RETURN_UPDATED
 * (one per Shopify event). Return payloads carry no customer and no timestamps: the buyer is found through the order
 * (a label names only the return, which customer-360 knows from the request), the time is X-Shopify-Triggered-At.
 * Return lines name the order line, not the SKU: they carry its line id.
 */
final class ShopifyReturnMapper {

    static final String REQUEST = "returns/request";
    static final String ATTACH_DELIVERABLE = "reverse_deliveries/attach_deliverable";
    /** Topics whose payload is a Return, and the status when the payload has none. */
    static final Map<String, SourceReturnStatus> RETURN_TOPICS = Map.of(
            REQUEST, SourceReturnStatus.REQUESTED,
            "returns/approve", SourceReturnStatus.OPEN,
            "returns/decline", SourceReturnStatus.DECLINED,
            "returns/close", SourceReturnStatus.CLOSED,
            "returns/cancel", SourceReturnStatus.CANCELED,
            "returns/reopen", SourceReturnStatus.OPEN);

    private ShopifyReturnMapper() {
    }

    static Touchpoint returned(ShopifyDelivery delivery, ShopifyPayloads.Return payload) {
        String returnId = payload.id().toString();
        Long orderId = payload.order() != null && payload.order().id() != null ? payload.order().id() : payload.orderId();
        List<ShopifyPayloads.ReturnLineItem> lines = Optional.ofNullable(payload.returnLineItems()).orElse(List.of());
        ReturnDetails details = ReturnDetails.newBuilder()
                .setReturnId(returnId)
                .setOrderId(orderId == null ? null : orderId.toString())
                .setStatus(symbol(SourceReturnStatus.class, payload.status(), RETURN_TOPICS.get(delivery.topic())))
                .setLines(lines.stream().filter(line -> Objects.requireNonNullElse(line.quantity(), 0) > 0).map(ShopifyReturnMapper::line).toList())
                .setReason(reason(lines))
                .setDeclineReason(payload.decline() == null ? null
                        : firstNonBlank(String.join(": ", Optional.ofNullable(payload.decline().reason()).orElse(""),
                                Optional.ofNullable(payload.decline().note()).orElse("")).replaceAll("^: |: $", "")))
                .build();
        boolean request = REQUEST.equals(delivery.topic());
        String id = request ? ShopifyMapping.id(delivery, "return-requested", returnId)
                : ShopifyMapping.id(delivery, "return", returnId, delivery.eventKey());
        return ShopifyMapping.touchpoint(delivery, id, request ? TouchpointType.RETURN_REQUEST : TouchpointType.RETURN_UPDATED,
                        returnId, occurredAt(delivery), ShopifyMapping.throughOrder(), delivery.triggeredAt())
                .setSourceReturn(details)
                .build();
    }

    static Touchpoint labelAttached(ShopifyDelivery delivery, ShopifyPayloads.ReverseDelivery payload) {
        String returnId = payload.returned().id().toString();
        ShopifyPayloads.ShippingDeliverable deliverable = payload.shippingDeliverable();
        ShopifyPayloads.Tracking tracking = deliverable == null ? null : deliverable.tracking();
        ShopifyPayloads.Label label = deliverable == null ? null : deliverable.label();
        ReturnDetails details = ReturnDetails.newBuilder()
                .setReturnId(returnId)
                .setStatus(SourceReturnStatus.OPEN)
                .setLabelUrl(label == null ? null : label.publicFileUrl())
                .setTrackingNumber(tracking == null ? null : tracking.trackingNumber())
                .build();
        return ShopifyMapping.touchpoint(delivery, ShopifyMapping.id(delivery, "return", returnId, delivery.eventKey()),
                        TouchpointType.RETURN_UPDATED, returnId, occurredAt(delivery), ShopifyMapping.throughOrder(), delivery.triggeredAt())
                .setSourceReturn(details)
                .build();
    }

    private static ItemQuantity line(ShopifyPayloads.ReturnLineItem line) {
        ShopifyPayloads.LineItem orderLine = line.fulfillmentLineItem() == null ? null : line.fulfillmentLineItem().lineItem();
        return ItemQuantity.newBuilder()
                .setSku(orderLine != null ? ShopifyMapping.sku(orderLine) : "shopify-return-line-" + line.id())
                .setQuantity(line.quantity())
                .setLineId(orderLine == null || orderLine.id() == null ? null : orderLine.id().toString())
                .build();
    }

    /** Each line's reason code and the customer's own words, once each. */
    private static String reason(List<ShopifyPayloads.ReturnLineItem> lines) {
        String reasons = lines.stream()
                .map(line -> firstNonBlank(String.join(" ", Optional.ofNullable(line.returnReason()).orElse(""),
                        Optional.ofNullable(firstNonBlank(line.customerNote(), line.returnReasonNote())).map(note -> "(" + note + ")").orElse(""))))
                .filter(Objects::nonNull).distinct().collect(Collectors.joining("; "));
        return reasons.isEmpty() ? null : reasons;
    }

    private static java.time.Instant occurredAt(ShopifyDelivery delivery) {
        return delivery.triggeredAt() != null ? delivery.triggeredAt() : delivery.receivedAt();
    }
}
