package org.scx4j.userspace;

import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.bpf.RingBufferReader;
import org.scx4j.bpf.UserRingBufferWriter;

/**
 * The one thread that makes a Java scheduler's decisions: it tells BPF its thread id (so
 * BPF lets it preempt), then runs {@link DecisionLoop} rounds over the two rings, sleeping
 * in epoll when no task waits, without a timeout (no timer is armed per sleep; close()
 * wakes it). If the policy throws, the thread keeps the failure and stops; BPF's bounded
 * wait keeps every task moving until the runtime, seeing the failure, detaches the scheduler.
 */
final class DecisionThread implements AutoCloseable {
    private static final int MAX_TASKS_PER_ROUND = 4096;
    private static final int NO_TIME_LIMIT = -1;

    private final RingBufferReader reader;
    private final UserRingBufferWriter writer;
    private final GlobalData bss;
    private final DecisionLoop loop;
    private final RingTaskSource source;
    private final RingDispatchSink sink;
    private final Thread thread;
    private volatile boolean stop;
    private volatile Throwable failure;

    DecisionThread(BpfObject loaded, Policy policy) {
        this.bss = loaded.bss();
        this.reader = RingBufferReader.of(loaded.map(UserSchedBpf.TASK_RING));
        this.writer = UserRingBufferWriter.of(loaded.map(UserSchedBpf.DISPATCH_RING));
        this.loop = new DecisionLoop(policy);
        this.source = new RingTaskSource(reader);
        this.sink = new RingDispatchSink(writer, bss);
        this.thread = Thread.ofPlatform().name("scx-decide").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            bss.setInt("loop_tid", ThreadId.current());
            while (!stop) {
                if (loop.round(source, sink, MAX_TASKS_PER_ROUND) == 0) {
                    source.await(NO_TIME_LIMIT); // no timer to arm: close() wakes it
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Tasks read and decisions written by Java so far. */
    long tasksRead() {
        return loop.tasksRead();
    }

    long decisionsWritten() {
        return loop.decisionsWritten();
    }

    /** Why the thread stopped early, or null. */
    Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        stop = true;
        reader.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            reader.close();
            writer.close();
        }
    }
}
