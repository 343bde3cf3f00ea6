package io.omniretail.kit.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BatchesTest {

    @Test
    void batchesKeepTheOrderAndLeaveTheRemainderLast() {
        List<Integer> all = IntStream.range(0, 250).boxed().toList();
        List<List<Integer>> batches = Batches.of(all, 100);
        assertThat(batches).extracting(List::size).containsExactly(100, 100, 50);
        assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(all);
    }

    @Test
    void anExactMultipleHasNoEmptyBatchAndNothingHasNone() {
        assertThat(Batches.of(IntStream.range(0, 200).boxed().toList(), 100)).hasSize(2);
        assertThat(Batches.of(List.of(), 100)).isEmpty();
    }

    @Test
    void aBatchHoldsAtLeastOneItem() {
        assertThatIllegalArgumentException().isThrownBy(() -> Batches.of(List.of(1), 0));
    }
}
