package io.omniretail.notifications.dispatch;

/** Where a notification stands (the outcome events tell how it got there). */
public enum NotificationStatus {
    /** Its customer's profile has not reached notifications yet. */
    AWAITING_PROFILE,
    /** Held for quiet hours or its notBefore, until releaseAt. */
    HELD,
    /** Its dispatch waits for the channel's send rate. */
    QUEUED,
    DISPATCHED,
    DELIVERED,
    FAILED,
    /** Not sent by rule (no channel with consent, the frequency cap): the reason is in detail. */
    SUPPRESSED,
    CANCELLED
}
