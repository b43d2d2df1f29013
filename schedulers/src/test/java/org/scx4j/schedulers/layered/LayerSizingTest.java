package org.scx4j.schedulers.layered;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.scx4j.schedulers.layered.config.GrowthAlgo;
import org.scx4j.schedulers.layered.config.Layer;
import org.scx4j.schedulers.layered.config.LayerCommon;
import org.scx4j.schedulers.layered.config.LayerKind;

/** Layer sizes from synthetic usage figures. */
class LayerSizingTest {
    static LayerCommon weighted(int weight) {
        return new LayerCommon(0, 0, 0, false, false, false, weight, GrowthAlgo.Linear, 0, List.of(), List.of(), false);
    }

    static Layer confined(String name, double low, double high, LayerKind.CpusRange cpus, int weight) {
        return new Layer(name, null, List.of(List.of()),
                new LayerKind(LayerKind.Type.Confined, new LayerKind.Range(low, high), cpus, null, false, weighted(weight)));
    }

    static Layer open(String name) {
        return new Layer(name, null, List.of(List.of()), LayerKind.open(weighted(100)));
    }

    @Test
    void aLayerAboveItsRangeGrowsAndOneBelowShrinks() {
        assertThat(LayerSizing.wanted(2.0, 2, 0.5, 0.6)).as("util 1.0 > 0.6: 2.0 / 0.6").isEqualTo(4);
        assertThat(LayerSizing.wanted(1.0, 4, 0.5, 0.6)).as("util 0.25 < 0.5: the most CPUs keeping util >= 0.5").isEqualTo(2);
        assertThat(LayerSizing.wanted(1.1, 2, 0.5, 0.6)).as("util 0.55 is inside: unchanged").isEqualTo(2);
        assertThat(LayerSizing.wanted(0.0, 3, 0.5, 0.6)).as("idle: none").isZero();
        assertThat(LayerSizing.wanted(0.3, 0, 0.5, 0.6)).as("no CPUs yet, some use: enough for it").isEqualTo(1);
        assertThat(LayerSizing.wanted(1.0, 3, 0.8, 0.9)).as("a narrow range never shrinks below what keeps util <= high")
                .isEqualTo(2);
    }

    @Test
    void targetsStayInsideCpusRangeAndALayerThatRanKeepsOneCpu() {
        var sizing = new LayerSizing(List.of(confined("batch", 0.8, 0.9, new LayerKind.CpusRange(1, 1), 100),
                confined("grow", 0.5, 0.6, new LayerKind.CpusRange(1, 3), 100), confined("idle", 0.5, 0.6, null, 100),
                open("rest")), 8);
        int[] t = sizing.targets(new double[] {1.0, 2.0, 0.01, 3.0}, new int[] {1, 2, 0, 0});
        assertThat(t).containsExactly(1, 3, 1, 0);
        t = sizing.targets(new double[] {0, 0, 0, 0}, new int[] {1, 3, 1, 0});
        assertThat(t).as("nothing ran: down to cpus_range's low end").containsExactly(1, 1, 0, 0);
    }

    @Test
    void cpusRangeFracIsAShareOfTheCpus() {
        Layer frac = new Layer("frac", null, List.of(List.of()), new LayerKind(LayerKind.Type.Grouped,
                new LayerKind.Range(0.5, 0.6), null, new LayerKind.Range(0.25, 0.5), false, weighted(100)));
        var sizing = new LayerSizing(List.of(frac, open("rest")), 8);
        assertThat(sizing.targets(new double[] {0, 0}, new int[] {0, 0})).containsExactly(2, 0);
        assertThat(sizing.targets(new double[] {8, 0}, new int[] {2, 0})).containsExactly(4, 0);
    }

    @Test
    void tooManyWantedCpusAreSharedByWeightAfterTheMinimums() {
        var sizing = new LayerSizing(List.of(confined("heavy", 0.5, 0.6, new LayerKind.CpusRange(1, 8), 300),
                confined("light", 0.5, 0.6, new LayerKind.CpusRange(1, 8), 100), open("rest")), 8);
        int[] t = sizing.targets(new double[] {4, 4, 0}, new int[] {4, 4, 0});
        assertThat(t[0] + t[1]).isEqualTo(8);
        assertThat(t).as("one each, then six 3:1 (4.5 rounded down, the CPU left to the heavier)").containsExactly(6, 2, 0);
    }
}
