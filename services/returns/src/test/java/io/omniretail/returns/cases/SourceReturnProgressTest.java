package io.omniretail.returns.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.omniretail.events.returns.ReturnStatus;
import io.omniretail.events.touchpoint.SourceReturnStatus;

class SourceReturnProgressTest {

    static final Set<ReturnStatus> FINAL = EnumSet.of(ReturnStatus.REJECTED, ReturnStatus.REFUNDED, ReturnStatus.EXCHANGED);
    static final List<ReturnStatus> FORWARD = List.of(ReturnStatus.REQUESTED, ReturnStatus.APPROVED, ReturnStatus.LABEL_ISSUED, ReturnStatus.RECEIVED);

    @Test
    void everySourceStatusReadsAsTheCaseStatusItMeansAndAnUnknownOneAsNothing() {
        assertThat(SourceReturnProgress.statusFor(SourceReturnStatus.REQUESTED)).contains(ReturnStatus.REQUESTED);
        assertThat(SourceReturnProgress.statusFor(SourceReturnStatus.OPEN)).contains(ReturnStatus.APPROVED);
        assertThat(SourceReturnProgress.statusFor(SourceReturnStatus.CLOSED)).contains(ReturnStatus.RECEIVED);
        assertThat(SourceReturnProgress.statusFor(SourceReturnStatus.DECLINED)).contains(ReturnStatus.REJECTED);
        assertThat(SourceReturnProgress.statusFor(SourceReturnStatus.CANCELED)).contains(ReturnStatus.REJECTED);
        assertThat(SourceReturnProgress.statusFor(SourceReturnStatus.UNKNOWN)).isEmpty();
    }

    @Test
    void aCaseMovesOnlyForwardAndNeverLeavesAFinalStatus() {
        for (ReturnStatus from : ReturnStatus.values()) {
            for (ReturnStatus to : ReturnStatus.values()) {
                boolean expected;
                if (FINAL.contains(from) || to == ReturnStatus.UNKNOWN) {
                    expected = false;
                } else if (from == ReturnStatus.UNKNOWN) {
                    expected = true;
                } else {
                    int fromRank = FORWARD.indexOf(from);
                    int toRank = FINAL.contains(to) ? FORWARD.size() : FORWARD.indexOf(to);
                    expected = toRank > fromRank;
                }
                assertThat(SourceReturnProgress.advances(from, to)).as(from + " -> " + to).isEqualTo(expected);
            }
        }
    }

    @Test
    void aLateRequestDeliveredAfterTheApprovalDoesNotTakeTheCaseBack() {
        assertThat(SourceReturnProgress.advances(ReturnStatus.APPROVED, ReturnStatus.REQUESTED)).isFalse();
        assertThat(SourceReturnProgress.advances(ReturnStatus.REQUESTED, ReturnStatus.RECEIVED)).as("a skipped approval").isTrue();
    }
}
