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

    private final MemorySegment segment;
    private final Map<String, Long> offsets = new HashMap<>();
    private final Map<String, Long> sizes = new HashMap<>();

    private StructView(MemorySegment segment, StructLayout layout) {
        this.segment = segment;
        for (MemoryLayout field : layout.memberLayouts())
            field.name().ifPresent(n -> {
                offsets.put(n, layout.byteOffset(MemoryLayout.PathElement.groupElement(n)));
                sizes.put(n, field.byteSize());
            });
    }

    /** A view of {@code segment} (at least the layout's size, 8-byte aligned) as {@code layout}. */
    public static StructView of(MemorySegment segment, StructLayout layout) {
        if (segment.byteSize() < layout.byteSize())
            throw new IllegalArgumentException("a " + segment.byteSize() + "-byte segment cannot hold a "
                    + layout.byteSize() + "-byte struct");
        if (segment.address() % layout.byteAlignment() != 0)
            throw new IllegalArgumentException("struct memory at 0x" + Long.toHexString(segment.address())
                    + " is not aligned to " + layout.byteAlignment() + " bytes");
        return new StructView(segment, layout);
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

    /** The struct's memory. */
    public MemorySegment segment() {
        return segment;
    }

    private long offset(String field, long size) {
        Long off = offsets.get(field);
        if (off == null) throw new IllegalArgumentException("the layout has no field '" + field + "'; it has " + offsets.keySet());
        if (sizes.get(field) != size)
            throw new IllegalArgumentException("field '" + field + "' is " + sizes.get(field) + " bytes, not " + size);
        return off;
    }
}
