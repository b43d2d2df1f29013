package org.scx4j.bpf;

import static org.scx4j.bpf.Native.INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
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
public final class Btf implements AutoCloseable {
    private static final Native.Fn LOAD_VMLINUX = Native.bpf("btf__load_vmlinux_btf"); // struct btf *(void); errno
    private static final Native.Fn FREE = Native.bpf("btf__free"); // void (struct btf *)

    private static volatile Btf vmlinux;

    private final BtfTypes types;
    private final String origin;
    private final MemorySegment owned; // freed by close(); NULL when someone else owns the data
    private volatile boolean freed;
    private Map<String, Long> enumerators; // built on first use: vmlinux has tens of thousands

    Btf(MemorySegment btf, String origin, BooleanSupplier closed) {
        this(btf, origin, closed, MemorySegment.NULL);
    }

    private Btf(MemorySegment btf, String origin, BooleanSupplier closed, MemorySegment owned) {
        this.types = new BtfTypes(btf, origin, () -> freed || closed.getAsBoolean());
        this.origin = origin;
        this.owned = owned;
    }

    /** The running kernel's BTF (/sys/kernel/btf/vmlinux), loaded once and kept. */
    public static Btf vmlinux() {
        Btf b = vmlinux;
        if (b != null) return b;
        synchronized (Btf.class) {
            if (vmlinux == null) vmlinux = new Btf(loadVmlinuxData(), "vmlinux", () -> false);
            return vmlinux;
        }
    }

    /**
     * The running kernel's BTF loaded for one use: libbpf's copy takes several MiB, so a
     * scheduler that only probes the kernel once frees it ({@link #close}) before loading
     * its own object, which makes libbpf load the kernel's BTF again.
     */
    public static Btf loadVmlinux() {
        MemorySegment p = loadVmlinuxData();
        return new Btf(p, "vmlinux", () -> false, p);
    }

    private static MemorySegment loadVmlinuxData() {
        Libbpf.version(); // checks libbpf and captures its log before the first call
        LibbpfLog.clearRecent();
        long p = Native.call(LOAD_VMLINUX);
        if (p == 0)
            throw BpfException.of("loading the kernel's BTF", Native.errno(),
                    "the kernel needs CONFIG_DEBUG_INFO_BTF (/sys/kernel/btf/vmlinux)");
        return Native.pointer(p);
    }

    /** Frees the data of a BTF from {@link #loadVmlinux()}; later queries throw. Others are left alone. */
    @Override
    public synchronized void close() {
        if (owned.equals(MemorySegment.NULL) || freed) return;
        freed = true;
        Native.call(FREE, owned.address());
    }

    /** Whether a function (e.g. a kfunc such as "scx_bpf_dsq_insert") is declared. */
    public boolean hasFunc(String name) {
        return types.find(name, BtfTypes.KIND_FUNC) > 0;
    }

