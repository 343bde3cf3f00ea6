package io.omniretail.returns.cases;

import io.omniretail.events.returns.ReturnStatus;

/** The action is not allowed in the case's current status. */
public class InvalidTransitionException extends RuntimeException {

    private final ReturnStatus from;
    private final ReturnAction action;

    public InvalidTransitionException(ReturnStatus from, ReturnAction action) {
        super("a case in status " + from + " cannot be " + ReturnStateMachine.pastTense(action)
                + "; allowed from " + from + ": " + ReturnStateMachine.actionsFrom(from));
        this.from = from;
        this.action = action;
    }

    public ReturnStatus from() {
        return from;
    }

    public ReturnAction action() {
        return action;
    }
}
