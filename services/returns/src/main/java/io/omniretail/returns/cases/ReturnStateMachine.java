package io.omniretail.returns.cases;

import static io.omniretail.events.returns.ReturnStatus.APPROVED;
import static io.omniretail.events.returns.ReturnStatus.EXCHANGED;
import static io.omniretail.events.returns.ReturnStatus.LABEL_ISSUED;
import static io.omniretail.events.returns.ReturnStatus.RECEIVED;
import static io.omniretail.events.returns.ReturnStatus.REFUNDED;
import static io.omniretail.events.returns.ReturnStatus.REJECTED;
import static io.omniretail.events.returns.ReturnStatus.REQUESTED;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import io.omniretail.events.returns.ReturnStatus;

/**
 * The life of a return case (ARCHITECTURE: request -> approve/reject -> received -> refund or exchange):
 * REQUESTED -> APPROVED | REJECTED; APPROVED -> LABEL_ISSUED (a return shipping label went to the customer) |
 * RECEIVED (goods brought to a store); LABEL_ISSUED -> RECEIVED; RECEIVED -> REFUNDED | EXCHANGED. REJECTED, REFUNDED
 * and EXCHANGED are final. Pure: no I/O, no framework.
 */
public final class ReturnStateMachine {

    private static final Map<ReturnStatus, Map<ReturnAction, ReturnStatus>> TRANSITIONS = new EnumMap<>(ReturnStatus.class);

    static {
        TRANSITIONS.put(REQUESTED, new EnumMap<>(Map.of(ReturnAction.APPROVE, APPROVED, ReturnAction.REJECT, REJECTED)));
        TRANSITIONS.put(APPROVED, new EnumMap<>(Map.of(ReturnAction.ISSUE_LABEL, LABEL_ISSUED, ReturnAction.RECEIVE, RECEIVED)));
        TRANSITIONS.put(LABEL_ISSUED, new EnumMap<>(Map.of(ReturnAction.RECEIVE, RECEIVED)));
        TRANSITIONS.put(RECEIVED, new EnumMap<>(Map.of(ReturnAction.REFUND, REFUNDED, ReturnAction.EXCHANGE, EXCHANGED)));
    }

    private ReturnStateMachine() {
    }

    /** The status after the action, or {@link InvalidTransitionException} when the action is not allowed. */
    public static ReturnStatus next(ReturnStatus from, ReturnAction action) {
        ReturnStatus to = TRANSITIONS.getOrDefault(from, Map.of()).get(action);
        if (to == null) {
            throw new InvalidTransitionException(from, action);
        }
        return to;
    }

    public static boolean allows(ReturnStatus from, ReturnAction action) {
        return TRANSITIONS.getOrDefault(from, Map.of()).containsKey(action);
    }

    /** The actions allowed in a status (empty for a final status). */
    public static Set<ReturnAction> actionsFrom(ReturnStatus from) {
        Map<ReturnAction, ReturnStatus> next = TRANSITIONS.get(from);
        return next == null || next.isEmpty() ? EnumSet.noneOf(ReturnAction.class) : EnumSet.copyOf(next.keySet());
    }

    public static boolean isFinal(ReturnStatus status) {
        return actionsFrom(status).isEmpty();
    }

    static String pastTense(ReturnAction action) {
        return switch (action) {
            case APPROVE -> "approved";
            case REJECT -> "rejected";
            case ISSUE_LABEL -> "sent a label";
            case RECEIVE -> "received";
            case REFUND -> "refunded";
            case EXCHANGE -> "exchanged";
        };
    }
}
