package io.omniretail.notifications.dispatch;

/** One attempt on one channel: QUEUED for the channel's send rate, SENT to the gateway, then what receipts report; CANCELLED while queued. */
public enum DispatchStatus {
    QUEUED, SENT, ACCEPTED, DELIVERED, FAILED, BOUNCED, REJECTED, UNKNOWN, CANCELLED;

    public boolean failed() {
        return this == FAILED || this == BOUNCED || this == REJECTED;
    }
}
