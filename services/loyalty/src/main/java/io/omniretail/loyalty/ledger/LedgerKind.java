package io.omniretail.loyalty.ledger;

/** Kinds of ledger entry; stored by name (points_ledger.kind). */
public enum LedgerKind {
    /** Points for a purchase; reference = order id. */
    EARN,
    /**
     * Points taken back from an order; reference = the refund id, "cancelled:&lt;order id&gt;" or
     * "return-case:&lt;case id&gt;" (an associate's refund).
     */
    REVERSAL,
    /** Points granted by a reward command (sign-up bonus, birthday, survey); reference = commandId. */
    BONUS,
    /** Balance received from an absorbed account; reference = the absorbed customer id. */
    MERGE_IN,
    /** Balance handed to the survivor by an absorbed account; reference = the absorbed customer id. */
    MERGE_OUT,
    /** Points that lapsed (FIFO, see PointsExpiry); reference = "expiry:&lt;day&gt;", one per account and day. */
    EXPIRY,
    /** Points spent on a redemption code; reference = the redemption id. */
    REDEMPTION,
    /** A redemption's points given back (cancelled, unused, or its order cancelled); reference = the redemption id. */
    RELEASE
}
