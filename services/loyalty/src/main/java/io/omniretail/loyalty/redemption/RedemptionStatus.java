package io.omniretail.loyalty.redemption;

/** Where a redemption code stands; stored by name (points_redemption.status). */
public enum RedemptionStatus {
    /** Issued, its points debited, no order has used it yet. */
    HELD,
    /** An order used it; its points stay spent unless that order is cancelled. */
    CAPTURED,
    /** Its points were given back: cancelled, unused within the hold, or its order cancelled. Final. */
    RELEASED
}
