package io.omniretail.returns.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.omniretail.events.returns.ReturnStatus;

class ReturnStateMachineTest {

    @Test
    void theHappyPathGoesFromRequestedToRefunded() {
        ReturnStatus status = ReturnStatus.REQUESTED;
        status = ReturnStateMachine.next(status, ReturnAction.APPROVE);
        assertThat(status).isEqualTo(ReturnStatus.APPROVED);
        status = ReturnStateMachine.next(status, ReturnAction.RECEIVE);
        assertThat(status).isEqualTo(ReturnStatus.RECEIVED);
        status = ReturnStateMachine.next(status, ReturnAction.REFUND);
        assertThat(status).isEqualTo(ReturnStatus.REFUNDED);
        assertThat(ReturnStateMachine.isFinal(status)).isTrue();
    }

    @Test
    void aRequestCanBeRejectedAndAReceivedReturnExchanged() {
        assertThat(ReturnStateMachine.next(ReturnStatus.REQUESTED, ReturnAction.REJECT)).isEqualTo(ReturnStatus.REJECTED);
        assertThat(ReturnStateMachine.next(ReturnStatus.RECEIVED, ReturnAction.EXCHANGE)).isEqualTo(ReturnStatus.EXCHANGED);
    }

    @Test
    void stepsCannotBeSkippedOrRepeated() {
        assertThatThrownBy(() -> ReturnStateMachine.next(ReturnStatus.REQUESTED, ReturnAction.RECEIVE))
                .isInstanceOf(InvalidTransitionException.class).hasMessageContaining("REQUESTED");
        assertThatThrownBy(() -> ReturnStateMachine.next(ReturnStatus.REQUESTED, ReturnAction.REFUND))
                .isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> ReturnStateMachine.next(ReturnStatus.APPROVED, ReturnAction.APPROVE))
                .isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> ReturnStateMachine.next(ReturnStatus.APPROVED, ReturnAction.REFUND))
                .isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> ReturnStateMachine.next(ReturnStatus.APPROVED, ReturnAction.REJECT))
                .isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> ReturnStateMachine.next(ReturnStatus.RECEIVED, ReturnAction.APPROVE))
                .isInstanceOf(InvalidTransitionException.class);
    }

    @ParameterizedTest
    @EnumSource(value = ReturnStatus.class, names = {"REJECTED", "REFUNDED", "EXCHANGED", "UNKNOWN"})
    void finalStatusesAllowNothing(ReturnStatus status) {
        assertThat(ReturnStateMachine.isFinal(status)).isTrue();
        assertThat(ReturnStateMachine.actionsFrom(status)).isEmpty();
        for (ReturnAction action : ReturnAction.values()) {
            assertThat(ReturnStateMachine.allows(status, action)).isFalse();
            assertThatThrownBy(() -> ReturnStateMachine.next(status, action)).isInstanceOf(InvalidTransitionException.class);
        }
    }

    @Test
    void eachOpenStatusOffersItsNextActions() {
        assertThat(ReturnStateMachine.actionsFrom(ReturnStatus.REQUESTED)).containsExactlyInAnyOrder(ReturnAction.APPROVE, ReturnAction.REJECT);
        assertThat(ReturnStateMachine.actionsFrom(ReturnStatus.APPROVED)).containsExactlyInAnyOrder(ReturnAction.ISSUE_LABEL, ReturnAction.RECEIVE);
        assertThat(ReturnStateMachine.actionsFrom(ReturnStatus.LABEL_ISSUED)).containsExactly(ReturnAction.RECEIVE);
        assertThat(ReturnStateMachine.actionsFrom(ReturnStatus.RECEIVED)).containsExactlyInAnyOrder(ReturnAction.REFUND, ReturnAction.EXCHANGE);
    }
}
