package org.scx4j.userspace;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.ArrayDeque;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop carries every task to the policy and every decision to the sink, even when the sink fills up. */
class DecisionLoopTest {
    /** Answers each task with a decision whose vtime is the task's pid times ten. */
    static final class EchoPolicy implements Policy {
        final ArrayDeque<long[]> queue = new ArrayDeque<>();

        @Override
        public void enqueue(QueuedTask task) {
            queue.add(new long[] {task.pid(), task.enqSeq()});
        }

        @Override
        public boolean next(Dispatch out) {
            long[] t = queue.poll();
            if (t == null) {
                return false;
            }
            out.set((int) t[0], t[1], Dispatch.ANY_CPU, 1_000_000, t[0] * 10);
            return true;
        }

        @Override
        public int waiting() {
            return queue.size();
        }
    }

    @Test
    void everyTaskGetsExactlyOneDecision() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticTasks tasks = new SyntheticTasks(arena, 100);
            for (int pid = 1; pid <= 100; pid++) {
                tasks.add(pid, pid + 1000, 0, 0, 0, 100, 0);
            }
            MemoryDispatchSink sink = new MemoryDispatchSink(arena, 100);
            DecisionLoop loop = new DecisionLoop(new EchoPolicy());
            while (loop.round(tasks, sink, 7) > 0) {
                // rounds of at most 7 tasks
            }
            assertThat(sink.size()).isEqualTo(100);
            Dispatch d = new Dispatch();
            for (int i = 0; i < 100; i++) {
                sink.get(i, d);
                assertThat(d.pid).isEqualTo(i + 1);
                assertThat(d.enqSeq).isEqualTo(i + 1 + 1000);
                assertThat(d.vtime).isEqualTo((i + 1) * 10L);
            }
            assertThat(loop.tasksRead()).isEqualTo(100);
            assertThat(loop.decisionsWritten()).isEqualTo(100);
        }
    }

    @Test
    void aDecisionThatFindsTheSinkFullIsOfferedAgainNotLost() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticTasks tasks = new SyntheticTasks(arena, 10);
            for (int pid = 1; pid <= 10; pid++) {
                tasks.add(pid, 1);
            }
            MemoryDispatchSink small = new MemoryDispatchSink(arena, 4);
            EchoPolicy policy = new EchoPolicy();
            DecisionLoop loop = new DecisionLoop(policy);
            loop.round(tasks, small, 100);
            assertThat(small.size()).isEqualTo(4);
            // The fifth decision was taken from the policy but did not fit: it is held.
            assertThat(policy.waiting()).isEqualTo(5);

            MemoryDispatchSink big = new MemoryDispatchSink(arena, 100);
            loop.round(tasks, big, 100);
            Dispatch d = new Dispatch();
            assertThat(big.size()).isEqualTo(6);
            assertThat(big.get(0, d).pid).isEqualTo(5);
            assertThat(big.get(5, d).pid).isEqualTo(10);
        }
    }
}
