package org.scx4j.schedulers.rusty;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Each task's load, from the runtimes the BPF side adds up in {@code lb_tasks[]}: the share of
 * the time it ran (its duty cycle) as a running average with a half-life, times its weight, so
 * a nice-0 task that always runs weighs 100. The used rows are copied in one bulk read into a
 * reused array and decoded into the balancer's {@link TaskTable}; nothing is allocated per task.
 */
final class TaskLoads {
    /** {@code struct lb_task} as longs: runtime, allowed domains, pid | dom << 32, weight | kworker << 32. */
    static final int ROW_LONGS = 4;

    final TaskTable table;
    /** The BPF row and pid of each task in {@link #table}, to address a move to it. */
    final int[] row, pid;
    private final long[] raw;
    private final int[] rowPid;
    private final long[] rowRuntime;
    private final double[] rowDuty;
    private long lastAt;

    TaskLoads(int maxRows) {
        table = new TaskTable(maxRows);
        row = new int[maxRows];
        pid = new int[maxRows];
        raw = new long[maxRows * ROW_LONGS];
        rowPid = new int[maxRows];
        rowRuntime = new long[maxRows];
        rowDuty = new double[maxRows];
    }

    /** Reads the first {@code nrRows} rows of {@code rows} at {@code nowNs} and refills {@link #table}. */
    void update(MemorySegment rows, int nrRows, long nowNs, long halfLifeNs) {
        int n = Math.min(nrRows, rowPid.length);
        MemorySegment.copy(rows, ValueLayout.JAVA_LONG, 0, raw, 0, n * ROW_LONGS);
        double elapsed = lastAt == 0 ? 0 : nowNs - lastAt;
        double keep = elapsed == 0 ? 0 : Math.pow(0.5, elapsed / halfLifeNs);
        lastAt = nowNs;
        int size = 0;
        for (int r = 0; r < n; r++) {
            int at = r * ROW_LONGS, p = (int) raw[at + 2];
            long runtime = raw[at];
            if (p == 0) {
                rowPid[r] = 0;
                continue;
            }
            if (p != rowPid[r]) { // a new task in this row: no sample yet
                rowPid[r] = p;
                rowRuntime[r] = runtime;
                rowDuty[r] = 0;
            } else if (elapsed > 0) {
                double duty = Math.clamp((runtime - rowRuntime[r]) / elapsed, 0, 1);
                rowDuty[r] = rowDuty[r] * keep + duty * (1 - keep);
                rowRuntime[r] = runtime;
            }
            table.dom[size] = (int) (raw[at + 2] >>> 32);
            table.allowed[size] = raw[at + 1];
            table.load[size] = (int) raw[at + 3] * rowDuty[r];
            table.kworker[size] = (raw[at + 3] >>> 32) != 0;
            row[size] = r;
            pid[size] = p;
            size++;
        }
        table.size = size;
    }

    /** What {@code lb_moves[row]} holds to send task {@code i} of the table to {@code dom}. */
    long move(int i, int dom) {
        return (long) pid[i] << 32 | (dom + 1);
    }
}
