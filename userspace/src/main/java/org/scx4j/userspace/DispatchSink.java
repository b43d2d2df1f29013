package org.scx4j.userspace;

/**
 * Where decisions go: the user ring buffer in production, memory in tests and benchmarks.
 * Decisions are written in batches: {@link #offer} fills records, {@link #flush} makes the
 * batch visible to the consumer.
 */
public interface DispatchSink {
    /** Writes one decision; false when there is no room (the caller retries later). */
    boolean offer(Dispatch d);

    /** Publishes the decisions offered since the last flush. */
    void flush();
}
