package org.scx4j.userspace;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A {@link DispatchSink} that writes decisions as {@link DispatchRecord}s into memory, the
 * way they go into the user ring buffer: for testing and benchmarking policies without a
 * kernel. A bounded capacity also lets tests see what happens when the ring is full.
 */
public final class MemoryDispatchSink implements DispatchSink {
    private final MemorySegment records;
    private final int capacity;
    private int count;
    private int flushed;

    public MemoryDispatchSink(Arena arena, int capacity) {
        this.capacity = capacity;
        this.records = arena.allocate(DispatchRecord.SIZE * capacity, 8);
    }

    @Override
    public boolean offer(Dispatch d) {
        if (count == capacity) {
            return false;
        }
        DispatchRecord.write(d, records, count * DispatchRecord.SIZE);
        count++;
        return true;
    }

    @Override
    public void flush() {
        flushed = count;
    }

    /** Decisions published by {@link #flush()} so far. */
    public int size() {
        return flushed;
    }

    /** Reads decision {@code i} into {@code out}; returns out. */
    public Dispatch get(int i, Dispatch out) {
        if (i < 0 || i >= flushed) {
            throw new IndexOutOfBoundsException("decision " + i + " of " + flushed);
        }
        DispatchRecord.read(records, i * DispatchRecord.SIZE, out);
        return out;
    }

    /** Empties the sink. */
    public void clear() {
        count = 0;
        flushed = 0;
    }
}
