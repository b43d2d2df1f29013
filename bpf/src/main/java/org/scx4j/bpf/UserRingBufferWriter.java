package org.scx4j.bpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Writes records into a user ring buffer ({@code BPF_MAP_TYPE_USER_RINGBUF}), which BPF
 * drains with {@code bpf_user_ringbuf_drain}. Reserve space, fill it in place, and
 * {@link #submit()} publishes everything reserved since the last submit with one release
 * store: a batch costs one publication, however many records it holds. One thread only.
 */
public final class UserRingBufferWriter implements AutoCloseable {
    private static final VarHandle LONG = JAVA_LONG.varHandle();
    private static final int HEADER = RingBufferReader.HEADER;

    private final String name;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment consumer, producer, data;
    private final long size, mask;
    private long reservedPos, publishedPos;
    private boolean closed;

    private UserRingBufferWriter(BpfMap map) {
        name = map.name();
        size = map.maxEntries();
        mask = size - 1;
        long page = Libc.PAGE_SIZE;
        int fd = map.fd();
        String what = "user ring buffer '" + name + "'";
        consumer = Libc.mmap(arena, fd, page, Libc.PROT_READ, 0, what);
        // producer page, then the data pages mapped twice in a row, so no record wraps around
        MemorySegment rest = Libc.mmap(arena, fd, page + 2 * size, Libc.PROT_READ | Libc.PROT_WRITE, page, what);
        producer = rest.asSlice(0, page);
        data = rest.asSlice(page, 2 * size);
        publishedPos = reservedPos = (long) LONG.getAcquire(producer, 0L);
    }

    /** A writer into a loaded user ring buffer map. */
    public static UserRingBufferWriter of(BpfMap map) {
        if (map.type() != BpfMap.TYPE_USER_RINGBUF)
            throw new IllegalArgumentException("map '" + map.name() + "' is not a BPF_MAP_TYPE_USER_RINGBUF (type " + map.type() + ")");
        return new UserRingBufferWriter(map);
    }

    /**
     * Reserves {@code length} bytes for a record and returns the offset in {@link #buffer()}
     * to fill (8-byte aligned), or -1 when the ring is full until BPF drains it. The record
     * reaches BPF at the next {@link #submit()}.
     */
    public long reserve(int length) {
        if (closed) throw new IllegalStateException("user ring buffer writer '" + name + "' is closed");
        long total = (length + HEADER + 7) & ~7L;
        if (length <= 0 || total > size)
            throw new IllegalArgumentException("a record of " + length + " bytes does not fit user ring buffer '"
                    + name + "' (" + size + " bytes)");
        long cons = (long) LONG.getAcquire(consumer, 0L);
        if (reservedPos + total - cons > mask) return -1; // as libbpf and the kernel: never quite full
        long offset = reservedPos & mask;
        data.set(JAVA_INT, offset, length);   // final length: not busy, since BPF cannot see it before submit
        data.set(JAVA_INT, offset + 4, 0);
        reservedPos += total;
        return offset + HEADER;
    }

    /** Publishes every record reserved since the last submit. */
    public void submit() {
        if (reservedPos == publishedPos) return;
        LONG.setRelease(producer, 0L, reservedPos);
        publishedPos = reservedPos;
    }

    /** Reserves, copies and submits one record; false when the ring is full. */
    public boolean write(MemorySegment record) {
        long offset = reserve(Math.toIntExact(record.byteSize()));
        if (offset < 0) return false;
        MemorySegment.copy(record, 0, data, offset, record.byteSize());
        submit();
        return true;
    }

    /** The ring's data (mapped twice in a row); fill reserved records at the offsets {@link #reserve} returns. */
    public MemorySegment buffer() {
        return data;
    }

    /** Bytes submitted or reserved that BPF has not drained yet. */
    public long pending() {
        return reservedPos - (long) LONG.getAcquire(consumer, 0L);
    }

    /** Unmaps the ring (records reserved but not submitted are dropped); idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        arena.close();
    }
}
