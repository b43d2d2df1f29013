package org.scx4j.userspace;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * A task waiting for a decision, read in place from the ring buffer: a view that the
 * framework points at each {@link TaskRecord} in turn, so reading a task costs no copy and
 * no allocation. Valid only during {@link Policy#enqueue}; a policy copies the fields it
 * needs. Every getter reads through an aligned layout.
 */
public final class QueuedTask {
    private MemorySegment segment = MemorySegment.NULL;
    private long offset;

    /** Points this view at the record at {@code offset} of {@code segment}; returns this. */
    public QueuedTask at(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    public int pid() {
        return (int) TaskRecord.PID.get(segment, offset);
    }

    /** The CPU whose run queue holds the task (the kernel's pick, idle if {@link #idleCpu()}). */
    public int cpu() {
        return (int) TaskRecord.CPU.get(segment, offset);
    }

    public int nrCpusAllowed() {
        return (int) TaskRecord.NR_CPUS_ALLOWED.get(segment, offset);
    }

    public int flags() {
        return (int) TaskRecord.FLAGS.get(segment, offset);
    }

    /** True when the task woke up from a voluntary sleep. */
    public boolean wakeup() {
        return (flags() & TaskRecord.FLAG_WAKEUP) != 0;
    }

    /** True when {@link #cpu()} was idle when the task was placed there. */
    public boolean idleCpu() {
        return (flags() & TaskRecord.FLAG_IDLE_CPU) != 0;
    }

    /** True when BPF already ran the task as it woke, on its wake grant ({@link Policy#keepGrant}). */
    public boolean ranOnGrant() {
        return (flags() & TaskRecord.FLAG_RAN) != 0;
    }

    /** The number of this enqueue; the decision must echo it. */
    public long enqSeq() {
        return (long) TaskRecord.ENQ_SEQ.get(segment, offset);
    }

    public long enqTs() {
        return (long) TaskRecord.ENQ_TS.get(segment, offset);
    }

    public long startTs() {
        return (long) TaskRecord.START_TS.get(segment, offset);
    }

    public long stopTs() {
        return (long) TaskRecord.STOP_TS.get(segment, offset);
    }

    /** Total CPU time used, ns. */
    public long execRuntime() {
        return (long) TaskRecord.EXEC_RUNTIME.get(segment, offset);
    }

    /** Average CPU time per wake-up (or the current burst, if longer), ns. */
    public long burstNs() {
        return (long) TaskRecord.BURST_NS.get(segment, offset);
    }

    /** 1..10000, 100 at nice 0. */
    public long weight() {
        return (long) TaskRecord.WEIGHT.get(segment, offset);
    }

    /** Weighted virtual runtime, with sleeper credit already bounded by BPF. */
    public long vtime() {
        return (long) TaskRecord.VTIME.get(segment, offset);
    }

    /** The task's command name; allocates, so for diagnostics only. */
    public String comm() {
        byte[] raw = segment.asSlice(offset + TaskRecord.COMM_OFFSET, TaskRecord.COMM_LEN)
                .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        return new String(raw, 0, n, StandardCharsets.UTF_8);
    }
}
