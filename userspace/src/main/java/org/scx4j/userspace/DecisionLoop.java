package org.scx4j.userspace;

import java.lang.foreign.MemorySegment;

/**
 * The framework's hot path, one round at a time: read every waiting task record in place,
 * hand each to the {@link Policy}, then write the policy's decisions as one batch. It owns
 * the single reused {@link QueuedTask} view and {@link Dispatch} holder, so a round
 * allocates nothing. A decision that finds the sink full is kept and offered first next
 * round. Not thread-safe: one decision thread runs it.
 */
public final class DecisionLoop implements TaskSource.Sink {
    private final Policy policy;
    private final QueuedTask view = new QueuedTask();
    private final Dispatch decision = new Dispatch();
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
        while (held || policy.next(decision)) {
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

    @Override
    public void accept(MemorySegment segment, long offset) {
        tasksRead++; // counted here: a source may also deliver records while it waits
        policy.enqueue(view.at(segment, offset));
    }

    public long tasksRead() {
        return tasksRead;
    }

    public long decisionsWritten() {
        return decisionsWritten;
    }
}
