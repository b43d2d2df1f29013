package org.scx4j.userspace;

import java.lang.foreign.MemorySegment;

/**
 * Where task records come from: the kernel ring buffer in production, a synthetic stream
 * in tests and benchmarks. Records are handed over in place (a segment and the offset of
 * an 8-byte-aligned {@link TaskRecord}), never copied.
 */
public interface TaskSource {
    /** Receives one record; the segment is only valid during the call. */
    @FunctionalInterface
    interface Sink {
        void accept(MemorySegment segment, long offset);
    }

    /** Hands every record available now, at most {@code max}, to {@code sink}; returns how many. */
    int poll(Sink sink, int max);

    /** Blocks up to {@code timeoutMillis} (negative: without limit) until records may be available. */
    void await(int timeoutMillis);
}
