package org.scx4j.userspace;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The layout of {@code struct user_task} (user_sched.h): one task waiting for a decision,
 * as the BPF side writes it into the ring buffer. Java reads it in place, so the layout
 * is 8-byte aligned (every u64 at an 8-byte offset, size a multiple of 8) and each access
 * goes through an aligned var handle: a misaligned record is an exception here, never a
 * wrong read or a crash. RecordLayoutTest checks it against the object's BTF.
 */
public final class TaskRecord {
    /** {@code flags}: the task woke up (it had slept voluntarily). */
    public static final int FLAG_WAKEUP = 1;
    /** {@code flags}: {@code cpu} was idle when the kernel placed the task there. */
    public static final int FLAG_IDLE_CPU = 2;
    /** {@code flags}: not waiting; BPF ran the task as it woke, on its wake grant. */
    public static final int FLAG_RAN = 4;
    /** Bytes of {@code comm}. */
    public static final int COMM_LEN = 16;

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("pid"),
            JAVA_INT.withName("cpu"),
            JAVA_INT.withName("nr_cpus_allowed"),
            JAVA_INT.withName("flags"),
            JAVA_LONG.withName("enq_seq"),
            JAVA_LONG.withName("enq_ts"),
            JAVA_LONG.withName("start_ts"),
            JAVA_LONG.withName("stop_ts"),
            JAVA_LONG.withName("exec_runtime"),
            JAVA_LONG.withName("burst_ns"),
            JAVA_LONG.withName("weight"),
            JAVA_LONG.withName("vtime"),
            MemoryLayout.sequenceLayout(COMM_LEN, JAVA_BYTE).withName("comm"))
            .withName("user_task");

    /** Size in bytes (96). */
    public static final long SIZE = LAYOUT.byteSize();

    static final VarHandle PID = handle("pid");
    static final VarHandle CPU = handle("cpu");
    static final VarHandle NR_CPUS_ALLOWED = handle("nr_cpus_allowed");
    static final VarHandle FLAGS = handle("flags");
    static final VarHandle ENQ_SEQ = handle("enq_seq");
    static final VarHandle ENQ_TS = handle("enq_ts");
    static final VarHandle START_TS = handle("start_ts");
    static final VarHandle STOP_TS = handle("stop_ts");
    static final VarHandle EXEC_RUNTIME = handle("exec_runtime");
    static final VarHandle BURST_NS = handle("burst_ns");
    static final VarHandle WEIGHT = handle("weight");
    static final VarHandle VTIME = handle("vtime");
    static final long COMM_OFFSET = LAYOUT.byteOffset(groupElement("comm"));

    private TaskRecord() {
    }

    private static VarHandle handle(String field) {
        return LAYOUT.varHandle(groupElement(field)).withInvokeExactBehavior();
    }
}
