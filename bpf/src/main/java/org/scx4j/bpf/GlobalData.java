package org.scx4j.bpf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The global variables of one data section ({@code .bss}, {@code .data}, {@code .rodata})
 * by name, as declared in the object's BTF, so Java reads {@code bss.getLong("nr_local")}
 * rather than an offset. After load the memory is the kernel's own (an mmap of the map):
 * reads see what BPF programs write and writes are seen by them; accesses are volatile.
 */
public final class GlobalData {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final String where;
    private final MemorySegment memory;
    private final Map<String, Btf.SectionVar> vars;
    private final Btf btf;

    private GlobalData(String where, MemorySegment memory, Map<String, Btf.SectionVar> vars, Btf btf) {
        this.where = where;
        this.memory = memory;
        this.vars = vars;
        this.btf = btf;
    }

    static GlobalData of(BpfObject object, String section) {
        BpfMap map = object.map(section);
        Btf btf = object.btf();
        String where = section + " of BPF object '" + object.name() + "'";
        long size = map.valueSize();
        MemorySegment memory;
        if (object.loaded()) { // the live kernel map; .rodata is frozen, so read-only
            boolean readOnly = section.startsWith(".rodata");
            memory = map.mapValues(size, readOnly ? Libc.PROT_READ : Libc.PROT_READ | Libc.PROT_WRITE, where);
            if (readOnly) memory = memory.asReadOnly();
        } else { // libbpf's copy of the initial values, sent to the kernel by load()
            memory = map.initialValue(object.arena());
        }
        return new GlobalData(where, memory, btf.sectionVars(section), btf);
    }

    /** The names of the section's variables. */
    public Set<String> names() {
        return new TreeSet<>(vars.keySet());
    }

    public long getLong(String var) {
        return (long) LONG.getVolatile(memory, offset(var, 8));
    }

    public void setLong(String var, long value) {
        LONG.setVolatile(memory, offset(var, 8), value);
    }

    public int getInt(String var) {
        return (int) INT.getVolatile(memory, offset(var, 4));
    }

    public void setInt(String var, int value) {
        INT.setVolatile(memory, offset(var, 4), value);
    }

    public byte getByte(String var) {
        return memory.get(ValueLayout.JAVA_BYTE, offset(var, 1));
    }

    public void setByte(String var, byte value) {
        memory.set(ValueLayout.JAVA_BYTE, offset(var, 1), value);
    }

    public boolean getBoolean(String var) {
        return getByte(var) != 0;
    }

    public void setBoolean(String var, boolean value) {
        setByte(var, (byte) (value ? 1 : 0));
    }

    /** A copy of a variable's bytes (any type, e.g. a char array or a struct). */
    public byte[] getBytes(String var) {
        return segment(var).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Sets a variable's bytes; {@code value} may be shorter (the rest is zeroed), never longer. */
    public void setBytes(String var, byte[] value) {
        MemorySegment s = segment(var);
        if (value.length > s.byteSize())
            throw new IllegalArgumentException(value.length + " bytes do not fit variable '" + var + "' ("
                    + s.byteSize() + " bytes) in " + where);
        s.fill((byte) 0);
        s.copyFrom(MemorySegment.ofArray(value));
    }

    /** The memory of one variable, e.g. a struct or an array. */
    public MemorySegment segment(String var) {
        Btf.SectionVar v = variable(var);
        return memory.asSlice(v.offset(), v.size());
    }

    /** The memory of a struct variable, after checking {@code layout} against the struct's BTF. */
    public MemorySegment segment(String var, StructLayout layout) {
        Btf.SectionVar v = variable(var);
        btf.checkLayout(v.typeId(), layout, "variable '" + var + "' in " + where);
        return memory.asSlice(v.offset(), v.size());
    }

    /** A struct variable read by field name, after checking {@code layout} against the struct's BTF. */
    public StructView struct(String var, StructLayout layout) {
        return StructView.of(segment(var, layout), layout);
    }

    /** The whole section. */
    public MemorySegment segment() {
        return memory;
    }

    private Btf.SectionVar variable(String var) {
        Btf.SectionVar v = vars.get(var);
        if (v == null)
            throw new IllegalArgumentException("no variable '" + var + "' in " + where + "; it has " + names());
        return v;
    }

    private long offset(String var, int size) {
        Btf.SectionVar v = variable(var);
        if (v.size() != size)
            throw new IllegalArgumentException("variable '" + var + "' in " + where + " is " + v.size()
                    + " bytes; it cannot be accessed as a " + size + "-byte value");
        return v.offset();
    }
}
