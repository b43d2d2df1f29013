package org.scx4j.bpf;

import static org.scx4j.bpf.Native.INT;
import static org.scx4j.bpf.Native.LONG;
import static org.scx4j.bpf.Native.PTR;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.function.BooleanSupplier;

/**
 * Raw access to the {@code struct btf_type} records libbpf holds in memory (kinds, names,
 * members, sizes), kept apart from {@link Btf}'s questions so those read as questions.
 * Each handle is linked on its first call (a holder class each, as in {@link Libbpf}).
 */
final class BtfTypes {
    static final int KIND_INT = 1, KIND_STRUCT = 4, KIND_UNION = 5, KIND_ENUM = 6, KIND_TYPEDEF = 8,
            KIND_VOLATILE = 9, KIND_CONST = 10, KIND_RESTRICT = 11, KIND_FUNC = 12, KIND_VAR = 14,
            KIND_DATASEC = 15, KIND_TYPE_TAG = 18, KIND_ENUM64 = 19;
    /** struct btf_type is 12 bytes; struct members, var_secinfo and enum64 entries 12, enum entries 8. */
    static final long TYPE_HEADER = 12, ENTRY = 12, ENUM_ENTRY = 8;

    private static final class TypeCnt {
        static final MethodHandle H = Native.bpf("btf__type_cnt", FunctionDescriptor.of(INT, PTR));
    }
    private static final class TypeById {
        static final MethodHandle H = Native.bpf("btf__type_by_id", FunctionDescriptor.of(PTR, PTR, INT));
    }
    private static final class NameByOffset {
        static final MethodHandle H = Native.bpf("btf__name_by_offset", FunctionDescriptor.of(PTR, PTR, INT));
    }
    private static final class FindByNameKind {
        static final MethodHandle H = Native.bpf("btf__find_by_name_kind", FunctionDescriptor.of(INT, PTR, PTR, INT));
    }
    private static final class ResolveSize {
        static final MethodHandle H = Native.bpf("btf__resolve_size", FunctionDescriptor.of(LONG, PTR, INT));
    }

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
        try {
            return (int) TypeCnt.H.invokeExact(btf);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    int typeSize(int id) {
        checkOpen();
        try {
            long n = (long) ResolveSize.H.invokeExact(btf, id);
            if (n < 0) throw BpfException.of("size of BTF type " + id, (int) n, null);
            return (int) n;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
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
            return (int) FindByNameKind.H.invokeExact(btf, call.allocateFrom(name), kind);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
    MemorySegment type(int id) {
        checkOpen();
        try {
            MemorySegment p = (MemorySegment) TypeById.H.invokeExact(btf, id);
            if (p.equals(MemorySegment.NULL)) throw new IllegalArgumentException("no BTF type " + id + " in " + origin);
            MemorySegment head = p.reinterpret(TYPE_HEADER);
            return p.reinterpret(TYPE_HEADER + vlen(head) * ENTRY);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
    String name(int offset) {
        try {
            return Libbpf.string((MemorySegment) NameByOffset.H.invokeExact(btf, offset));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
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
