package org.scx4j.userspace;

/**
 * Runs a Java {@link Policy} as a sched_ext scheduler. (Being built: the shared BPF side
 * lives in the classpath resource {@link #OBJECT}.)
 */
public final class UserScheduler {
    /** The shared BPF side of every Java-policy scheduler. */
    public static final String OBJECT = "/bpf/user_sched.bpf.o";
    /** Its struct_ops map. */
    public static final String OPS_MAP = "user_sched_ops";

    private UserScheduler() {
    }
}
