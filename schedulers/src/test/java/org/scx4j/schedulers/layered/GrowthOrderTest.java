package org.scx4j.schedulers.layered;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.scx4j.schedulers.layered.config.GrowthAlgo;
import org.scx4j.schedulers.layered.config.LayerCommon;

/** Growth orders on 8 CPUs: two LLCs (0-3, 4-7, also two nodes), SMT cores {0,1}, {2,3}, ... */
class GrowthOrderTest {
    static final CpuLayout MACHINE = new CpuLayout(new int[] {0, 1, 2, 3, 4, 5, 6, 7},
            new int[] {0, 0, 1, 1, 2, 2, 3, 3}, new int[] {0, 0, 0, 0, 1, 1, 1, 1}, new int[] {0, 0, 0, 0, 1, 1, 1, 1});

    static int[] order(GrowthAlgo algo, List<Integer> nodes, List<Integer> llcs, int owning, int owners) {
        var common = new LayerCommon(0, 0, 0, false, false, false, 100, algo, 0, nodes, llcs, false);
        return GrowthOrder.of(common, MACHINE, owning, owners);
    }

    @Test
    void eachAlgorithmOrdersEveryCpuOnce() {
        assertThat(order(GrowthAlgo.Linear, List.of(), List.of(), 0, 1)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(order(GrowthAlgo.Reverse, List.of(), List.of(), 0, 1)).containsExactly(7, 6, 5, 4, 3, 2, 1, 0);
        assertThat(order(GrowthAlgo.Sticky, List.of(), List.of(), 1, 2)).as("the second of two layers starts halfway")
                .containsExactly(4, 5, 6, 7, 0, 1, 2, 3);
        assertThat(order(GrowthAlgo.RoundRobin, List.of(), List.of(), 0, 1)).as("a core of each LLC in turn")
                .containsExactly(0, 1, 4, 5, 2, 3, 6, 7);
        assertThat(order(GrowthAlgo.Topo, List.of(0), List.of(1), 0, 1)).as("its LLC, then its node")
                .containsExactly(4, 5, 6, 7, 0, 1, 2, 3);
        assertThat(order(GrowthAlgo.Topo, List.of(), List.of(), 0, 1)).as("no preference: topology order")
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void aLayerWithLlcsOrNodesGrowsOnlyOverTheirCpus() {
        assertThat(order(GrowthAlgo.Linear, List.of(), List.of(1), 0, 1)).containsExactly(4, 5, 6, 7);
        assertThat(order(GrowthAlgo.Reverse, List.of(0), List.of(), 0, 1)).containsExactly(3, 2, 1, 0);
        assertThat(order(GrowthAlgo.Sticky, List.of(), List.of(0), 1, 2)).as("the start spread over all CPUs")
                .containsExactly(0, 1, 2, 3);
    }

    @Test
    void assignmentKeepsWhatALayerOwnsAndGivesBackItsLatestCpusFirst() {
        int[][] orders = {order(GrowthAlgo.Linear, List.of(), List.of(), 0, 2), order(GrowthAlgo.Reverse, List.of(), List.of(), 1, 2)};
        var cpus = new CpuAssignment(orders, 8);
        assertThat(cpus.assign(new int[] {3, 2})).isTrue();
        assertThat(cpus.owners()).containsExactly(0, 0, 0, -1, -1, -1, 1, 1);
        assertThat(cpus.assign(new int[] {3, 2})).as("nothing to move").isFalse();
        assertThat(cpus.assign(new int[] {1, 6})).isTrue();
        assertThat(cpus.owners()).as("layer 0 gives back 2 and 1; layer 1 grows from the top")
                .containsExactly(0, -1, 1, 1, 1, 1, 1, 1);
        assertThat(cpus.counts()).containsExactly(1, 6);
    }
}