    /** The value of an enumerator of any enum, e.g. "SCX_DSQ_LOCAL". */
    public synchronized OptionalLong enumValue(String enumerator) {
        if (enumerators == null) enumerators = allEnumerators();
        Long v = enumerators.get(enumerator);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /**
     * The enumerators of the enums named {@code enumNames} (those that exist), found by name:
     * much cheaper than {@link #enumValue(String)}'s first call, which reads every enum.
     */
    public Map<String, Long> enumerators(Collection<String> enumNames) {
        Map<String, Long> values = new HashMap<>();
        for (String enumName : enumNames) {
            for (int kind : new int[] {BtfTypes.KIND_ENUM, BtfTypes.KIND_ENUM64}) {
                int id = types.find(enumName, kind);
                if (id > 0) addEnumerators(id, values);
            }
        }
        return values;
    }

    /** The value of {@code enumerator} in the enum named {@code enumName}. */
    public OptionalLong enumValue(String enumName, String enumerator) {
        Long v = enumerators(List.of(enumName)).get(enumerator);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
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
        return id <= 0 ? OptionalInt.empty() : OptionalInt.of(types.typeSize(id));
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
        int id = types.find(section, BtfTypes.KIND_DATASEC);
        Map<String, SectionVar> vars = new HashMap<>();
        if (id <= 0) return vars;
        MemorySegment t = types.type(id);
        for (int i = 0; i < BtfTypes.vlen(t); i++) {
            long e = BtfTypes.TYPE_HEADER + i * BtfTypes.ENTRY;
            int varId = t.get(INT, e);
            MemorySegment var = types.type(varId);
            if (BtfTypes.kind(var) != BtfTypes.KIND_VAR) continue;
            String name = types.name(var.get(INT, 0));
            vars.put(name, new SectionVar(name, var.get(INT, 8), Integer.toUnsignedLong(t.get(INT, e + 4)),
                    Integer.toUnsignedLong(t.get(INT, e + 8))));
        }
        return vars;
    }

    /** The named members of a struct (anonymous ones flattened; bitfields left out). */
    Map<String, StructView.Field> members(int typeId) {
        Map<String, StructView.Field> out = new HashMap<>();
        addMembers(types.skipModifiers(typeId), 0, out);
        return out;
    }

    private void addMembers(int structId, long baseBits, Map<String, StructView.Field> out) {
        MemorySegment t = types.type(structId);
        for (int i = 0; i < BtfTypes.vlen(t); i++) {
            long e = BtfTypes.TYPE_HEADER + i * BtfTypes.ENTRY;
            int nameOff = t.get(INT, e), memberType = t.get(INT, e + 4), off = t.get(INT, e + 8);
            boolean bitfield = BtfTypes.kindFlag(t) && (off >>> 24) != 0;
            long bits = baseBits + (BtfTypes.kindFlag(t) ? off & 0xffffff : Integer.toUnsignedLong(off));
            if (nameOff == 0) {
                int k = BtfTypes.kind(types.type(types.skipModifiers(memberType)));
                if (k == BtfTypes.KIND_STRUCT || k == BtfTypes.KIND_UNION) addMembers(types.skipModifiers(memberType), bits, out);
            } else if (!bitfield && bits % 8 == 0) {
                out.put(types.name(nameOff), new StructView.Field(bits / 8, types.typeSize(memberType)));
            }
        }
    }

    void checkLayout(int typeId, StructLayout layout, String what) {
        int id = types.skipModifiers(typeId);
        int kind = BtfTypes.kind(types.type(id));
        if (kind != BtfTypes.KIND_STRUCT && kind != BtfTypes.KIND_UNION)
            throw new IllegalArgumentException(what + " is not a struct in the BTF of " + origin);
        long size = types.typeSize(id);
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
                long cSize = types.typeSize(m.typeId);
                if (cSize != field.byteSize())
                    throw new IllegalArgumentException("field '" + name + "' of " + what + " is " + field.byteSize()
                            + " bytes in the layout but " + cSize + " bytes in the BPF object");
            }
            offset += field.byteSize();
        }
    }


    // ---- parsing of struct btf_type records in libbpf's memory ----

    private Optional<Member> findMember(int structId, String member) {
        MemorySegment t = types.type(structId);
        for (int i = 0; i < BtfTypes.vlen(t); i++) {
            long e = BtfTypes.TYPE_HEADER + i * BtfTypes.ENTRY;
            int nameOff = t.get(INT, e), memberType = t.get(INT, e + 4), off = t.get(INT, e + 8);
            long bitOffset = BtfTypes.kindFlag(t) ? off & 0xffffff : Integer.toUnsignedLong(off);
            if (nameOff != 0) {
                if (types.name(nameOff).equals(member)) return Optional.of(new Member(member, memberType, bitOffset));
                continue;
            }
            int inner = types.skipModifiers(memberType); // anonymous struct/union: look inside
            int k = BtfTypes.kind(types.type(inner));
            if (k == BtfTypes.KIND_STRUCT || k == BtfTypes.KIND_UNION) {
                Optional<Member> m = findMember(inner, member);
                if (m.isPresent()) return Optional.of(new Member(member, m.get().typeId, bitOffset + m.get().bitOffset));
            }
        }
        return Optional.empty();
    }

    private int structId(String name) {
        int id = types.find(name, BtfTypes.KIND_STRUCT);
        return id > 0 ? id : types.find(name, BtfTypes.KIND_UNION);
    }


    private Map<String, Long> allEnumerators() {
        Map<String, Long> all = new HashMap<>();
        int count = types.count();
        for (int id = 1; id < count; id++) {
            int k = BtfTypes.kind(types.type(id));
            if (k == BtfTypes.KIND_ENUM || k == BtfTypes.KIND_ENUM64) addEnumerators(id, all);
        }
        return all;
    }

    private void addEnumerators(int id, Map<String, Long> into) {
        MemorySegment t = types.type(id);
        boolean signed = BtfTypes.kindFlag(t);
        boolean is64 = BtfTypes.kind(t) == BtfTypes.KIND_ENUM64;
        long entry = is64 ? BtfTypes.ENTRY : BtfTypes.ENUM_ENTRY;
        for (int i = 0; i < BtfTypes.vlen(t); i++) {
            long e = BtfTypes.TYPE_HEADER + i * entry;
            long v = is64 ? (Integer.toUnsignedLong(t.get(INT, e + 4)) | ((long) t.get(INT, e + 8) << 32))
                    : signed ? t.get(INT, e + 4) : Integer.toUnsignedLong(t.get(INT, e + 4));
            into.putIfAbsent(types.name(t.get(INT, e)), v);
        }
    }







}
