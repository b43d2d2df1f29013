package org.scx4j.bpf;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Both ring buffer kinds against rings.bpf.c on the host kernel. */
class RingBufferTest {
    /** struct record { u32 seq; u64 value; u64 checksum; }: padding after the u32. */
    static final StructLayout RECORD = structLayout(JAVA_INT.withName("seq"), paddingLayout(4),
            JAVA_LONG.withName("value"), JAVA_LONG.withName("checksum"));
    static final long SEQ = 0, VALUE = 8, CHECKSUM = 16, GOLDEN = 0x9E3779B97F4A7C15L;

    static BpfObject load() {
        BpfObject o = BpfObject.openResource(RingBufferTest.class, "/bpf/rings.bpf.o");
        o.btf().checkLayout("record", RECORD);
        o.load();
        return o;
    }

    static long valueOf(long seq) {
        return seq * 0x5DEECE66DL + 11;
    }

    /** Checks records in order; counts them. */
    static final class Checker implements RingBufferReader.RecordHandler {
        long next;

        @Override
        public void onRecord(MemorySegment ring, long offset, int length) {
            assertThat(length).isEqualTo((int) RECORD.byteSize());
            long seq = Integer.toUnsignedLong(ring.get(JAVA_INT, offset + SEQ));
            long value = ring.get(JAVA_LONG, offset + VALUE);
            long checksum = ring.get(JAVA_LONG, offset + CHECKSUM);
            if (seq != (next & 0xffffffffL)) throw new AssertionError("record " + next + " arrived as " + seq);
            if (value != valueOf(next)) throw new AssertionError("record " + next + " has value " + value);
            if (checksum != (next * GOLDEN ^ value)) throw new AssertionError("record " + next + " has checksum " + checksum);
            next++;
        }
    }

    @Test
    void millionRecordsRoundTripJavaToBpfAndBack() {
        int total = 1_000_000, batch = 4096, size = (int) RECORD.byteSize();
        try (BpfObject o = load();
                UserRingBufferWriter out = UserRingBufferWriter.of(o.map("to_kernel"));
                RingBufferReader in = RingBufferReader.of(o.map("to_user"))) {
            Checker checker = new Checker();
            MemorySegment buf = out.buffer();
            long sent = 0;
            while (sent < total) {
                int n = (int) Math.min(batch, total - sent);
                for (int i = 0; i < n; i++, sent++) {
                    long at = out.reserve(size);
                    assertThat(at).isNotNegative();
                    buf.set(JAVA_INT, at + SEQ, (int) sent);
                    buf.set(JAVA_INT, at + 4, 0);
                    buf.set(JAVA_LONG, at + VALUE, valueOf(sent));
                    buf.set(JAVA_LONG, at + CHECKSUM, 0);
                }
                out.submit();
                assertThat(o.program("drain").testRun().retval()).isEqualTo(n);
                assertThat(in.consume(checker)).isEqualTo(n);
            }
            assertThat(checker.next).isEqualTo(total);
            assertThat(o.bss().getLong("drained")).isEqualTo(total);
            assertThat(o.bss().getLong("dropped")).isZero();
            assertThat(out.pending()).isZero();
            assertThat(in.available()).isZero();
        }
    }

    @Test
    void recordsOfAnyLengthAreReadInPlaceAlignedAndDiscardedOnesSkipped() {
        try (BpfObject o = load(); RingBufferReader in = RingBufferReader.of(o.map("to_user"));
                Arena arena = Arena.ofConfined()) {
            emit(o, 100);
            List<Integer> lengths = new ArrayList<>();
            List<MemorySegment> copies = new ArrayList<>();
            int n = in.consume((ring, offset, length) -> {
                assertThat((ring.address() + offset) % 8).as("record address aligned").isZero();
                assertThat(ring.get(JAVA_INT, offset)).isEqualTo(lengths.size());
                lengths.add(length);
                copies.add(RingBufferReader.copy(ring, offset, length, arena));
            });
            assertThat(n).isEqualTo(100); // the discarded 101st record is not delivered
            for (int i = 0; i < 100; i++) assertThat(lengths.get(i)).isEqualTo(4 + 4 * (i / 5 % 16));
            for (int i = 0; i < 100; i++) { // copies are aligned: 8-byte reads of them must not throw
                MemorySegment c = copies.get(i);
                assertThat(c.address() % 8).isZero();
                if (c.byteSize() >= 8) assertThat(c.get(JAVA_LONG, 0)).isEqualTo(i);
            }
            assertThat(in.consume((r, off, len) -> { throw new AssertionError("nothing left"); })).isZero();
        }
    }

    @Test
    void aLimitedReadAndAThrowingHandlerLoseNoRecordAndRepeatNone() {
        try (BpfObject o = load(); RingBufferReader in = RingBufferReader.of(o.map("to_user"))) {
            emit(o, 100); // runs of five equal records: limits and the throw fall inside runs
            List<Integer> seen = new ArrayList<>();
            RingBufferReader.RecordHandler record = (ring, offset, length) -> seen.add(ring.get(JAVA_INT, offset));
            assertThat(in.consume(record, 7)).isEqualTo(7);
            assertThat(in.consume(record, 1)).isEqualTo(1);
            assertThatThrownBy(() -> in.consume((ring, offset, length) -> {
                record.onRecord(ring, offset, length);
                if (seen.size() == 13) throw new IllegalStateException("handler failed");
            })).hasMessage("handler failed");
            assertThat(in.consume(record)).isEqualTo(87); // the record the handler threw on is not repeated
            assertThat(seen).hasSize(100);
            for (int i = 0; i < 100; i++) assertThat(seen.get(i)).isEqualTo(i);
        }
    }

