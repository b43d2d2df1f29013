package org.scx4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The clock counts from the process's start (read from /proc to a few ticks), and marks read as aligned steps. */
class StartupClockTest {

    @Test
    void countsFromTheProcessStartNotFromNow() {
        long jvmUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        long millis = StartupClock.millis();
        // The process started just before its JVM; /proc counts in 10 ms ticks.
        assertThat(millis).isBetween(jvmUptime - 30, jvmUptime + 500);
    }

    @Test
    void readsAProcesssStartToAFewTicks() throws Exception {
        long before = System.currentTimeMillis();
        Process child = new ProcessBuilder("sleep", "5").start();
        long after = System.currentTimeMillis();
        try {
            // A start time built on the boot time in whole seconds would be up to 1000 ms early.
            assertThat(StartupClock.startedAt(Long.toString(child.pid()))).isBetween(before - 30, after + 30);
        } finally {
            child.destroy();
        }
    }

    @Test
    void marksAreStepsInOrderWithTheirDeltas() {
        StartupClock.mark("first step");
        StartupClock.mark("second step");
        List<String> marks = StartupClock.marks();
        String a = marks.get(marks.size() - 2), b = marks.getLast();
        assertThat(a).matches(" *\\d+ ms  \\+ *\\d+ ms  first step");
        assertThat(b).matches(" *\\d+ ms  \\+ *\\d+ ms  second step");
        assertThat(Long.parseLong(b.strip().split(" ")[0])).isGreaterThanOrEqualTo(Long.parseLong(a.strip().split(" ")[0]));
    }
}
