package org.scx4j.bpf;

import static org.scx4j.bpf.Native.INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.BooleanSupplier;

/**
 * Raw access to the {@code struct btf_type} records libbpf holds in memory (kinds, names,
 * members, sizes), kept apart from {@link Btf}'s questions so those read as questions.
 * Called as {@link Native} explains.
 */
final class BtfTypes {
    static final int KIND_INT = 1, KIND_STRUCT = 4, KIND_UNION = 5, KIND_ENUM = 6, KIND_TYPEDEF = 8,
            KIND_VOLATILE = 9, KIND_CONST = 10, KIND_RESTRICT = 11, KIND_FUNC = 12, KIND_VAR = 14,
            KIND_DATASEC = 15, KIND_TYPE_TAG = 18, KIND_ENUM64 = 19;
    /** struct btf_type is 12 bytes; struct members, var_secinfo and enum64 entries 12, enum entries 8. */
    static final long TYPE_HEADER = 12, ENTRY = 12, ENUM_ENTRY = 8;

    private static final Native.Fn TYPE_CNT = Native.bpf("btf__type_cnt"); // __u32 (const struct btf *)
    // const struct btf_type *(const struct btf *, __u32 id)
    private static final Native.Fn TYPE_BY_ID = Native.bpf("btf__type_by_id");
    // const char *(const struct btf *, __u32 offset)
    private static final Native.Fn NAME_BY_OFFSET = Native.bpf("btf__name_by_offset");
    // __s32 (const struct btf *, const char *name, __u32 kind)
    private static final Native.Fn FIND_BY_NAME_KIND = Native.bpf("btf__find_by_name_kind");
    private static final Native.Fn RESOLVE_SIZE = Native.bpf("btf__resolve_size"); // __s64 (const struct btf *, __u32 id)

    private final MemorySegment btf;
    private final String origin;
    private final BooleanSupplier closed;

    BtfTypes(MemorySegment btf, String origin, BooleanSupplier closed) {
        this.btf = btf;
        this.origin = origin;
        this.closed = closed;
    }

    /** Type ids run from 1 to count() - 1. */
    int count() {
        checkOpen();
        return (int) Native.call(TYPE_CNT, btf.address());
    }

    int typeSize(int id) {
        checkOpen();
        long n = Native.call(RESOLVE_SIZE, btf.address(), id);
        if (n < 0) throw BpfException.of("size of BTF type " + id, (int) n, null);
        return (int) n;
    }
    int skipModifiers(int id) {
        while (true) {
            MemorySegment t = type(id);
            int k = kind(t);
            if (k != KIND_TYPEDEF && k != KIND_VOLATILE && k != KIND_CONST && k != KIND_RESTRICT && k != KIND_TYPE_TAG)
                return id;
            id = t.get(INT, 8);
        }
    }
    int find(String name, int kind) {
        checkOpen();
        try (Arena call = Arena.ofConfined()) {
            return (int) Native.call(FIND_BY_NAME_KIND, btf.address(), call.allocateFrom(name).address(), kind);
        }
    }
    MemorySegment type(int id) {
        checkOpen();
        long p = Native.call(TYPE_BY_ID, btf.address(), id);
        if (p == 0) throw new IllegalArgumentException("no BTF type " + id + " in " + origin);
        MemorySegment head = MemorySegment.ofAddress(p).reinterpret(TYPE_HEADER);
        return head.reinterpret(TYPE_HEADER + vlen(head) * ENTRY);
    }
    String name(int offset) {
        return Libbpf.string(Native.pointer(Native.call(NAME_BY_OFFSET, btf.address(), offset)));
    }
    static int kind(MemorySegment t) {
        return (t.get(INT, 4) >>> 24) & 0x1f;
    }
    static int vlen(MemorySegment t) {
        return t.get(INT, 4) & 0xffff;
    }
    static boolean kindFlag(MemorySegment t) {
        return t.get(INT, 4) < 0;
    }
    void checkOpen() {
        if (closed.getAsBoolean())
            throw new IllegalStateException("the BTF of " + origin + " was freed (its BPF object or the Btf was closed)");
    }
}
