package org.scx4j.schedulers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Upstream's utilizations between two /proc/stat samples, in 1024ths of user..steal: user (cosmos) and busy (rusty). */
class CpuUtilizationTest {
    static final String BEFORE = """
            cpu  300 0 100 1000 0 0 0 0 0 0
            cpu0 100 0 50 500 0 0 0 0 0 0
            cpu1 200 0 50 500 0 0 0 0 0 0
            cpu3 7 0 0 7 0 0 0 0 0 0
            intr 12345
            """;
    static final String AFTER = """
            cpu  500 0 200 1200 0 0 0 0 0 0
            cpu0 175 25 50 550 0 0 0 0 0 0
            cpu1 200 0 100 550 0 0 0 0 5 5
            cpu2 1 0 0 1 0 0 0 0 0 0
            cpu3 7 0 0 7 0 0 0 0 0 0
            intr 12345
            """;

    @Test
    void userAndNiceOverTheFirstEightFields() {
        long[] util = CpuUtilization.between(CpuUtilization.parse(BEFORE, 4), CpuUtilization.parse(AFTER, 4));
        // cpu0: +100 user/nice of +150 in all: 683/1024. cpu1: system time only (guest fields not counted): 0.
        assertThat(util[0]).isEqualTo(Math.round(100 * 1024.0 / 150));
        assertThat(util[1]).isZero();
        assertThat(util[2]).as("a CPU that came online between the samples").isZero();
        assertThat(util[3]).as("a CPU with no time passed").isZero();
        assertThat(CpuUtilization.average(util)).isEqualTo(util[0] / 4);
    }

    @Test
    void cpusBeyondTheIdsAndTheAggregateLineAreIgnored() {
        long[][] t = CpuUtilization.parse(AFTER, 2);
        assertThat(t).hasNumberOfRows(2);
        assertThat(t[0]).containsExactly(200, 800, 550);
    }

    @Test
    void aLineCutOffByTheBufferCountsAsOfflineAndRowsAreRefilled() {
        byte[] after = AFTER.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int cut = AFTER.indexOf("cpu1 ") + 8; // in the middle of cpu1's line
        long[][] rows = CpuUtilization.parse(BEFORE, 4);
        CpuUtilization.parse(after, cut, rows);
        assertThat(rows[0]).containsExactly(200, 800, 550);
        assertThat(CpuUtilization.online(rows, 1)).isFalse();
        assertThat(CpuUtilization.online(rows, 3)).as("cpu3 of the earlier sample is not left over").isFalse();
        assertThat(CpuUtilization.online(rows, 4)).as("beyond the ids").isFalse();
    }

    @Test
    void theSamplerReadsThisMachinesCpusOverAndOver() throws InterruptedException {
        int cpus = Runtime.getRuntime().availableProcessors();
        CpuUtilization.Sampler sampler = new CpuUtilization.Sampler(cpus);
        long[][] first = sampler.sample(CpuUtilization.rows(cpus));
        Thread.sleep(50);
        long[][] second = sampler.sample(CpuUtilization.rows(cpus));
        assertThat(CpuUtilization.online(first, 0)).isTrue();
        assertThat(second[0][1]).as("cpu0's times in the second sample (the file read anew)").isGreaterThanOrEqualTo(first[0][1]);
        long all = 0;
        for (int cpu = 0; cpu < cpus; cpu++) if (CpuUtilization.online(second, cpu)) all += second[cpu][1] - first[cpu][1];
        assertThat(all).as("clock ticks passed in 50 ms on some CPU").isPositive();
    }

    @Test
    void busyIsAllButIdleAndIowait() {
        long[] busy = CpuUtilization.busyBetween(CpuUtilization.parse(BEFORE, 4), CpuUtilization.parse(AFTER, 4));
        // cpu0: +150 in all, +50 idle: 100/150. cpu1: +100 in all (the guest fields not counted), +50 idle.
        assertThat(busy[0]).isEqualTo(Math.round(100 * 1024.0 / 150));
        assertThat(busy[1]).isEqualTo(512);
        assertThat(busy[2]).isZero();
    }
}
