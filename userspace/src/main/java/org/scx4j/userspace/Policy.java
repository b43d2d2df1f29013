package org.scx4j.userspace;

/**
 * What a Java scheduler decides: everything else (the BPF side, transport, counters,
 * the JVM's own threads, the fallback when Java is slow, exit handling) is the
 * framework's. The framework calls {@link #enqueue} for each task that became runnable
 * ({@link #keepGrant} instead for one that BPF ran at once on a wake grant), then
 * {@link #next} until it returns false, from one thread. All run on the hot path: they
 * should not allocate per task (keep state in primitive arrays).
 */
public interface Policy {
    /**
     * A task is waiting for a decision. The view is reused for the next task: copy the
     * fields you need (at least {@link QueuedTask#pid()} and {@link QueuedTask#enqSeq()}).
     */
    void enqueue(QueuedTask task);

    /**
     * Fills {@code out} with the next task to run (which, on which CPU, for how long) and
     * returns true, or returns false when the policy wants to dispatch nothing more now.
     */
    boolean next(Dispatch out);

    /** Tasks the policy holds that it has not dispatched yet. */
    int waiting();

    /**
     * BPF ran this task as it woke, on the wake grant ({@link Dispatch#wakeSliceNs}) of the
     * policy's last decision for it: it is not waiting. Returns true to let it keep the
     * grant, false to withdraw it, so that its wake-ups go through {@link #enqueue} and
     * {@link #next} again. The default withdraws it.
     */
    default boolean keepGrant(QueuedTask task) {
        return false;
    }
}
