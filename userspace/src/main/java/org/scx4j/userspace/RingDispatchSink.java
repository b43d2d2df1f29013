package org.scx4j.userspace;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import org.scx4j.bpf.GlobalData;
import org.scx4j.bpf.UserRingBufferWriter;

/**
 * Decisions into the user ring buffer that BPF's dispatch drains: each is written in
 * place into reserved space, and a batch is published with one store. After publishing,
 * the number of records submitted goes into the BPF global {@code nr_submitted}, which
 * tells BPF's timer that decisions are waiting for an idle CPU to apply them.
 */
final class RingDispatchSink implements DispatchSink {
    private static final int LENGTH = (int) DispatchRecord.SIZE;
    private static final VarHandle SUBMITTED = JAVA_LONG.varHandle();

    private final UserRingBufferWriter writer;
    private final MemorySegment submittedVar;
    private long submitted;
    private long reserved;

    RingDispatchSink(UserRingBufferWriter writer, GlobalData bss) {
        this.writer = writer;
        this.submittedVar = bss.segment("nr_submitted"); // resolved once: flush runs per round
    }

    @Override
    public boolean offer(Dispatch d) {
        long offset = writer.reserve(LENGTH);
        if (offset < 0) {
            return false;
        }
        DispatchRecord.write(d, writer.buffer(), offset);
        reserved++;
        return true;
    }

    @Override
    public void flush() {
        writer.submit();
        submitted += reserved;
        reserved = 0;
        SUBMITTED.setRelease(submittedVar, 0L, submitted);
    }
}
