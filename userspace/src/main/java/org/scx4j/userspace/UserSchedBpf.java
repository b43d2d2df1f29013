package org.scx4j.userspace;

/**
 * Names in the shared BPF side of every Java-policy scheduler ({@code user_sched.bpf.c}):
 * the classpath resource of the compiled object and the maps Java talks to.
 */
public final class UserSchedBpf {
    /** The compiled object, a classpath resource of this module. */
    public static final String OBJECT = "/bpf/user_sched.bpf.o";
    /** The struct_ops map. */
    public static final String OPS_MAP = "user_sched_ops";
    /** BPF -> Java ring of {@link TaskRecord}s. */
    public static final String TASK_RING = "queued";
    /** Java -> BPF user ring of {@link DispatchRecord}s. */
    public static final String DISPATCH_RING = "dispatched";
    /** Syscall programs that feed and drain the rings with synthetic tasks ({@link WarmUp}). */
    static final String WARM_FILL = "warm_fill", WARM_DRAIN = "warm_drain";

    private UserSchedBpf() {
    }
}
