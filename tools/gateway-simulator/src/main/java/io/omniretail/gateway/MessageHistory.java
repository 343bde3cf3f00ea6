package io.omniretail.gateway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;

import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.notification.DeliveryStatus;
import io.omniretail.events.notification.DispatchMessage;

/**
 * The last N messages the simulated providers handled (a ring buffer, newest first): what would have reached the
 * customers' phones, mailboxes and apps. Thread-safe; pure (no CDI), the bean is produced by {@link GatewayBeans}.
 */
public final class MessageHistory {

    /** One handled message and its latest status, as GET /gateway/messages shows it. */
    public record Entry(
            String dispatchId,
            String notificationId,
            String customerId,
            ContactChannel channel,
            String recipient,
            String language,
            String subject,
            String body,
            ConsentPurpose purpose,
            DeliveryStatus status,
            String providerMessageId,
            String errorCode,
            String errorMessage,
            Instant receivedAt,
            Instant updatedAt) {

        public static Entry of(DispatchMessage dispatch, DeliveryStatus status, String providerMessageId,
                String errorCode, String errorMessage, Instant at) {
            return new Entry(dispatch.getDispatchId(), dispatch.getNotificationId(), dispatch.getCustomerId(),
                    dispatch.getChannel(), dispatch.getRecipient(), dispatch.getLanguage(), dispatch.getSubject(),
                    dispatch.getBody(), dispatch.getPurpose(), status, providerMessageId, errorCode, errorMessage, at, at);
        }

        public Entry withStatus(DeliveryStatus newStatus, Instant at) {
            return new Entry(dispatchId, notificationId, customerId, channel, recipient, language, subject, body, purpose,
                    newStatus, providerMessageId, errorCode, errorMessage, receivedAt, at);
        }
    }

    private final int capacity;
    /** Newest first; at most {@link #capacity} entries. */
    private final ArrayList<Entry> entries;

    public MessageHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.entries = new ArrayList<>(capacity + 1);
    }

    public int capacity() {
        return capacity;
    }

    /** Adds the newest entry, dropping the oldest beyond the capacity. */
    public synchronized void add(Entry entry) {
        entries.add(0, entry);
        while (entries.size() > capacity) {
            entries.remove(entries.size() - 1);
        }
    }

    /** Sets the status of the entry of this dispatch (if still in the buffer). */
    public synchronized void updateStatus(String dispatchId, DeliveryStatus status, Instant at) {
        for (ListIterator<Entry> it = entries.listIterator(); it.hasNext();) {
            Entry entry = it.next();
            if (entry.dispatchId().equals(dispatchId)) {
                it.set(entry.withStatus(status, at));
                return;
            }
        }
    }

    /** Newest first; all channels when {@code channel} is null. */
    public synchronized List<Entry> newestFirst(ContactChannel channel) {
        if (channel == null) {
            return List.copyOf(entries);
        }
        List<Entry> matching = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.channel() == channel) {
                matching.add(entry);
            }
        }
        return List.copyOf(matching);
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
