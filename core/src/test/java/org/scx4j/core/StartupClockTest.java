package org.scx4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The clock counts from the process's start (as the JVM itself reports it), and marks read as aligned steps. */
class StartupClockTest {

    @Test
    void countsFromTheProcessStartNotFromNow() {
        long jvmUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        long millis = StartupClock.millis();
        // /proc's start time is in clock ticks: allow a few of them either way.
        assertThat(millis).isBetween(jvmUptime - 100, jvmUptime + 5_000);
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
