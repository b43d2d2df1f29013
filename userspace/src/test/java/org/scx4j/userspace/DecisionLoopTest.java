package org.scx4j.userspace;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop carries every task to the policy and every decision to the sink, even when the sink fills up. */
class DecisionLoopTest {
    /** Answers each task with a decision whose vtime is the task's pid times ten; even pids keep their wake grant. */
    static final class EchoPolicy implements Policy {
        final ArrayDeque<long[]> queue = new ArrayDeque<>();
        final List<Integer> ran = new ArrayList<>();

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

        @Override
        public boolean keepGrant(QueuedTask task) {
            ran.add(task.pid());
            return task.pid() % 2 == 0;
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

    @Test
    void aTaskBpfRanOnItsGrantIsNotQueuedAndOnlyAWithdrawnGrantGoesOut() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticTasks tasks = new SyntheticTasks(arena, 4);
            tasks.add(1, 11, 0, TaskRecord.FLAG_WAKEUP, 0, 100, 0);
            tasks.add(2, 12, 0, TaskRecord.FLAG_WAKEUP | TaskRecord.FLAG_RAN, 0, 100, 0);
            tasks.add(3, 13, 1, TaskRecord.FLAG_WAKEUP | TaskRecord.FLAG_RAN, 0, 100, 0);
            MemoryDispatchSink sink = new MemoryDispatchSink(arena, 10);
            EchoPolicy policy = new EchoPolicy();
            DecisionLoop loop = new DecisionLoop(policy);
            loop.round(tasks, sink, 10);

            assertThat(policy.ran).containsExactly(2, 3);
            assertThat(sink.size()).isEqualTo(2); // pid 3's withdrawal, then pid 1's decision; pid 2 keeps its grant
            Dispatch d = sink.get(0, new Dispatch());
            assertThat(d.pid).isEqualTo(3);
            assertThat(d.cpu).isEqualTo(Dispatch.NO_CPU);
            assertThat(d.enqSeq).isEqualTo(13);
            assertThat(d.wakeSliceNs).isZero();
            assertThat(sink.get(1, d).pid).isEqualTo(1);
            assertThat(d.cpu).isEqualTo(Dispatch.ANY_CPU);
            assertThat(d.wakeSliceNs).isZero();
            assertThat(loop.tasksRead()).isEqualTo(3);
        }
    }
}
