package org.scx4j.schedulers.jfifo;

import org.junit.jupiter.api.Test;
import org.scx4j.userspace.DecisionLoop;
import org.scx4j.userspace.Dispatch;
import org.scx4j.userspace.MemoryDispatchSink;
import org.scx4j.userspace.SyntheticTasks;

import java.lang.foreign.Arena;

import static org.assertj.core.api.Assertions.assertThat;

/** scx_jfifo keeps arrival order, whatever the tasks' vruntime, and grows past its initial capacity. */
class FifoPolicyTest {
    @Test
    void tasksLeaveInArrivalOrderWithTheFixedSlice() {
        try (Arena arena = Arena.ofConfined()) {
            int n = 5000; // more than the initial ring, so it grows with tasks queued
            SyntheticTasks tasks = new SyntheticTasks(arena, n);
            for (int i = 0; i < n; i++) {
                tasks.add(1000 + i, i + 1, i % 2, 0, 0, 100, (n - i) * 1000L); // vruntime descending
            }
            MemoryDispatchSink sink = new MemoryDispatchSink(arena, n);
            FifoPolicy policy = new FifoPolicy(3_000_000);
            new DecisionLoop(policy).round(tasks, sink, n);

            assertThat(sink.size()).isEqualTo(n);
            Dispatch d = new Dispatch();
            long lastVtime = -1;
            for (int i = 0; i < n; i++) {
                sink.get(i, d);
                assertThat(d.pid).isEqualTo(1000 + i);
                assertThat(d.enqSeq).isEqualTo(i + 1);
                assertThat(d.cpu).isEqualTo(Dispatch.ANY_CPU);
                assertThat(d.sliceNs).isEqualTo(3_000_000);
                assertThat(d.vtime).isGreaterThan(lastVtime);
                lastVtime = d.vtime;
            }
            assertThat(policy.waiting()).isZero();
        }
    }

    @Test
    void interleavedArrivalsAndDeparturesKeepOrder() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticTasks tasks = new SyntheticTasks(arena, 3000);
            FifoPolicy policy = new FifoPolicy(1_000_000);
            DecisionLoop loop = new DecisionLoop(policy);
            Dispatch d = new Dispatch();
            int expect = 0;
            for (int round = 0; round < 30; round++) {
                tasks.clear();
                for (int i = 0; i < 100; i++) {
                    tasks.add(round * 100 + i, 1);
                }
                MemoryDispatchSink sink = new MemoryDispatchSink(arena, 37); // fills: the rest waits
                loop.round(tasks, sink, 1000);
                for (int i = 0; i < sink.size(); i++) {
                    assertThat(sink.get(i, d).pid).isEqualTo(expect++);
                }
            }
            assertThat(policy.waiting() + expect + 1).isEqualTo(3000); // one decision is held by the loop
        }
    }
}
