package org.scx4j.schedulers.userland;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scx4j.userspace.DecisionLoop;
import org.scx4j.userspace.Dispatch;
import org.scx4j.userspace.MemoryDispatchSink;
import org.scx4j.userspace.SyntheticTasks;
import org.scx4j.userspace.TaskRecord;

/** scx_userland's policy: weighted vruntime order, the floor, batches of -b, preemption by a task behind, weighted slices. */
class VruntimePolicyTest {
    private static final long SLICE = 20_000_000;

    @Test
    void tasksLeaveInVruntimeOrderTiesInArrivalOrder() {
        try (Arena arena = Arena.ofConfined()) {
            int n = 3000; // more than the initial heap, so it grows with tasks queued
            SyntheticTasks tasks = new SyntheticTasks(arena, n);
            for (int i = 0; i < n; i++) {
                tasks.add(i, i + 1, 0, 0, 0, 100, (i * 7919L) % 1000); // scrambled, with ties
            }
            List<Dispatch> out = drain(arena, new VruntimePolicy(SLICE, n), tasks, n);

            assertThat(out).hasSize(n);
            for (int i = 1; i < n; i++) {
                Dispatch a = out.get(i - 1), b = out.get(i);
                assertThat(a.vtime).isLessThanOrEqualTo(b.vtime);
                if (a.vtime == b.vtime) {
                    assertThat(a.pid).as("a tie keeps arrival order").isLessThan(b.pid);
                }
                assertThat(b.enqSeq).isEqualTo(b.pid + 1);
                assertThat(b.cpu).isEqualTo(Dispatch.ANY_CPU);
            }
        }
    }

    @Test
    void aSleeperIsFlooredAtTheLastDispatchedVruntime() {
        try (Arena arena = Arena.ofConfined()) {
            VruntimePolicy policy = new VruntimePolicy(SLICE, 8);
            SyntheticTasks tasks = new SyntheticTasks(arena, 4);
            tasks.add(1, 5_000_000).add(2, 9_000_000);
            List<Dispatch> first = drain(arena, policy, tasks, 2);
            assertThat(first).extracting(d -> d.pid).containsExactly(1, 2);
            assertThat(policy.minVruntime()).isEqualTo(9_000_000);

            tasks.clear();
            // 3 slept long: its vruntime is far behind
            tasks.add(3, 1, 0, TaskRecord.FLAG_WAKEUP, 0, 100, 1_000).add(4, 12_000_000);
            List<Dispatch> next = drain(arena, policy, tasks, 2);
            assertThat(next).extracting(d -> d.pid).containsExactly(3, 4);
            assertThat(next.getFirst().vtime).as("no banked credit").isEqualTo(9_000_000);
            assertThat(next.getFirst().enqFlags).as("a sleeper waits its turn").isZero();
            assertThat(next.get(1).vtime).isEqualTo(12_000_000);
        }
    }

    @Test
    void eachRoundDispatchesAtMostTheBatchAndAnArrivalCanPassTheRest() {
        try (Arena arena = Arena.ofConfined()) {
            VruntimePolicy policy = new VruntimePolicy(SLICE, 3);
            DecisionLoop loop = new DecisionLoop(policy);
            SyntheticTasks tasks = new SyntheticTasks(arena, 16);
            for (int i = 0; i < 7; i++) {
                tasks.add(100 + i, 1_000_000L * (i + 10));
            }
            MemoryDispatchSink sink = new MemoryDispatchSink(arena, 16);
            loop.round(tasks, sink, 100);
            assertThat(pids(sink)).containsExactly(100, 101, 102);
            assertThat(policy.waiting()).isEqualTo(4);

            tasks.clear();
            tasks.add(7, 11_500_000); // smaller than every task still held back
            sink = new MemoryDispatchSink(arena, 16);
            loop.round(tasks, sink, 100);
            assertThat(pids(sink)).containsExactly(7, 103, 104);

            sink = new MemoryDispatchSink(arena, 16);
            loop.round(tasks, sink, 100);
            assertThat(pids(sink)).containsExactly(105, 106);
            assertThat(policy.waiting()).isZero();
        }
    }

    @Test
    void aTaskBackFromRunningBehindTheLastDispatchedPreempts() {
        try (Arena arena = Arena.ofConfined()) {
            VruntimePolicy policy = new VruntimePolicy(SLICE, 8);
            SyntheticTasks tasks = new SyntheticTasks(arena, 4);
            tasks.add(1, 3_000_000).add(2, 10_000_000); // 1: a heavy task, 2: a light one
            assertThat(drain(arena, policy, tasks, 2)).allMatch(d -> d.enqFlags == 0 && d.sliceNs == SLICE);

            tasks.clear();
            tasks.add(1, 5_000_000).add(3, 10_000_000); // 1 ran a slice and is still behind 2
            List<Dispatch> next = drain(arena, policy, tasks, 2);
            assertThat(next).extracting(d -> d.pid).containsExactly(1, 3);
            assertThat(next.getFirst().enqFlags).isEqualTo(Dispatch.PREEMPT);
            assertThat(next.getFirst().vtime).isEqualTo(10_000_000);
            assertThat(next.get(1).enqFlags).as("level with the last dispatched: no preemption").isZero();
            assertThat(next).allMatch(d -> d.sliceNs == SLICE);
        }
    }

    @Test
    void slicesScaleWithWeightWithinBounds() {
        VruntimePolicy policy = new VruntimePolicy(SLICE, 8);
        assertThat(policy.slice(100)).isEqualTo(SLICE);
        assertThat(policy.slice(500)).isEqualTo(5 * SLICE);
        assertThat(policy.slice(932)).as("nice -10, capped").isEqualTo(8 * SLICE);
        assertThat(policy.slice(1)).as("nice 19, floored").isEqualTo(SLICE / 4);
    }

    /** Runs one decision round over {@code tasks} and returns the decisions. */
    private static List<Dispatch> drain(Arena arena, VruntimePolicy policy, SyntheticTasks tasks, int n) {
        MemoryDispatchSink sink = new MemoryDispatchSink(arena, n);
        new DecisionLoop(policy).round(tasks, sink, n);
        List<Dispatch> out = new ArrayList<>();
        for (int i = 0; i < sink.size(); i++) {
            out.add(sink.get(i, new Dispatch()));
        }
        return out;
    }

    private static List<Integer> pids(MemoryDispatchSink sink) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < sink.size(); i++) {
            out.add(sink.get(i, new Dispatch()).pid);
        }
        return out;
    }
}