    @Test
    void readingWhileBpfWritesSeesEveryRecordOnceInOrder() {
        int calls = 200, perCall = 1000;
        try (BpfObject o = load(); RingBufferReader in = RingBufferReader.of(o.map("to_user"))) {
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                for (int c = 0; c < calls; c++) {
                    while (in.available() > (1 << 19)) Thread.onSpinWait(); // leave room for one call's records
                    emit(o, perCall);
                }
            });
            long[] seen = {0};
            while (seen[0] < (long) calls * perCall) {
                in.poll(Duration.ofSeconds(10), (ring, offset, length) -> {
                    int i = (int) (seen[0] % perCall);
                    if (length != 4 + 4 * (i / 5 % 16) || ring.get(JAVA_INT, offset) != i)
                        throw new AssertionError("record " + seen[0] + ": length " + length + ", value " + ring.get(JAVA_INT, offset));
                    seen[0]++;
                });
                if (producer.isCompletedExceptionally()) producer.join();
            }
            producer.join();
            assertThat(seen[0]).isEqualTo((long) calls * perCall);
        }
    }

    @Test
    void wakeupEndsAWaitWithoutTimeLimitOnce() throws Exception {
        try (BpfObject o = load(); RingBufferReader in = RingBufferReader.of(o.map("to_user"))) {
            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> in.poll((r, off, len) -> { }));
            sleep(50);
            assertThat(waiting).isNotDone(); // nothing woke it yet
            in.wakeup();
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isZero();
            // The wake-up was used up: the next wait ends by the kernel's wake-up for a record.
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                sleep(50);
                emit(o, 1);
            });
            int[] count = {0};
            assertThat(in.poll(Duration.ofSeconds(10), (r, off, len) -> count[0]++)).isEqualTo(1);
            producer.join();
        }
    }

    @Test
    void pollWaitsForTheKernelsWakeupOrTimesOut() {
        try (BpfObject o = load(); RingBufferReader in = RingBufferReader.of(o.map("to_user"))) {
            int[] count = {0};
            assertThat(in.poll(Duration.ofMillis(20), (r, off, len) -> count[0]++)).isZero();
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                sleep(50);
                emit(o, 10);
            });
            int got = 0;
            while (got < 10) got += in.poll(Duration.ofSeconds(10), (r, off, len) -> count[0]++);
            producer.join();
            assertThat(count[0]).isEqualTo(10);
        }
    }

    @Test
    void writerReportsAFullRingAndResumesAfterBpfDrains() {
        int size = (int) RECORD.byteSize(), perRecord = 32;
        int capacity = (1 << 20) / perRecord - 1; // a ring holds at most its size minus one byte
        try (BpfObject o = load(); UserRingBufferWriter out = UserRingBufferWriter.of(o.map("to_kernel"));
                RingBufferReader in = RingBufferReader.of(o.map("to_user"));
                Arena arena = Arena.ofConfined()) {
            MemorySegment record = arena.allocate(RECORD);
            int written = 0;
            while (out.write(record)) written++;
            assertThat(written).isEqualTo(capacity);
            assertThat(out.reserve(size)).isEqualTo(-1);
            assertThat(o.program("drain").testRun().retval()).isEqualTo(capacity);
            assertThat(in.consume((r, off, len) -> { })).isEqualTo(capacity);
            assertThat(out.write(record)).isTrue();
        }
    }

    @Test
    void badInputsAreClearErrors() {
        try (BpfObject o = load()) {
            assertThatThrownBy(() -> RingBufferReader.of(o.map("to_kernel")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a BPF_MAP_TYPE_RINGBUF");
            assertThatThrownBy(() -> UserRingBufferWriter.of(o.map("to_user")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a BPF_MAP_TYPE_USER_RINGBUF");
            UserRingBufferWriter out = UserRingBufferWriter.of(o.map("to_kernel"));
            assertThatThrownBy(() -> out.reserve(1 << 20)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not fit");
            assertThatThrownBy(() -> out.reserve(0)).isInstanceOf(IllegalArgumentException.class);
            out.close();
            assertThatThrownBy(() -> out.reserve(8)).isInstanceOf(IllegalStateException.class);
            RingBufferReader in = RingBufferReader.of(o.map("to_user"));
            in.close();
            assertThatThrownBy(() -> in.consume((r, off, len) -> { })).isInstanceOf(IllegalStateException.class);
        }
        BpfObject unloaded = BpfObject.openResource(RingBufferTest.class, "/bpf/rings.bpf.o");
        try (unloaded) {
            assertThatThrownBy(() -> RingBufferReader.of(unloaded.map("to_user")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("load()");
        }
    }

    static void emit(BpfObject o, long n) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_LONG);
            count.set(JAVA_LONG, 0, n);
            assertThat(o.program("emit").testRun(count).retval()).isEqualTo((int) n);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
