package org.scx4j.jmh;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.RingBufferReader;
import org.scx4j.bpf.UserRingBufferWriter;

/**
 * The loaded ring_bench.bpf.o with a writer on its user ring buffer and a reader on its
 * ring buffer: the fixture every ring benchmark shares, so they measure the same rings.
 */
final class RingBench implements AutoCloseable {
    static final int RECORD_SIZE = 24, SEQ = 0, VALUE = 8, CHECKSUM = 16;

    final BpfObject object = BpfObject.openResource(RingBench.class, "/bpf/ring_bench.bpf.o");
    final UserRingBufferWriter writer;
    final RingBufferReader reader;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment count = arena.allocate(JAVA_LONG);

    /** Sums what it reads, so no read can be optimised away. */
    static final class Summer implements RingBufferReader.RecordHandler {
        long sum;

        @Override
        public void onRecord(MemorySegment ring, long offset, int length) {
            sum += ring.get(JAVA_INT, offset + SEQ) + ring.get(JAVA_LONG, offset + CHECKSUM);
        }
    }

    RingBench() {
        object.load();
        writer = UserRingBufferWriter.of(object.map("to_kernel"));
        reader = RingBufferReader.of(object.map("to_user"));
    }

    /** Has BPF put {@code n} records into the kernel ring buffer. */
    void fill(int n) {
        count.set(JAVA_LONG, 0, n);
        int got = object.program("fill").testRun(count).retval();
        if (got != n) throw new IllegalStateException("fill produced " + got + " of " + n + " records");
    }

    /** Java -> user ring buffer -> BPF -> ring buffer -> Java for {@code n} records. */
    long roundTrip(int n, long firstSeq, Summer summer) {
        MemorySegment buf = writer.buffer();
        for (int i = 0; i < n; i++) {
            long at = writer.reserve(RECORD_SIZE);
            buf.set(JAVA_INT, at + SEQ, (int) (firstSeq + i));
            buf.set(JAVA_LONG, at + VALUE, firstSeq + i);
        }
        writer.submit();
        int drained = object.program("drain").testRun().retval();
        int read = reader.consume(summer);
        if (drained != n || read != n) throw new IllegalStateException("sent " + n + ", drained " + drained + ", read " + read);
        return firstSeq + n;
    }

    @Override
    public void close() {
        reader.close();
        writer.close();
        object.close();
        arena.close();
    }
}
