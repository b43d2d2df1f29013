package org.scx4j.schedulers.pair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How CPUs are paired from the stride, and which strides are refused. */
class PairsTest {

    @Test
    void theDefaultStridePairsEachCpuWithTheOneHalfTheMachineAway() {
        Pairs p = Pairs.of(8, Pairs.defaultStride(8));
        assertThat(p.partner()).containsExactly(4, 5, 6, 7, 0, 1, 2, 3);
        assertThat(p.pairId()).containsExactly(0, 1, 2, 3, 0, 1, 2, 3);
        assertThat(p.index()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1);
        assertThat(p.describe()).isEqualTo("[0, 4] [1, 5] [2, 6] [3, 7] ");
    }

    @Test
    void twoCpusMakeOnePair() {
        Pairs p = Pairs.of(2, Pairs.defaultStride(2));
        assertThat(p.partner()).containsExactly(1, 0);
        assertThat(p.index()).containsExactly(0, 1);
    }

    @Test
    void strideOnePairsNeighbours() {
        Pairs p = Pairs.of(4, 1);
        assertThat(p.describe()).isEqualTo("[0, 1] [2, 3] ");
        assertThat(p.pairId()).containsExactly(0, 0, 1, 1);
    }

    @Test
    void everyCpuIsInExactlyOnePairOfTwoDistinctCpus() {
        for (int n = 2; n <= 64; n += 2)
            for (int stride = 1; stride < n; stride++) {
                Pairs p;
                try {
                    p = Pairs.of(n, stride);
                } catch (IllegalArgumentException refused) {
                    continue;
                }
                for (int cpu = 0; cpu < n; cpu++) {
                    int other = p.partner()[cpu];
                    assertThat(other).isNotEqualTo(cpu);
                    assertThat(p.partner()[other]).isEqualTo(cpu);
                    assertThat(p.pairId()[other]).isEqualTo(p.pairId()[cpu]);
                    assertThat(p.index()[other]).isEqualTo(1 - p.index()[cpu]);
                }
            }
    }

    @Test
    void aStrideThatLeavesACpuWithoutAPairIsRefused() {
        // 4 CPUs, stride 3: CPU 0 pairs with 3, then CPU 1 would pair with 0.
        assertThatThrownBy(() -> Pairs.of(4, 3)).hasMessageContaining("-S 3").hasMessageContaining("without a pair");
        assertThatThrownBy(() -> Pairs.of(6, 2)).hasMessageContaining("-S 2");
    }

    @Test
    void strideOutOfRangeOrOddCpuCountsAreRefused() {
        assertThatThrownBy(() -> Pairs.of(2, 2)).hasMessageContaining("-S 2").hasMessageContaining("(2)");
        assertThatThrownBy(() -> Pairs.of(4, 0)).hasMessageContaining("-S 0");
        assertThatThrownBy(() -> Pairs.of(4, -1)).hasMessageContaining("-S -1");
        assertThatThrownBy(() -> Pairs.of(3, 1)).hasMessageContaining("even number of CPUs");
    }
}
