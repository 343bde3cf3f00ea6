package io.omniretail.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.notification.DeliveryStatus;

class MessageHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static MessageHistory.Entry entry(String dispatchId, ContactChannel channel) {
        return new MessageHistory.Entry(dispatchId, "n-" + dispatchId, "c-1", channel, "+819012345678", "ja", null,
                "ご注文ありがとうございます", ConsentPurpose.TRANSACTIONAL, DeliveryStatus.ACCEPTED, "sim-1", null, null, T0, T0);
    }

    @Test
    void newestFirstAndOnlyTheLastCapacityEntries() {
        MessageHistory history = new MessageHistory(3);
        for (int i = 1; i <= 5; i++) {
            history.add(entry("d" + i, ContactChannel.SMS));
        }

        assertThat(history.newestFirst(null)).extracting(MessageHistory.Entry::dispatchId).containsExactly("d5", "d4", "d3");
        assertThat(history.size()).isEqualTo(3);
    }

    @Test
    void filtersByChannel() {
        MessageHistory history = new MessageHistory(10);
        history.add(entry("sms-1", ContactChannel.SMS));
        history.add(entry("mail-1", ContactChannel.EMAIL));
        history.add(entry("sms-2", ContactChannel.SMS));

        assertThat(history.newestFirst(ContactChannel.SMS)).extracting(MessageHistory.Entry::dispatchId)
                .containsExactly("sms-2", "sms-1");
        assertThat(history.newestFirst(ContactChannel.LINE)).isEmpty();
    }

    @Test
    void aStatusUpdateKeepsThePlaceInTheBuffer() {
        MessageHistory history = new MessageHistory(10);
        history.add(entry("d1", ContactChannel.SMS));
        history.add(entry("d2", ContactChannel.SMS));

        history.updateStatus("d1", DeliveryStatus.DELIVERED, T0.plusSeconds(1));
        history.updateStatus("unknown", DeliveryStatus.DELIVERED, T0.plusSeconds(1));

        assertThat(history.newestFirst(null)).extracting(MessageHistory.Entry::dispatchId).containsExactly("d2", "d1");
        MessageHistory.Entry d1 = history.newestFirst(null).get(1);
        assertThat(d1.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(d1.receivedAt()).isEqualTo(T0);
        assertThat(d1.updatedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(d1.body()).isEqualTo("ご注文ありがとうございます");
    }

    @Test
    void clearEmptiesTheBufferAndCapacityMustBePositive() {
        MessageHistory history = new MessageHistory(2);
        history.add(entry("d1", ContactChannel.PUSH));
        history.clear();

        assertThat(history.newestFirst(null)).isEmpty();
        assertThatThrownBy(() -> new MessageHistory(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
