package org.scx4j.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One map of a {@link BpfObject}: lookup, update, delete and iteration with keys and values
 * as byte arrays in the host's byte order (see {@link #u32(int)}). Per-CPU maps hold one
 * value per possible CPU: {@link #lookupPerCpu} lists them, {@link #sumLongs} adds them up.
 * A scheduler's statistics are summed from mapped memory by {@link #sumCounters}.
 */
public final class BpfMap {
    /** Map types the binding treats specially (values of enum bpf_map_type). */
    public static final int TYPE_HASH = 1, TYPE_ARRAY = 2, TYPE_PERCPU_HASH = 5, TYPE_PERCPU_ARRAY = 6,
            TYPE_LRU_PERCPU_HASH = 10, TYPE_STRUCT_OPS = 26, TYPE_RINGBUF = 27, TYPE_USER_RINGBUF = 31;
    private static final Set<Integer> PER_CPU = Set.of(TYPE_PERCPU_HASH, TYPE_PERCPU_ARRAY, TYPE_LRU_PERCPU_HASH, 21);
    private static final int ENOENT = 2, BPF_F_MMAPABLE = 1 << 10;

    private final BpfObject object;
    private final MemorySegment map;
    private final String name;
    // Fixed once the object is open; read once, since a monitoring loop's every downcall costs.
    private final int type, keySize, valueSize;
    /** A lookup's key and value memory, reused so that a loop reading the map allocates nothing; guarded by this map. */
    private MemorySegment keyBuffer, valueBuffer;
    /** A counters map's rows, mapped, the copy a sum reads, and the counters in a row; guarded by this map. */
    private MemorySegment rows;
    private long[] rowValues;
    private int rowCounters;

    BpfMap(BpfObject object, MemorySegment map) {
        this.object = object;
        this.map = map;
        this.name = Libbpf.string(Native.pointer(Native.call(Libbpf.MAP_NAME, map.address())));
        this.type = call(Libbpf.MAP_TYPE);
        this.keySize = call(Libbpf.MAP_KEY_SIZE);
        this.valueSize = call(Libbpf.MAP_VALUE_SIZE);
    }

    /** A 4-byte key or value in host byte order, e.g. an array map index. */
    public static byte[] u32(int v) {
        return bytes(4, v);
    }

    private static byte[] bytes(int size, long v) {
        byte[] b = new byte[size];
        MemorySegment s = MemorySegment.ofArray(b);
        if (size == 4) s.set(ValueLayout.JAVA_INT_UNALIGNED, 0, (int) v); // the host's byte order
        else s.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, v);
        return b;
    }

    /** An 8-byte key or value in host byte order. */
    public static byte[] u64(long v) {
        return bytes(8, v);
    }

    public String name() {
        return name;
    }

    /** The map type (a value of enum bpf_map_type, see the TYPE_ constants). */
    public int type() {
        return type;
    }

    public int keySize() {
        return keySize;
    }

    public int valueSize() {
        return valueSize;
    }

    public int maxEntries() {
        return call(Libbpf.MAP_MAX_ENTRIES);
    }

    /** The map's file descriptor (after load). */
    public int fd() {
        object.requireLoaded("the fd of map '" + name + "'");
        return call(Libbpf.MAP_FD);
    }

    public boolean perCpu() {
        return PER_CPU.contains(type);
    }

    /** The value for {@code key}, or empty when the map has no such key. Not for per-CPU maps. */
    public synchronized Optional<byte[]> lookup(byte[] key) {
        requireNotPerCpu("lookup");
        if (!lookupIntoBuffer(key)) return Optional.empty();
        return Optional.of(valueBuffer.asSlice(0, valueSize).toArray(ValueLayout.JAVA_BYTE));
    }

    /** The value for {@code key}; a missing key is a {@link BpfException} (ENOENT). */
    public byte[] get(byte[] key) {
        return lookup(key).orElseThrow(() -> new BpfException("map '" + name + "' has no key " + hex(key)
                + " (ENOENT)", ENOENT, List.of()));
    }

    /** One value per possible CPU, or empty when the map has no such key. Only for per-CPU maps. */
    public synchronized Optional<List<byte[]>> lookupPerCpu(byte[] key) {
        requirePerCpu();
        if (!lookupIntoBuffer(key)) return Optional.empty();
        int cpus = Libbpf.possibleCpus();
        List<byte[]> values = new ArrayList<>(cpus);
        for (int c = 0; c < cpus; c++) values.add(valueBuffer.asSlice((long) c * stride(), valueSize).toArray(ValueLayout.JAVA_BYTE));
        return Optional.of(values);
    }

    /** The sum over possible CPUs of the u64 at {@code offset} in a per-CPU value (0 when the key is missing). */
    public synchronized long sumLongs(byte[] key, int offset) {
        requirePerCpu();
        if (offset < 0 || offset + 8 > valueSize)
            throw new IllegalArgumentException("offset " + offset + " is outside the " + valueSize + "-byte values of map '" + name + "'");
        if (!lookupIntoBuffer(key)) return 0;
        long sum = 0;
        for (int c = 0, cpus = Libbpf.possibleCpus(); c < cpus; c++)
            sum += valueBuffer.get(ValueLayout.JAVA_LONG_UNALIGNED, (long) c * stride() + offset);
        return sum;
    }

    /**
     * The number of counters in each row of an {@code SCX_COUNTERS} map (see
     * {@code scx/counters.bpf.h}), as its BPF object declares them.
     *
     * @throws IllegalArgumentException when this is not such a map
     */
    public int counters() {
        if (type != TYPE_ARRAY || keySize != 4 || (call(Libbpf.MAP_FLAGS) & BPF_F_MMAPABLE) == 0)
            throw notCounters();
        StructView.Field n = object.btf().members(call(Libbpf.MAP_BTF_VALUE_TYPE_ID)).get("n");
        if (n == null || n.offset() != 0 || n.size() % 8 != 0) throw notCounters();
        return (int) (n.size() / 8);
    }

    private IllegalArgumentException notCounters() {
        return new IllegalArgumentException("map '" + name + "' is not a counters map (SCX_COUNTERS)");
    }

    /**
     * Sums the counters of an {@code SCX_COUNTERS} map, which has a row of them per possible
     * CPU: for each index below {@code count}, its sum over the rows. A monitoring loop calls
     * this once a second, interpreted and cold, so it makes no system call: the rows are
     * mapped at the first call and copied out in one bulk read.
     */
    public synchronized long[] sumCounters(int count) {
        if (rows == null) {
            rowCounters = counters();
            int entries = maxEntries();
            rows = mapValues((long) entries * valueSize, Libc.PROT_READ, "map '" + name + "'");
            rowValues = new long[Math.min(entries, Libbpf.possibleCpus()) * (valueSize / 8)];
        }
        if (count > rowCounters)
            throw new IllegalArgumentException("map '" + name + "' has " + rowCounters + " counters per CPU, not " + count);
        MemorySegment.copy(rows, ValueLayout.JAVA_LONG, 0, rowValues, 0, rowValues.length);
        long[] sums = new long[count];
        for (int row = 0, stride = valueSize / 8; row < rowValues.length; row += stride)
            for (int index = 0; index < count; index++) sums[index] += rowValues[row + index];
        return sums;
    }

    /**
     * The first {@code bytes} of this loaded mmapable map's values, mapped in whole pages from
     * its start; unmapped when the object closes.
     */
    MemorySegment mapValues(long bytes, int prot, String what) {
        long length = (bytes + Libc.PAGE_SIZE - 1) / Libc.PAGE_SIZE * Libc.PAGE_SIZE;
        return Libc.mmap(object.arena(), fd(), length, prot, 0, what).asSlice(0, bytes);
    }

    /** Creates or replaces the value for {@code key} (BPF_ANY). */
    public void update(byte[] key, byte[] value) {
        update(key, value, 0);
    }

    /** Updates with flags BPF_ANY (0), BPF_NOEXIST (1) or BPF_EXIST (2). */
    public void update(byte[] key, byte[] value, long flags) {
        checkSize("key", key, keySize());
        checkSize(perCpu() ? "value (all CPUs)" : "value", value, valueBytes());
        try (Arena call = Arena.ofConfined()) {
            LibbpfLog.clearRecent();
            int rc = (int) Native.call(Libbpf.MAP_UPDATE, ptr().address(), copy(call, key).address(), key.length,
                    copy(call, value).address(), value.length, flags);
            if (rc < 0) throw BpfException.of("update of map '" + name + "'", rc, null);
        }
    }

    /** Deletes {@code key}; false when it was not there. */
    public boolean delete(byte[] key) {
        checkSize("key", key, keySize());
        try (Arena call = Arena.ofConfined()) {
            LibbpfLog.clearRecent();
            int rc = (int) Native.call(Libbpf.MAP_DELETE, ptr().address(), copy(call, key).address(), key.length, 0L);
            if (rc == -ENOENT) return false;
            if (rc < 0) throw BpfException.of("delete from map '" + name + "'", rc, null);
            return true;
        }
    }

    /** Every key, in the kernel's iteration order. */
    public List<byte[]> keys() {
        List<byte[]> keys = new ArrayList<>();
        Set<String> seen = new HashSet<>(); // a concurrent delete can restart a hash walk
        try (Arena call = Arena.ofConfined()) {
            MemorySegment cur = MemorySegment.NULL, next = call.allocate(keySize, 8);
            while (true) {
                int rc = (int) Native.call(Libbpf.MAP_NEXT_KEY, ptr().address(), cur.address(), next.address(), keySize);
                if (rc == -ENOENT) return keys;
                if (rc < 0) throw BpfException.of("iteration of map '" + name + "'", rc, null);
                byte[] k = next.toArray(ValueLayout.JAVA_BYTE);
                if (!seen.add(hex(k))) return keys;
                keys.add(k);
                if (cur.equals(MemorySegment.NULL)) cur = call.allocate(keySize, 8);
                cur.copyFrom(next);
            }
        }
    }

    // ---- for the binding ----

    MemorySegment pointer() {
        object.checkOpen();
        return map;
    }

    /** libbpf's pre-load copy of a data section map, valid until the object closes. */
    MemorySegment initialValue(Arena owner) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment size = call.allocate(ValueLayout.JAVA_LONG);
            long p = Native.call(Libbpf.MAP_INITIAL_VALUE, ptr().address(), size.address());
            if (p == 0) throw new IllegalArgumentException("map '" + name + "' is not a data section (no initial value)");
            return MemorySegment.ofAddress(p).reinterpret(size.get(ValueLayout.JAVA_LONG, 0), owner, null);
        }
    }

    /** Looks {@code key} up into {@link #valueBuffer} (the caller holds this map's lock); false when the map has no such key. */
    private boolean lookupIntoBuffer(byte[] key) {
        checkSize("key", key, keySize);
        allocateBuffers();
        MemorySegment.copy(key, 0, keyBuffer, ValueLayout.JAVA_BYTE, 0, key.length);
        LibbpfLog.clearRecent();
        int rc = (int) Native.call(Libbpf.MAP_LOOKUP, ptr().address(), keyBuffer.address(), key.length,
                valueBuffer.address(), valueBuffer.byteSize(), 0L);
        if (rc == -ENOENT) return false;
        if (rc < 0) throw BpfException.of("lookup in map '" + name + "'", rc, null);
        return true;
    }

    private void allocateBuffers() {
        if (keyBuffer != null) return;
        Arena arena = Arena.ofAuto(); // lives as long as this map is reachable
        keyBuffer = arena.allocate(Math.max(1, keySize), 8);
        valueBuffer = arena.allocate(valueBytes(), 8);
    }

    /** The bytes of one value as a lookup or update passes it: every possible CPU's for a per-CPU map. */
    private long valueBytes() {
        return perCpu() ? (long) stride() * Libbpf.possibleCpus() : valueSize;
    }

    /** How far apart the kernel lays out the CPUs' values of a per-CPU map. */
    private int stride() {
        return (valueSize + 7) & ~7;
    }

    private MemorySegment ptr() {
        object.checkOpen();
        return map;
    }

    private int call(Native.Fn f) {
        return (int) Native.call(f, ptr().address());
    }

    private void requirePerCpu() {
        if (!perCpu()) throw new IllegalArgumentException("map '" + name + "' is not a per-CPU map; use lookup()");
    }

    private void requireNotPerCpu(String op) {
        if (perCpu()) throw new IllegalArgumentException("map '" + name + "' is per-CPU: use lookupPerCpu() or sumLongs() instead of " + op + "()");
    }

    private void checkSize(String what, byte[] bytes, long expected) {
        if (bytes == null) throw new IllegalArgumentException(what + " for map '" + name + "' is null");
        if (bytes.length != expected)
            throw new IllegalArgumentException(what + " for map '" + name + "' is " + bytes.length
                    + " bytes; the map's " + what + " size is " + expected + " bytes");
    }

    private static MemorySegment copy(Arena arena, byte[] bytes) {
        MemorySegment s = arena.allocate(Math.max(1, bytes.length), 8);
        s.copyFrom(MemorySegment.ofArray(bytes));
        return s;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder("0x");
        for (byte x : b) sb.append(String.format("%02x", x));
        return sb.toString();
    }
}
