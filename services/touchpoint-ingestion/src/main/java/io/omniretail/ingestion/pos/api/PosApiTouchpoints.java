package io.omniretail.ingestion.pos.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.omniretail.events.touchpoint.AppointmentDetails;
import io.omniretail.events.touchpoint.AppointmentStatus;
import io.omniretail.events.touchpoint.ConsentHint;
import io.omniretail.events.touchpoint.FulfillmentDetails;
import io.omniretail.events.touchpoint.FulfillmentStatus;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.ItemQuantity;
import io.omniretail.events.touchpoint.LineItem;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.RefundDetails;
import io.omniretail.events.touchpoint.RefundLine;
import io.omniretail.events.touchpoint.ShipmentStatus;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.ingestion.pos.PosTransactionAssembler;
import io.omniretail.ingestion.pos.PosTransactionAssembler.Keyed;
import io.omniretail.ingestion.publish.Amounts;
import io.omniretail.kit.EventMetadataFactory;

/**
 * POS API requests → the touchpoints a store's POS database gives through CDC (STORE_POS, source "pos", the store,
 * a loyalty card as a verified identifier). The touchpoint id is derived from the store and the request's
 * Idempotency-Key, so a retried request is the same event and downstream inboxes drop it (the first body wins). The
 * order is named by its receipt ({@link #orderId}), so a return names its sale the way the till prints it. Pure.
 */
final class PosApiTouchpoints {

    private PosApiTouchpoints() {
    }

    static String orderId(String store, String receiptNo) {
        return "pos-receipt:" + store + ":" + receiptNo;
    }

    /** Whether the request names anybody: a sale without a card, e-mail or phone is nobody's touchpoint. */
    static boolean identifies(PosApiRequests.Member member) {
        return member != null && (present(member.loyaltyCard()) || present(member.email()) || present(member.phone()));
    }

    static Keyed sale(String store, String idempotencyKey, PosApiRequests.Sale sale, String country) {
        String id = EventMetadataFactory.derivedId("pos-api", store, "sale", idempotencyKey);
        Instant soldAt = sale.soldAt().toInstant();
        String currency = sale.currency();
        Map<String, String> attributes = sale.tenders() == null || sale.tenders().isEmpty() ? Map.of()
                : Map.of("tenders", sale.tenders().stream().map(t -> t.method() + ":" + t.amount().stripTrailingZeros().toPlainString())
                        .collect(Collectors.joining(",")));
        Touchpoint touchpoint = frame(id, TouchpointType.PURCHASE, store, "receipt:" + sale.receiptNo(), soldAt,
                        identity(sale.customer(), country))
                .setPurchase(PurchaseDetails.newBuilder()
                        .setOrderId(orderId(store, sale.receiptNo()))
                        .setOrderNumber(sale.receiptNo())
                        .setTotal(Amounts.money(currency, sale.total()))
                        .setLines(sale.lines().stream().map(line -> LineItem.newBuilder()
                                .setSku(line.sku())
                                .setTitle(Optional.ofNullable(line.title()).orElse(""))
                                .setQuantity(line.quantity())
                                .setUnitPrice(Amounts.money(currency, line.unitPrice()))
                                .setCategory(present(line.category()) ? line.category() : null)
                                .build()).toList())
                        .setPlacedAt(soldAt)
                        .setCouponCodes(Optional.ofNullable(sale.couponCodes()).orElse(List.of()))
                        .setReceiptReference(PosTransactionAssembler.receiptReference(store, sale.receiptNo()))
                        .build())
                .setMarketingConsent(null)
                .setConsents(consents(sale.customer(), soldAt))
                .setAttributes(attributes)
                .build();
        return new Keyed(key(sale.customer(), "pos-receipt:" + store + ":" + sale.receiptNo()), touchpoint);
    }

    static Keyed returned(String store, String idempotencyKey, PosApiRequests.Return returned) {
        String id = EventMetadataFactory.derivedId("pos-api", store, "return", idempotencyKey);
        Instant at = returned.returnedAt().toInstant();
        String currency = returned.currency();
        Touchpoint touchpoint = frame(id, TouchpointType.REFUND, store, "return:" + idempotencyKey, at,
                        // a return names the receipt, not the customer: customer-360 finds the buyer through the order
                        IdentityHints.newBuilder().setVerified(true).build())
                .setRefund(RefundDetails.newBuilder()
                        .setRefundId("pos-api-return:" + store + ":" + idempotencyKey)
                        .setOrderId(orderId(store, returned.receiptNo()))
                        .setAmount(Amounts.money(currency, returned.amount()))
                        .setLines(returned.lines().stream().map(line -> RefundLine.newBuilder().setSku(line.sku())
                                .setQuantity(line.quantity()).setAmount(Amounts.money(currency, line.amount())).build()).toList())
                        .setReason(present(returned.reason()) ? returned.reason() : null)
                        .build())
                .build();
        return new Keyed("pos-receipt:" + store + ":" + returned.receiptNo(), touchpoint);
    }

    /** A loyalty card sign-up at the till: the customer's SIGNUP with their marketing choices. */
    static Keyed member(String store, String idempotencyKey, PosApiRequests.Member member, String country, Instant at) {
        String id = EventMetadataFactory.derivedId("pos-api", store, "member", idempotencyKey);
        Touchpoint touchpoint = frame(id, TouchpointType.SIGNUP, store, "member:" + idempotencyKey, at, identity(member, country))
                .setConsents(consents(member, at))
                .build();
        return new Keyed(key(member, "pos-member:" + store + ":" + idempotencyKey), touchpoint);
    }

