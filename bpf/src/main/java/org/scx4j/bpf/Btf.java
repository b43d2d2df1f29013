package org.scx4j.bpf;

import static org.scx4j.bpf.Native.INT;
import static org.scx4j.bpf.Native.LONG;
import static org.scx4j.bpf.Native.PTR;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * Queries over BPF Type Format data: the running kernel's ({@link #vmlinux()}), used by the
 * sched_ext runtime to adapt to the kernel it meets (does a kfunc exist, what is an enum's
 * value, does a struct have a member), and a BPF object's own ({@link BpfObject#btf()}),
 * used to check Java {@link StructLayout}s against what the C code declared.
 */
public final class Btf {
    static final int KIND_INT = 1, KIND_STRUCT = 4, KIND_UNION = 5, KIND_ENUM = 6, KIND_TYPEDEF = 8,
            KIND_VOLATILE = 9, KIND_CONST = 10, KIND_RESTRICT = 11, KIND_FUNC = 12, KIND_VAR = 14,
            KIND_DATASEC = 15, KIND_TYPE_TAG = 18, KIND_ENUM64 = 19;
    private static final long TYPE_HEADER = 12, ENTRY = 12, ENUM_ENTRY = 8;

    private static final MethodHandle LOAD_VMLINUX = Native.bpfErrno("btf__load_vmlinux_btf", FunctionDescriptor.of(PTR));
    private static final MethodHandle TYPE_CNT = Native.bpf("btf__type_cnt", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle TYPE_BY_ID = Native.bpf("btf__type_by_id", FunctionDescriptor.of(PTR, PTR, INT));
    private static final MethodHandle NAME_BY_OFFSET = Native.bpf("btf__name_by_offset", FunctionDescriptor.of(PTR, PTR, INT));
    private static final MethodHandle FIND_BY_NAME_KIND = Native.bpf("btf__find_by_name_kind",
            FunctionDescriptor.of(INT, PTR, PTR, INT));
    private static final MethodHandle RESOLVE_SIZE = Native.bpf("btf__resolve_size", FunctionDescriptor.of(LONG, PTR, INT));

    private static volatile Btf vmlinux;

    private final MemorySegment btf;
    private final String origin;
    private final BooleanSupplier closed;
    private Map<String, Long> enumerators; // built on first use: vmlinux has tens of thousands

    Btf(MemorySegment btf, String origin, BooleanSupplier closed) {
        this.btf = btf;
        this.origin = origin;
        this.closed = closed;
    }

    /** The running kernel's BTF (/sys/kernel/btf/vmlinux), loaded once and kept. */
    public static Btf vmlinux() {
        Btf b = vmlinux;
        if (b != null) return b;
        synchronized (Btf.class) {
            if (vmlinux != null) return vmlinux;
            Libbpf.version(); // checks libbpf and captures its log before the first call
            LibbpfLog.clearRecent();
            try (Arena call = Arena.ofConfined()) {
                MemorySegment errno = call.allocate(Native.CAPTURE);
                MemorySegment p = (MemorySegment) LOAD_VMLINUX.invokeExact(errno);
                if (p.equals(MemorySegment.NULL))
                    throw BpfException.of("loading the kernel's BTF", Native.errno(errno),
                            "the kernel needs CONFIG_DEBUG_INFO_BTF (/sys/kernel/btf/vmlinux)");
                vmlinux = new Btf(p, "vmlinux", () -> false);
                return vmlinux;
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
        }
    }

    /** Whether a function (e.g. a kfunc such as "scx_bpf_dsq_insert") is declared. */
    public boolean hasFunc(String name) {
        return find(name, KIND_FUNC) > 0;
    }

    /** The value of an enumerator of any enum, e.g. "SCX_DSQ_LOCAL". */
    public synchronized OptionalLong enumValue(String enumerator) {
        if (enumerators == null) enumerators = allEnumerators();
        Long v = enumerators.get(enumerator);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** The value of {@code enumerator} in the enum named {@code enumName}. */
    public OptionalLong enumValue(String enumName, String enumerator) {
        for (int kind : new int[] {KIND_ENUM, KIND_ENUM64}) {
            int id = find(enumName, kind);
            if (id <= 0) continue;
            Map<String, Long> values = new HashMap<>();
            addEnumerators(id, values);
            Long v = values.get(enumerator);
            return v == null ? OptionalLong.empty() : OptionalLong.of(v);
        }
        return OptionalLong.empty();
    }

    /** Whether {@code struct} (or a union of that name) has {@code member}, looking into anonymous members. */
    public boolean hasMember(String struct, String member) {
        return memberOffset(struct, member).isPresent();
    }

    /** The byte offset of {@code member} in {@code struct}, if both exist (bitfields: their byte). */
    public OptionalLong memberOffset(String struct, String member) {
        int id = structId(struct);
        if (id <= 0) return OptionalLong.empty();
        return findMember(id, member).map(m -> OptionalLong.of(m.bitOffset / 8)).orElse(OptionalLong.empty());
    }

    /** The size in bytes of a struct or union. */
    public OptionalInt structSize(String struct) {
        int id = structId(struct);
        return id <= 0 ? OptionalInt.empty() : OptionalInt.of(typeSize(id));
    }

    /**
     * Checks that {@code layout} matches the C struct {@code struct}: same size, and every
     * named field at the same offset with the same size as the struct's member of that name.
     *
     * @throws IllegalArgumentException naming the first field that does not match
     */
    public void checkLayout(String struct, StructLayout layout) {
        int id = structId(struct);
        if (id <= 0) throw new IllegalArgumentException("struct " + struct + " is not in the BTF of " + origin);
        checkLayout(id, layout, "struct " + struct);
    }

    // ---- package-private: used by GlobalData ----

    record Member(String name, int typeId, long bitOffset) {}

    record SectionVar(String name, int typeId, long offset, long size) {}

    /** The variables of a data section (".bss", ".data", ".rodata"), by name. */
    Map<String, SectionVar> sectionVars(String section) {
        int id = find(section, KIND_DATASEC);
        Map<String, SectionVar> vars = new HashMap<>();
        if (id <= 0) return vars;
        MemorySegment t = type(id);
        for (int i = 0; i < vlen(t); i++) {
            long e = TYPE_HEADER + i * ENTRY;
            int varId = t.get(INT, e);
            MemorySegment var = type(varId);
            if (kind(var) != KIND_VAR) continue;
            String name = name(var.get(INT, 0));
            vars.put(name, new SectionVar(name, var.get(INT, 8), Integer.toUnsignedLong(t.get(INT, e + 4)),
                    Integer.toUnsignedLong(t.get(INT, e + 8))));
        }
        return vars;
    }

    /** The named members of a struct (anonymous ones flattened; bitfields left out). */
    Map<String, StructView.Field> members(int typeId) {
        Map<String, StructView.Field> out = new HashMap<>();
        addMembers(skipModifiers(typeId), 0, out);
        return out;
    }

    private void addMembers(int structId, long baseBits, Map<String, StructView.Field> out) {
        MemorySegment t = type(structId);
        for (int i = 0; i < vlen(t); i++) {
            long e = TYPE_HEADER + i * ENTRY;
            int nameOff = t.get(INT, e), memberType = t.get(INT, e + 4), off = t.get(INT, e + 8);
            boolean bitfield = kindFlag(t) && (off >>> 24) != 0;
            long bits = baseBits + (kindFlag(t) ? off & 0xffffff : Integer.toUnsignedLong(off));
            if (nameOff == 0) {
                int k = kind(type(skipModifiers(memberType)));
                if (k == KIND_STRUCT || k == KIND_UNION) addMembers(skipModifiers(memberType), bits, out);
            } else if (!bitfield && bits % 8 == 0) {
                out.put(name(nameOff), new StructView.Field(bits / 8, typeSize(memberType)));
            }
        }
    }

    void checkLayout(int typeId, StructLayout layout, String what) {
        int id = skipModifiers(typeId);
        int kind = kind(type(id));
        if (kind != KIND_STRUCT && kind != KIND_UNION)
            throw new IllegalArgumentException(what + " is not a struct in the BTF of " + origin);
        long size = typeSize(id);
        if (layout.byteSize() != size)
            throw new IllegalArgumentException("layout for " + what + " is " + layout.byteSize()
                    + " bytes but the BPF object's struct is " + size + " bytes");
        long offset = 0;
        for (MemoryLayout field : layout.memberLayouts()) {
            if (field.name().isPresent()) {
                String name = field.name().get();
                Member m = findMember(id, name).orElseThrow(() -> new IllegalArgumentException(
                        "field '" + name + "' of the layout for " + what + " is not a member of the C struct"));
                if (m.bitOffset != offset * 8)
                    throw new IllegalArgumentException("field '" + name + "' of " + what + " is at byte " + offset
                            + " in the layout but at byte " + m.bitOffset / 8.0 + " in the BPF object");
                long cSize = typeSize(m.typeId);
                if (cSize != field.byteSize())
                    throw new IllegalArgumentException("field '" + name + "' of " + what + " is " + field.byteSize()
                            + " bytes in the layout but " + cSize + " bytes in the BPF object");
            }
            offset += field.byteSize();
        }
    }

    int typeSize(int id) {
        checkOpen();
        try {
            long n = (long) RESOLVE_SIZE.invokeExact(btf, id);
            if (n < 0) throw BpfException.of("size of BTF type " + id, (int) n, null);
            return (int) n;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    // ---- parsing of struct btf_type records in libbpf's memory ----

    private Optional<Member> findMember(int structId, String member) {
        MemorySegment t = type(structId);
        for (int i = 0; i < vlen(t); i++) {
            long e = TYPE_HEADER + i * ENTRY;
            int nameOff = t.get(INT, e), memberType = t.get(INT, e + 4), off = t.get(INT, e + 8);
            long bitOffset = kindFlag(t) ? off & 0xffffff : Integer.toUnsignedLong(off);
            if (nameOff != 0) {
                if (name(nameOff).equals(member)) return Optional.of(new Member(member, memberType, bitOffset));
                continue;
            }
            int inner = skipModifiers(memberType); // anonymous struct/union: look inside
            int k = kind(type(inner));
            if (k == KIND_STRUCT || k == KIND_UNION) {
                Optional<Member> m = findMember(inner, member);
                if (m.isPresent()) return Optional.of(new Member(member, m.get().typeId, bitOffset + m.get().bitOffset));
            }
        }
        return Optional.empty();
    }

    private int structId(String name) {
        int id = find(name, KIND_STRUCT);
        return id > 0 ? id : find(name, KIND_UNION);
    }

    private int skipModifiers(int id) {
        while (true) {
            MemorySegment t = type(id);
            int k = kind(t);
            if (k != KIND_TYPEDEF && k != KIND_VOLATILE && k != KIND_CONST && k != KIND_RESTRICT && k != KIND_TYPE_TAG)
                return id;
            id = t.get(INT, 8);
        }
    }

    private Map<String, Long> allEnumerators() {
        Map<String, Long> all = new HashMap<>();
        int count;
        try {
            checkOpen();
            count = (int) TYPE_CNT.invokeExact(btf);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        for (int id = 1; id < count; id++) {
            int k = kind(type(id));
            if (k == KIND_ENUM || k == KIND_ENUM64) addEnumerators(id, all);
        }
        return all;
    }

    private void addEnumerators(int id, Map<String, Long> into) {
        MemorySegment t = type(id);
        boolean signed = kindFlag(t);
        boolean is64 = kind(t) == KIND_ENUM64;
        long entry = is64 ? ENTRY : ENUM_ENTRY;
        for (int i = 0; i < vlen(t); i++) {
            long e = TYPE_HEADER + i * entry;
            long v = is64 ? (Integer.toUnsignedLong(t.get(INT, e + 4)) | ((long) t.get(INT, e + 8) << 32))
                    : signed ? t.get(INT, e + 4) : Integer.toUnsignedLong(t.get(INT, e + 4));
            into.putIfAbsent(name(t.get(INT, e)), v);
        }
    }

    private int find(String name, int kind) {
        checkOpen();
        try (Arena call = Arena.ofConfined()) {
            return (int) FIND_BY_NAME_KIND.invokeExact(btf, call.allocateFrom(name), kind);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private MemorySegment type(int id) {
        checkOpen();
        try {
            MemorySegment p = (MemorySegment) TYPE_BY_ID.invokeExact(btf, id);
            if (p.equals(MemorySegment.NULL)) throw new IllegalArgumentException("no BTF type " + id + " in " + origin);
            MemorySegment head = p.reinterpret(TYPE_HEADER);
            return p.reinterpret(TYPE_HEADER + vlen(head) * ENTRY);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private String name(int offset) {
        try {
            return Libbpf.string((MemorySegment) NAME_BY_OFFSET.invokeExact(btf, offset));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static int kind(MemorySegment t) {
        return (t.get(INT, 4) >>> 24) & 0x1f;
    }

    private static int vlen(MemorySegment t) {
        return t.get(INT, 4) & 0xffff;
    }

    private static boolean kindFlag(MemorySegment t) {
        return t.get(INT, 4) < 0;
    }

    private void checkOpen() {
        if (closed.getAsBoolean())
            throw new IllegalStateException("the BTF of " + origin + " was freed when its BPF object was closed");
    }
}
