package org.scx4j.userspace;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * A {@link TaskSource} over task records built in memory, laid out exactly as the kernel
 * ring buffer holds them (8-byte aligned, back to back): it lets a policy be tested and
 * benchmarked with synthetic task streams, without a kernel. {@link #rewind} replays the
 * same records (benchmarks); {@link #clear} starts a new stream.
 */
public final class SyntheticTasks implements TaskSource {
    private final MemorySegment records;
    private final int capacity;
    private int count;
    private int next;

    /** Room for {@code capacity} records, in memory owned by {@code arena}. */
    public SyntheticTasks(Arena arena, int capacity) {
        this.capacity = capacity;
        this.records = arena.allocate(TaskRecord.LAYOUT.byteSize() * capacity, 8);
    }

    /** Appends a task; the fields not given are zero (weight 100, comm "task-PID"). */
    public SyntheticTasks add(int pid, long enqSeq, int cpu, int flags, long burstNs, long weight, long vtime) {
        if (count == capacity) {
            throw new IllegalStateException("synthetic task stream is full (" + capacity + " records)");
        }
        long at = count * TaskRecord.SIZE;
        records.asSlice(at, TaskRecord.SIZE).fill((byte) 0);
        TaskRecord.PID.set(records, at, pid);
        TaskRecord.CPU.set(records, at, cpu);
        TaskRecord.NR_CPUS_ALLOWED.set(records, at, 1024);
        TaskRecord.FLAGS.set(records, at, flags);
        TaskRecord.ENQ_SEQ.set(records, at, enqSeq);
        TaskRecord.BURST_NS.set(records, at, burstNs);
        TaskRecord.WEIGHT.set(records, at, weight);
        TaskRecord.VTIME.set(records, at, vtime);
        byte[] comm = ("task-" + pid).getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(comm, 0, records, java.lang.foreign.ValueLayout.JAVA_BYTE,
                at + TaskRecord.COMM_OFFSET, Math.min(comm.length, TaskRecord.COMM_LEN - 1));
        count++;
        return this;
    }

    /** Appends a nice-0 task that was preempted (not a wake-up), queued for any CPU. */
    public SyntheticTasks add(int pid, long vtime) {
        return add(pid, 1, 0, 0, 0, 100, vtime);
    }

    /** Replays the records from the first one. */
    public void rewind() {
        next = 0;
    }

    /** Forgets all records. */
    public void clear() {
        count = 0;
        next = 0;
    }

    public int size() {
        return count;
    }

    @Override
    public int poll(Sink sink, int max) {
        int n = 0;
        while (next < count && n < max) {
            sink.accept(records, next * TaskRecord.SIZE);
            next++;
            n++;
        }
        return n;
    }

    @Override
    public void await(int timeoutMillis) {
        // Synthetic records are all there already.
    }
}