    /** The first report of an appointment books it; every later one (moved, cancelled, attended, missed) updates it. */
    static Keyed appointment(String store, String idempotencyKey, PosApiRequests.Appointment appointment, String country) {
        String id = EventMetadataFactory.derivedId("pos-api", store, "appointment", idempotencyKey);
        Instant startsAt = appointment.startsAt().toInstant();
        TouchpointType type = appointment.status() == PosApiRequests.AppointmentState.BOOKED
                ? TouchpointType.APPOINTMENT_BOOKED : TouchpointType.APPOINTMENT_UPDATED;
        Touchpoint touchpoint = frame(id, type, store, "appointment:" + appointment.appointmentId(), Instant.now(),
                        identity(appointment.customer(), country))
                .setAppointment(AppointmentDetails.newBuilder()
                        .setAppointmentId(appointment.appointmentId())
                        .setStatus(AppointmentStatus.valueOf(appointment.status().name()))
                        .setStartsAt(startsAt)
                        .setEndsAt(appointment.endsAt() == null ? null : appointment.endsAt().toInstant())
                        .setService(appointment.service())
                        .setAdvisor(present(appointment.advisor()) ? appointment.advisor() : null)
                        .build())
                .build();
        return new Keyed(key(appointment.customer(), "pos-appointment:" + store + ":" + appointment.appointmentId()), touchpoint);
    }

    /**
     * A BOPIS pickup as a fulfilment of the order, in Shopify's words (ready: OPEN and READY_FOR_PICKUP; collected:
     * SUCCESS and PICKED_UP): the same touchpoint a Shopify local pickup gives, resolved through the order.
     */
    static Keyed pickup(String store, String idempotencyKey, PosApiRequests.Pickup pickup) {
        String id = EventMetadataFactory.derivedId("pos-api", store, "pickup", idempotencyKey);
        FulfillmentStatus status = switch (pickup.status()) {
            case READY -> FulfillmentStatus.OPEN;
            case PICKED_UP -> FulfillmentStatus.SUCCESS;
            case CANCELLED -> FulfillmentStatus.CANCELLED;
        };
        ShipmentStatus progress = switch (pickup.status()) {
            case READY -> ShipmentStatus.READY_FOR_PICKUP;
            case PICKED_UP -> ShipmentStatus.PICKED_UP;
            case CANCELLED -> ShipmentStatus.UNKNOWN;
        };
        Touchpoint touchpoint = frame(id, TouchpointType.FULFILLMENT_UPDATED, store, "pickup:" + pickup.pickupId(),
                        pickup.at().toInstant(), IdentityHints.newBuilder().setVerified(true).build())
                .setFulfillment(FulfillmentDetails.newBuilder()
                        .setFulfillmentId("pos-pickup:" + store + ":" + pickup.pickupId())
                        .setOrderId(pickup.orderId())
                        .setStatus(status)
                        .setShipmentStatus(progress)
                        .setLines(Optional.ofNullable(pickup.lines()).orElse(List.of()).stream().map(line -> ItemQuantity.newBuilder()
                                .setSku(line.sku()).setQuantity(line.quantity()).build()).toList())
                        .build())
                .build();
        // keyed like the order's other deliveries, so that a pickup follows what Shopify said of the order
        return new Keyed("shopify-order:" + pickup.orderId(), touchpoint);
    }

    private static Touchpoint.Builder frame(String id, TouchpointType type, String store, String reference, Instant at,
            IdentityHints identity) {
        return Touchpoint.newBuilder()
                .setMetadata(EventMetadataFactory.origin(id, at, "pos:" + store))
                .setTouchpointId(id)
                .setType(type)
                .setChannel(TouchpointChannel.STORE_POS)
                .setSourceSystem("pos")
                .setSourceReference(reference)
                .setStoreId(store)
                .setIdentity(identity);
    }

    /** A card handed over at the till verifies; details typed in by an associate alone do not (they never merge). */
    private static IdentityHints identity(PosApiRequests.Member member, String country) {
        if (member == null) {
            return IdentityHints.newBuilder().setCountryCode(country).build();
        }
        return IdentityHints.newBuilder()
                .setPosLoyaltyCard(present(member.loyaltyCard()) ? member.loyaltyCard().trim() : null)
                .setEmail(present(member.email()) ? member.email().trim() : null)
                .setRawPhone(present(member.phone()) ? member.phone().trim() : null)
                .setFirstName(member.firstName())
                .setLastName(member.lastName())
                .setLocale(member.locale())
                .setBirthDate(member.birthDate())
                .setCountryCode(country)
                .setVerified(present(member.loyaltyCard()))
                .build();
    }

    private static List<ConsentHint> consents(PosApiRequests.Member member, Instant at) {
        List<ConsentHint> consents = new ArrayList<>();
        if (member != null && member.emailMarketing() != null) {
            consents.add(ConsentHint.newBuilder().setChannel("EMAIL").setGranted(member.emailMarketing()).setCapturedAt(at).build());
        }
        if (member != null && member.smsMarketing() != null) {
            consents.add(ConsentHint.newBuilder().setChannel("SMS").setGranted(member.smsMarketing()).setCapturedAt(at).build());
        }
        return consents;
    }

    private static String key(PosApiRequests.Member member, String fallback) {
        if (member != null && present(member.loyaltyCard())) {
            return "pos-card:" + member.loyaltyCard().trim();
        }
        if (member != null && present(member.email())) {
            return "email:" + member.email().trim().toLowerCase(Locale.ROOT);
        }
        return fallback;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
