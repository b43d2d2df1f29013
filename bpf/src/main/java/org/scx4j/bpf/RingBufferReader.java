package org.scx4j.bpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * Reads a BPF ring buffer ({@code BPF_MAP_TYPE_RINGBUF}) by parsing its mmap'd memory in
 * place: no libbpf callback and no allocation per record, which makes reading several times
 * cheaper than {@code ring_buffer__consume}. Records still being written (busy bit) end a
 * read, discarded ones are skipped, one fence orders each run of equal headers before the
 * records' contents, and the consumer position is published with release semantics only
 * after the handler is done with a record. One reader per ring, one thread.
 */
public final class RingBufferReader implements AutoCloseable {
    /** Gets each record in place: {@code length} bytes at {@code offset} (always 8-byte aligned) of {@code ring}. */
    @FunctionalInterface
    public interface RecordHandler {
        void onRecord(MemorySegment ring, long offset, int length);
    }

    static final int BUSY = 1 << 31, DISCARD = 1 << 30, HEADER = 8;
    private static final VarHandle LONG = JAVA_LONG.varHandle();

    private final String name;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment consumer, producer, data;
    private final long mask;
    private final int epoll, wake;
    private final MemorySegment events, counter;
    private boolean closed;

    private RingBufferReader(BpfMap map) {
        name = map.name();
        long size = map.maxEntries(), page = Libc.PAGE_SIZE;
        int fd = map.fd();
        consumer = Libc.mmap(arena, fd, page, Libc.PROT_READ | Libc.PROT_WRITE, 0, "ring buffer '" + name + "'");
        // producer page, then the data pages mapped twice in a row, so no record wraps around
        MemorySegment rest = Libc.mmap(arena, fd, page + 2 * size, Libc.PROT_READ, page, "ring buffer '" + name + "'");
        producer = rest.asSlice(0, page);
        data = rest.asSlice(page, 2 * size);
        mask = size - 1;
        wake = Libc.eventfd("ring buffer '" + name + "'");
        epoll = Libc.epollFor("ring buffer '" + name + "'", fd, wake);
        events = arena.allocate(2 * Libc.EPOLL_EVENT_SIZE, 8);
        counter = arena.allocate(8, 8);
    }

    /** A reader of a loaded ring buffer map. */
    public static RingBufferReader of(BpfMap map) {
        if (map.type() != BpfMap.TYPE_RINGBUF)
            throw new IllegalArgumentException("map '" + map.name() + "' is not a BPF_MAP_TYPE_RINGBUF (type " + map.type() + ")");
        return new RingBufferReader(map);
    }

    /** Hands every record available now to {@code handler}; returns how many. */
    public int consume(RecordHandler handler) {
        return consume(handler, Integer.MAX_VALUE);
    }

    /** Hands at most {@code max} available records to {@code handler}; returns how many. */
    public int consume(RecordHandler handler, int max) {
        if (closed) throw new IllegalStateException("ring buffer reader '" + name + "' is closed");
        MemorySegment ring = data; // a local: after each fence below the JIT would reload a field
        int n = 0;
        long cons = (long) LONG.getAcquire(consumer, 0L); // from the ring, in case another consumer moved it
        try {
            long prod = (long) LONG.getAcquire(producer, 0L);
            while (n < max && (cons < prod || cons < (prod = (long) LONG.getAcquire(producer, 0L)))) {
                // Records are read in runs: the one at cons and every committed one right after it
                // with the very same header. Their headers are read first, then one fence orders
                // them all before the records' contents, instead of one acquire per record.
                long start = cons & mask, end = start + (prod - cons); // contiguous: data is mapped twice
                int header = ring.get(JAVA_INT, start);
                if ((header & BUSY) != 0) break; // the producer has not committed it yet
                int length = header & ~(BUSY | DISCARD);
                long step = (length + HEADER + 7) & ~7L;
                if ((header & DISCARD) != 0) {
                    cons += step;
                    continue;
                }
                int run = 1;
                for (long at = start + step; run < max - n && at < end && ring.get(JAVA_INT, at) == header; at += step) run++;
                VarHandle.acquireFence();
                for (long at = start + HEADER; run-- > 0; at += step) {
                    cons += step; // a record the handler throws on is consumed too
                    n++;
                    handler.onRecord(ring, at, length);
                }
            }
            return n;
        } finally { // once per batch, after the handler is done: only now may the producer reuse the space
            LONG.setRelease(consumer, 0L, cons);
        }
    }

    /**
     * Consumes what is available; when nothing is, waits (epoll) up to {@code timeout} for
     * the kernel's wake-up or {@link #wakeup()} and consumes then. Returns how many records
     * were handled.
     */
    public int poll(Duration timeout, RecordHandler handler) {
        return poll((int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis())), handler);
    }

    /** As {@link #poll(Duration, RecordHandler)}, waiting without a time limit. */
    public int poll(RecordHandler handler) {
        return poll(-1, handler);
    }

    /** Makes one wait in {@link #poll} (now or the next one) return at once; any thread may call it. */
    public void wakeup() {
        if (closed) return;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment one = call.allocate(8, 8);
            one.set(JAVA_LONG, 0, 1L);
            long rc = Native.call(Libc.WRITE, wake, one.address(), 8L);
            assert rc == 8; // only fails when the counter would overflow: then a wake-up is pending anyway
        }
    }

    private int poll(int timeoutMs, RecordHandler handler) {
        int n = consume(handler);
        if (n > 0) return n;
        int rc = (int) Native.call(Libc.EPOLL_WAIT, epoll, events.address(), 2, timeoutMs);
        if (rc < 0) {
            int errno = Native.errno();
            if (errno != 4 /* EINTR */) throw BpfException.of("epoll_wait on ring buffer '" + name + "'", errno, null);
        }
        for (int i = 0; i < rc; i++) {
            if (events.get(JAVA_INT_UNALIGNED, i * Libc.EPOLL_EVENT_SIZE + Libc.EPOLL_EVENT_DATA) == wake)
                Native.call(Libc.READ, wake, counter.address(), 8L); // resets the eventfd
        }
        return consume(handler);
    }

    /** Bytes the producer has written that are not consumed yet. */
    public long available() {
        return (long) LONG.getAcquire(producer, 0L) - (long) LONG.getAcquire(consumer, 0L);
    }

    /** A copy of a record that outlives the handler call, in memory aligned to 8 bytes. */
    public static MemorySegment copy(MemorySegment ring, long offset, int length, Arena arena) {
        MemorySegment copy = arena.allocate(Math.max(length, 1), 8);
        MemorySegment.copy(ring, offset, copy, 0, length);
        return copy.asSlice(0, length);
    }

    /** Unmaps the ring; idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Libc.close(epoll);
        Libc.close(wake);
        arena.close();
    }
}
