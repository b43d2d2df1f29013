package org.scx4j.userspace;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The layout of {@code struct user_dispatch} (user_sched.h): one decision, written by Java
 * into the user ring buffer and applied by the BPF {@code dispatch} callback. Like
 * {@link TaskRecord} it is 8-byte aligned with explicit field order chosen so no padding
 * is needed; {@link #write} fills a record in place from a {@link Dispatch}.
 */
public final class DispatchRecord {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("pid"),
            JAVA_INT.withName("cpu"),
            JAVA_LONG.withName("enq_flags"),
            JAVA_LONG.withName("slice_ns"),
            JAVA_LONG.withName("vtime"),
            JAVA_LONG.withName("enq_seq"),
            JAVA_LONG.withName("wake_slice_ns"))
            .withName("user_dispatch");

    /** Size in bytes (48). */
    public static final long SIZE = LAYOUT.byteSize();

    private static final VarHandle PID = handle("pid");
    private static final VarHandle CPU = handle("cpu");
    private static final VarHandle ENQ_FLAGS = handle("enq_flags");
    private static final VarHandle SLICE_NS = handle("slice_ns");
    private static final VarHandle VTIME = handle("vtime");
    private static final VarHandle ENQ_SEQ = handle("enq_seq");
    private static final VarHandle WAKE_SLICE_NS = handle("wake_slice_ns");

    private DispatchRecord() {
    }

    /** Writes {@code d} as a record at {@code offset} of {@code segment} (8-byte aligned). */
    public static void write(Dispatch d, MemorySegment segment, long offset) {
        PID.set(segment, offset, d.pid);
        CPU.set(segment, offset, d.cpu);
        ENQ_FLAGS.set(segment, offset, d.enqFlags);
        SLICE_NS.set(segment, offset, d.sliceNs);
        VTIME.set(segment, offset, d.vtime);
        ENQ_SEQ.set(segment, offset, d.enqSeq);
        WAKE_SLICE_NS.set(segment, offset, d.wakeSliceNs);
    }

    /** Reads the record at {@code offset} back into {@code d} (tests and tools). */
    public static void read(MemorySegment segment, long offset, Dispatch d) {
        d.pid = (int) PID.get(segment, offset);
        d.cpu = (int) CPU.get(segment, offset);
        d.enqFlags = (long) ENQ_FLAGS.get(segment, offset);
        d.sliceNs = (long) SLICE_NS.get(segment, offset);
        d.vtime = (long) VTIME.get(segment, offset);
        d.enqSeq = (long) ENQ_SEQ.get(segment, offset);
        d.wakeSliceNs = (long) WAKE_SLICE_NS.get(segment, offset);
    }

    private static VarHandle handle(String field) {
        return LAYOUT.varHandle(groupElement(field)).withInvokeExactBehavior();
    }
}
