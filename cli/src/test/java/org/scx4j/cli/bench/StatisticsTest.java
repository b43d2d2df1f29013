package org.scx4j.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Summary.of(3, 1, 2).median()).isEqualTo(2);
        assertThat(Summary.of(4, 1, 3, 2).median()).isEqualTo(2.5);
        Summary s = Summary.of(5, 9, 1);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(9);
        assertThat(s.count()).isEqualTo(3);
    }

    @Test
    void summaryOfNothingIsAnError() {
        assertThatThrownBy(() -> Summary.of(new double[0])).hasMessageContaining("no values");
    }

    @Test
    void percentilesInterpolateBetweenRanks() {
        double[] samples = new double[101];
        for (int i = 0; i <= 100; i++) {
            samples[i] = 100 - i; // unsorted on purpose
        }
        assertThat(Percentile.of(samples, 50)).isEqualTo(50);
        assertThat(Percentile.of(samples, 99)).isEqualTo(99);
        assertThat(Percentile.of(samples, 100)).isEqualTo(100);
        assertThat(Percentile.of(new double[] {10, 20}, 50)).isEqualTo(15);
        assertThat(Percentile.of(new double[] {7}, 99)).isEqualTo(7);
        assertThatThrownBy(() -> Percentile.of(new double[] {1}, 101)).hasMessageContaining("out of range");
    }

    @Test
    void jainIndexIsOneWhenEqualAndOneOverNWhenOneTakesAll() {
        assertThat(FairShare.jain(new double[] {2, 2, 2, 2})).isCloseTo(1.0, within(1e-12));
        assertThat(FairShare.jain(new double[] {1, 0, 0, 0})).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void fairShareFollowsWeightsWithinTheCapacity() {
        double[] ideal = FairShare.ideal(new double[] {1024, 1024, 335, 335}, 2.0, 1.0);
        assertThat(ideal[0]).isCloseTo(2.0 * 1024 / 2718, within(1e-9));
        assertThat(ideal[2]).isCloseTo(2.0 * 335 / 2718, within(1e-9));
    }

    @Test
    void fairShareCapsATaskAtOneCpuAndSharesTheRest() {
        // Weight 10 alone would get 10/12 of 2 CPUs = 1.67 > 1 CPU: capped, the rest split 1:1.
        double[] ideal = FairShare.ideal(new double[] {10, 1, 1}, 2.0, 1.0);
        assertThat(ideal[0]).isEqualTo(1.0);
        assertThat(ideal[1]).isCloseTo(0.5, within(1e-12));
        assertThat(ideal[2]).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void niceWeightsAreTheKernels() {
        assertThat(FairShare.weightOfNice(0)).isEqualTo(1024);
        assertThat(FairShare.weightOfNice(5)).isEqualTo(335);
        assertThat(FairShare.weightOfNice(-20)).isEqualTo(88761);
        assertThat(FairShare.weightOfNice(19)).isEqualTo(15);
        assertThatThrownBy(() -> FairShare.weightOfNice(20)).hasMessageContaining("nice");
    }
}
