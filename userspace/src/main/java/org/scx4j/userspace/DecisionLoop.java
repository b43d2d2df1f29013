package org.scx4j.userspace;

import java.lang.foreign.MemorySegment;

/**
 * The framework's hot path, one round at a time: read every waiting task record in place,
 * hand each to the {@link Policy}, then write the policy's decisions as one batch. It owns
 * the single reused {@link QueuedTask} view and {@link Dispatch} holder, so a round
 * allocates nothing. Withdrawals of wake grants (see {@link Policy#keepGrant}) wait in
 * primitive arrays and go out before the round's decisions; one that finds no room is
 * dropped, and the policy is asked again at the task's next wake-up. A decision that
 * finds the sink full is kept and offered first next round. Not thread-safe: one decision
 * thread runs it.
 */
public final class DecisionLoop implements TaskSource.Sink {
    private final Policy policy;
    private final QueuedTask view = new QueuedTask();
    private final Dispatch decision = new Dispatch();
    private final int[] withdrawnPids = new int[256];
    private final long[] withdrawnSeqs = new long[256];
    private int withdrawn;
    private boolean held;
    private long tasksRead;
    private long decisionsWritten;

    public DecisionLoop(Policy policy) {
        this.policy = policy;
    }

    /**
     * One round: at most {@code maxTasks} records from {@code source}, then decisions into
     * {@code sink} until the policy or the sink has no more. Returns records read plus
     * decisions written (0: nothing happened, the caller may wait).
     */
    public int round(TaskSource source, DispatchSink sink, int maxTasks) {
        int read = source.poll(this, maxTasks);
        int written = 0;
        while (held || nextDecision()) {
            if (!sink.offer(decision)) {
                held = true;
                break;
            }
            held = false;
            written++;
        }
        if (written > 0) {
            sink.flush();
            decisionsWritten += written;
        }
        return read + written;
    }

    private boolean nextDecision() {
        if (withdrawn == 0) {
            return policy.next(decision);
        }
        withdrawn--;
        decision.withdrawGrant(withdrawnPids[withdrawn], withdrawnSeqs[withdrawn]);
        return true;
    }

    @Override
    public void accept(MemorySegment segment, long offset) {
        tasksRead++; // counted here: a source may also deliver records while it waits
        QueuedTask task = view.at(segment, offset);
        if (!task.ranOnGrant()) {
            policy.enqueue(task);
            return;
        }
        if (!policy.keepGrant(task) && withdrawn < withdrawnPids.length) {
            withdrawnPids[withdrawn] = task.pid();
            withdrawnSeqs[withdrawn] = task.enqSeq();
            withdrawn++;
        }
    }

    public long tasksRead() {
        return tasksRead;
    }

    public long decisionsWritten() {
        return decisionsWritten;
    }
}
