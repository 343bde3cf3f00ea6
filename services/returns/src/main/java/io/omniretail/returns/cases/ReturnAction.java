package io.omniretail.returns.cases;

/** What an associate does to a return case. */
public enum ReturnAction {
    APPROVE, REJECT, RECEIVE, REFUND, EXCHANGE
}
