package io.omniretail.loyalty.ledger;

/** Kinds of ledger entry; stored by name (points_ledger.kind). */
public enum LedgerKind {
    /** Points for a purchase; reference = order id. */
    EARN,
    /** Points taken back by a refund of an order; reference = refund id. */
    REVERSAL,
    /** Points granted by a reward command (sign-up bonus, birthday, survey); reference = commandId. */
    BONUS,
    /** Balance received from an absorbed account; reference = the absorbed customer id. */
    MERGE_IN,
    /** Balance handed to the survivor by an absorbed account; reference = the absorbed customer id. */
    MERGE_OUT
}
