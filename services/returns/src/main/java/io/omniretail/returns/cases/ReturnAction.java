package io.omniretail.returns.cases;

/** What an associate does to a return case. */
public enum ReturnAction {
    APPROVE, REJECT, ISSUE_LABEL, RECEIVE, REFUND, EXCHANGE
}
