package org.scx4j.schedulers.rusty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Loads from the BPF side's rows: weight times the duty cycle's running average, rows that change hands start over. */
class TaskLoadsTest {
    private static final long SECOND = 1_000_000_000L;
    private final long[] rows = new long[4 * TaskLoads.ROW_LONGS];
    private final MemorySegment segment = MemorySegment.ofArray(rows);

    private void row(int r, long runtime, long allowed, int pid, int dom, int weight, boolean kworker) {
        int at = r * TaskLoads.ROW_LONGS;
        rows[at] = runtime;
        rows[at + 1] = allowed;
        rows[at + 2] = (pid & 0xffffffffL) | (long) dom << 32;
        rows[at + 3] = weight | (kworker ? 1L << 32 : 0);
    }

    @Test
    void loadIsWeightTimesTheAveragedShareOfTimeRun() {
        TaskLoads loads = new TaskLoads(4);
        row(0, 5 * SECOND, 0b11, 10, 0, 100, false);
        row(2, 0, 0b10, 12, 1, 200, true);
        loads.update(segment, 3, SECOND, SECOND);
        assertThat(loads.table.size).as("row 1 is free").isEqualTo(2);
        assertThat(loads.row[0]).isZero();
        assertThat(loads.row[1]).isEqualTo(2);
        assertThat(loads.table.load[0]).as("no sample yet").isZero();

        // One second later (one half-life): task 10 ran all of it, task 12 half of it.
        row(0, 6 * SECOND, 0b11, 10, 0, 100, false);
        row(2, SECOND / 2, 0b10, 12, 1, 200, true);
        loads.update(segment, 3, 2 * SECOND, SECOND);
        assertThat(loads.table.load[0]).as("half of the way to 100").isCloseTo(50, within(1e-9));
        assertThat(loads.table.load[1]).as("weight 200 at a quarter").isCloseTo(50, within(1e-9));
        assertThat(loads.table.dom[1]).isEqualTo(1);
        assertThat(loads.table.allowed[1]).isEqualTo(0b10);
        assertThat(loads.table.kworker[1]).isTrue();
        assertThat(loads.table.kworker[0]).isFalse();

        // Another second: task 10 keeps running; a new task (pid 11) takes row 2.
        row(0, 7 * SECOND, 0b11, 10, 0, 100, false);
        row(2, 9 * SECOND, 0b01, 11, 0, 100, false);
        loads.update(segment, 3, 3 * SECOND, SECOND);
        assertThat(loads.table.load[0]).isCloseTo(75, within(1e-9));
        assertThat(loads.table.load[1]).as("a new task has no history").isZero();
        assertThat(loads.pid[1]).isEqualTo(11);
    }

    @Test
    void aMoveNamesThePidAndTheDomainPlusOne() {
        TaskLoads loads = new TaskLoads(4);
        row(1, 0, 0b11, 4242, 0, 100, false);
        loads.update(segment, 4, SECOND, SECOND);
        assertThat(loads.move(0, 1)).isEqualTo(4242L << 32 | 2);
    }
}
