package io.omniretail.customer.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.omniretail.events.common.Money;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.events.notification.NotificationEvent;
import io.omniretail.events.notification.NotificationOutcome;
import io.omniretail.events.returns.ReturnCaseEvent;
import io.omniretail.events.returns.ReturnOrigin;
import io.omniretail.events.returns.ReturnStatus;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.LineItem;
import io.omniretail.events.touchpoint.MessageDetails;
import io.omniretail.events.touchpoint.MessageDirection;
import io.omniretail.events.touchpoint.MessageKind;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.EventMetadataFactory;

class TimelineEntriesTest {

    static final Instant AT = Instant.parse("2026-12-02T09:30:00Z");

    @Test
    void aPurchaseSaysWhatWasBoughtWhereAndNeverWho() {
        Touchpoint purchase = touchpoint(TouchpointType.PURCHASE, TouchpointChannel.STORE_POS).setStoreId("store-042")
                .setPurchase(PurchaseDetails.newBuilder().setOrderId("pos-sale:9").setOrderNumber("R-9").setTotal(yen(5_480))
                        .setLines(List.of(line("Shoes"), line("Socks"), line("Shoes"), line(null))).setPlacedAt(AT).build()).build();
        TimelineEntry entry = TimelineEntries.of(purchase, "c-1");
        assertThat(entry.entryId).isEqualTo(purchase.getTouchpointId());
        assertThat(entry.kind).isEqualTo(TimelineEntry.Kind.TOUCHPOINT);
        assertThat(entry.type).isEqualTo("PURCHASE");
        assertThat(entry.channel).isEqualTo("STORE_POS");
        assertThat(entry.storeId).isEqualTo("store-042");
        assertThat(entry.occurredAt).isEqualTo(AT);
        assertThat(entry.summary).isEqualTo("Purchase 5480 JPY, order R-9");
        assertThat(entry.details).containsEntry("orderId", "pos-sale:9").containsEntry("lines", 4)
                .containsEntry("categories", List.of("Shoes", "Socks"))
                .containsEntry("total", Map.of("amount", "5480.0000", "currency", "JPY"));
        assertThat(entry.details.toString()).doesNotContain("hana@example.jp", "+819012345678");
    }

    @Test
    void aLongMessageIsClipped() {
        Touchpoint message = touchpoint(TouchpointType.MESSAGE_RECEIVED, TouchpointChannel.LINE)
                .setMessage(MessageDetails.newBuilder().setConversationId("line-1").setDirection(MessageDirection.INBOUND)
                        .setKind(MessageKind.TEXT).setText("あ".repeat(600)).build()).build();
        TimelineEntry entry = TimelineEntries.of(message, "c-1");
        assertThat((String) entry.details.get("text")).hasSize(TimelineEntries.MAX_TEXT + 1).endsWith("…");
        assertThat(entry.details).containsEntry("direction", "INBOUND").containsEntry("conversationId", "line-1");
    }

    @Test
    void otherServicesEventsSayWhatChanged() {
        LoyaltyEvent tier = LoyaltyEvent.newBuilder().setMetadata(EventMetadataFactory.origin("l-1", AT, "loyalty"))
                .setCustomerId("c-1").setType(LoyaltyEventType.TIER_CHANGED).setPointsDelta(0).setBalance(300).setTier("GOLD")
                .setPreviousTier("SILVER").setReference("order-1").setLedgerEntryId("le-1").build();
        assertThat(TimelineEntries.of(tier, "c-1").summary).isEqualTo("Tier changed from SILVER to GOLD");
        LoyaltyEvent earned = LoyaltyEvent.newBuilder(tier).setType(LoyaltyEventType.POINTS_EARNED).setPointsDelta(54).build();
        assertThat(TimelineEntries.of(earned, "c-1").summary).isEqualTo("Points earned +54 points, balance 300");
        LoyaltyEvent member = LoyaltyEvent.newBuilder(tier).setType(LoyaltyEventType.MEMBERSHIP_STARTED).setMembershipPlan("PREMIUM")
                .setMembershipEndsAt(Instant.parse("2027-12-01T00:00:00Z")).build();
        assertThat(TimelineEntries.of(member, "c-1").summary).isEqualTo("Membership PREMIUM until 2027-12-01T00:00:00Z");
        assertThat(TimelineEntries.of(LoyaltyEvent.newBuilder(member).setType(LoyaltyEventType.MEMBERSHIP_ENDED).setMembershipPlan(null)
                .build(), "c-1").summary).isEqualTo("Membership ended 2027-12-01T00:00:00Z");

        ReturnCaseEvent refunded = ReturnCaseEvent.newBuilder().setMetadata(EventMetadataFactory.origin("r-1", AT, "returns"))
                .setReturnCaseId("rma-1").setCustomerId("c-1").setOrderId("1001").setStatus(ReturnStatus.REFUNDED)
                .setOrigin(ReturnOrigin.ASSOCIATE).setRefundAmount(yen(1_200)).build();
        TimelineEntry returned = TimelineEntries.of(refunded, "c-1");
        assertThat(returned.summary).isEqualTo("Return refunded for order 1001, 1200 JPY");
        assertThat(returned.kind).isEqualTo(TimelineEntry.Kind.RETURN);

        NotificationEvent held = NotificationEvent.newBuilder().setMetadata(EventMetadataFactory.origin("n-1", AT, "notifications"))
                .setNotificationId("n").setCustomerId("c-1").setOutcome(NotificationOutcome.HELD_QUIET_HOURS)
                .setChannel(ContactChannel.SMS).build();
        TimelineEntry notification = TimelineEntries.of(held, "c-1");
        assertThat(notification.summary).isEqualTo("Notification held quiet hours on SMS");
        assertThat(notification.channel).isEqualTo("SMS");
        assertThat(notification.entryId).isEqualTo("n-1");
    }

    private static Touchpoint.Builder touchpoint(TouchpointType type, TouchpointChannel channel) {
        return Touchpoint.newBuilder().setMetadata(EventMetadataFactory.origin("t-1", AT, "test")).setTouchpointId("t-1")
                .setType(type).setChannel(channel).setSourceSystem("test").setSourceReference("t-1")
                .setIdentity(IdentityHints.newBuilder().setEmail("hana@example.jp").setPhone("+819012345678").build());
    }

    private static LineItem line(String category) {
        return LineItem.newBuilder().setSku("SKU").setTitle("Item").setQuantity(1).setUnitPrice(yen(100)).setCategory(category).build();
    }

    private static Money yen(long amount) {
        return Money.newBuilder().setCurrency("JPY").setAmount(BigDecimal.valueOf(amount).setScale(4)).build();
    }
}
