package org.scx4j.userspace;

/** A test aid ({@link JavaScheduler#setFailAfter}): a policy that throws after a number of decisions. */
final class FailingPolicy implements Policy {
    private final Policy policy;
    private final long limit;
    private long decided;

    FailingPolicy(Policy policy, long limit) {
        this.policy = policy;
        this.limit = limit;
    }

    @Override
    public void enqueue(QueuedTask task) {
        policy.enqueue(task);
    }

    @Override
    public boolean next(Dispatch out) {
        if (decided == limit) throw new IllegalStateException("failing after " + limit + " decisions, as asked (--fail-after)");
        boolean more = policy.next(out);
        if (more) decided++;
        return more;
    }

    @Override
    public int waiting() {
        return policy.waiting();
    }

    @Override
    public boolean keepGrant(QueuedTask task) {
        return policy.keepGrant(task);
    }
}
