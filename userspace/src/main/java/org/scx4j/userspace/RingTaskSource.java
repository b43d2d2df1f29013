package org.scx4j.userspace;

import org.scx4j.bpf.RingBufferReader;

import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * Task records straight from the kernel ring buffer: each record is handed to the loop in
 * place, at its 8-byte-aligned offset in the mmap'd ring. A record of the wrong size
 * (an object built from another user_sched.h) is counted and skipped, never misread.
 */
final class RingTaskSource implements TaskSource, RingBufferReader.RecordHandler {
    private final RingBufferReader reader;
    private Sink sink;
    private long malformed;

    RingTaskSource(RingBufferReader reader) {
        this.reader = reader;
    }

    @Override
    public int poll(Sink sink, int max) {
        this.sink = sink;
        return reader.consume(this, max);
    }

    @Override
    public void onRecord(MemorySegment ring, long offset, int length) {
        if (length != TaskRecord.SIZE) {
            malformed++;
            return;
        }
        sink.accept(ring, offset);
    }

    /** Waits for the kernel's wake-up; records that arrive meanwhile go to the last poll's sink. */
    @Override
    public void await(int timeoutMillis) {
        if (sink != null) {
            if (timeoutMillis < 0) reader.poll(this);
            else reader.poll(Duration.ofMillis(timeoutMillis), this);
        }
    }

    /** Records skipped because their size was not a task record's. */
    long malformed() {
        return malformed;
    }
}
