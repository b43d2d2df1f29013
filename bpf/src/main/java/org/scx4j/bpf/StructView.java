package org.scx4j.bpf;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;

/**
 * A C struct in memory read by field name through its {@link StructLayout}, so Java code
 * says {@code stats.getLong("local")} rather than an offset. Accesses are volatile because
 * the memory is usually shared with running BPF programs. Get one from
 * {@link GlobalData#struct(String, StructLayout)}, which first checks the layout against BTF.
 */
public final class StructView {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    /** Where a field is: byte offset and size. */
    record Field(long offset, long size) {}

    private final MemorySegment segment;
    private final Map<String, Field> fields;

    StructView(MemorySegment segment, Map<String, Field> fields) {
        this.segment = segment;
        this.fields = fields;
    }

    /** A view of {@code segment} (at least the layout's size, 8-byte aligned) as {@code layout}. */
    public static StructView of(MemorySegment segment, StructLayout layout) {
        if (segment.byteSize() < layout.byteSize())
            throw new IllegalArgumentException("a " + segment.byteSize() + "-byte segment cannot hold a "
                    + layout.byteSize() + "-byte struct");
        if (segment.address() % layout.byteAlignment() != 0)
            throw new IllegalArgumentException("struct memory at 0x" + Long.toHexString(segment.address())
                    + " is not aligned to " + layout.byteAlignment() + " bytes");
        Map<String, Field> fields = new HashMap<>();
        for (MemoryLayout field : layout.memberLayouts())
            field.name().ifPresent(n -> fields.put(n,
                    new Field(layout.byteOffset(MemoryLayout.PathElement.groupElement(n)), field.byteSize())));
        return new StructView(segment, fields);
    }

    public long getLong(String field) {
        return (long) LONG.getVolatile(segment, offset(field, 8));
    }

    public void setLong(String field, long value) {
        LONG.setVolatile(segment, offset(field, 8), value);
    }

    public int getInt(String field) {
        return (int) INT.getVolatile(segment, offset(field, 4));
    }

    public void setInt(String field, int value) {
        INT.setVolatile(segment, offset(field, 4), value);
    }

    /** A copy of a field's bytes (e.g. a char array). */
    public byte[] getBytes(String field) {
        return field(field).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Sets a field's bytes; {@code value} may be shorter (the rest is zeroed), never longer. */
    public void setBytes(String field, byte[] value) {
        MemorySegment f = field(field);
        if (value.length > f.byteSize())
            throw new IllegalArgumentException(value.length + " bytes do not fit field '" + field + "' (" + f.byteSize() + " bytes)");
        f.fill((byte) 0);
        f.copyFrom(MemorySegment.ofArray(value));
    }

    /** The memory of one field. */
    public MemorySegment field(String field) {
        Field f = lookup(field);
        return segment.asSlice(f.offset(), f.size());
    }

    /** The struct's memory. */
    public MemorySegment segment() {
        return segment;
    }

    private Field lookup(String field) {
        Field f = fields.get(field);
        if (f == null) throw new IllegalArgumentException("the struct has no field '" + field + "'; it has " + new java.util.TreeSet<>(fields.keySet()));
        return f;
    }

    private long offset(String field, long size) {
        Field f = lookup(field);
        if (f.size() != size) throw new IllegalArgumentException("field '" + field + "' is " + f.size() + " bytes, not " + size);
        return f.offset();
    }
}
