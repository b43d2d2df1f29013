package org.scx4j.schedulers.javaland;

import org.junit.jupiter.api.Test;
import org.scx4j.userspace.DecisionLoop;
import org.scx4j.userspace.Dispatch;
import org.scx4j.userspace.MemoryDispatchSink;
import org.scx4j.userspace.SyntheticTasks;
import org.scx4j.userspace.TaskRecord;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** scx_javaland orders by virtual deadline (vruntime and weight), boosts interactive tasks, and scales slices. */
class JavalandPolicyTest {
    static final long MS = 1_000_000;

    private static List<Dispatch> decide(JavalandPolicy policy, SyntheticTasks tasks) {
        try (Arena arena = Arena.ofConfined()) {
            MemoryDispatchSink sink = new MemoryDispatchSink(arena, tasks.size());
            new DecisionLoop(policy).round(tasks, sink, tasks.size());
            List<Dispatch> out = new ArrayList<>();
            for (int i = 0; i < sink.size(); i++) {
                out.add(sink.get(i, new Dispatch()));
            }
            return out;
        }
    }

    private static List<Integer> pids(List<Dispatch> ds) {
        return ds.stream().map(d -> d.pid).toList();
    }

    @Test
    void lowerVruntimeRunsFirst() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticTasks tasks = new SyntheticTasks(arena, 1000);
            Random random = new Random(42);
            for (int i = 0; i < 1000; i++) {
                tasks.add(i + 1, 1, 0, 0, 2 * MS, 100, random.nextLong(1_000_000 * MS));
            }
            List<Dispatch> out = decide(new JavalandPolicy(20 * MS, MS), tasks);
            assertThat(out).hasSize(1000);
            for (int i = 1; i < out.size(); i++) {
                assertThat(out.get(i).vtime).isGreaterThanOrEqualTo(out.get(i - 1).vtime);
            }
        }
    }

    @Test
    void higherWeightComesFirstAtEqualVruntimeAndBurst() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticTasks tasks = new SyntheticTasks(arena, 3);
            tasks.add(1, 1, 0, 0, 10 * MS, 100, 500 * MS);   // nice 0
            tasks.add(2, 1, 0, 0, 10 * MS, 1000, 500 * MS);  // heavy
            tasks.add(3, 1, 0, 0, 10 * MS, 10, 500 * MS);    // light
            assertThat(pids(decide(new JavalandPolicy(20 * MS, MS), tasks))).containsExactly(2, 1, 3);
        }
    }

    @Test
    void anInteractiveTaskOvertakesAHogOfSimilarVruntime() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticTasks tasks = new SyntheticTasks(arena, 3);
            tasks.add(1, 1, 0, 0, 20 * MS, 100, 100 * MS);                            // hog, preempted
            tasks.add(2, 1, 0, TaskRecord.FLAG_WAKEUP, 100_000, 100, 105 * MS);       // woke after 0.1 ms burst
            tasks.add(3, 1, 0, TaskRecord.FLAG_WAKEUP, 15 * MS, 100, 106 * MS);       // woke, but long burst
            JavalandPolicy policy = new JavalandPolicy(20 * MS, MS);
            List<Dispatch> out = decide(policy, tasks);
            assertThat(pids(out)).containsExactly(2, 1, 3);
            assertThat(policy.interactiveBoosts()).isEqualTo(1);
            assertThat(out.get(0).enqFlags).as("the interactive task preempts").isEqualTo(Dispatch.PREEMPT);
            assertThat(out.get(1).enqFlags).as("the hog waits its turn").isZero();
            assertThat(out.get(2).enqFlags).isZero();
            assertThat(out.get(0).wakeSliceNs).as("its next wake-up is granted its slice")
                    .isEqualTo(out.get(0).sliceNs).isPositive();
            assertThat(out.get(1).wakeSliceNs).isZero();
            assertThat(out.get(2).wakeSliceNs).isZero();
        }
    }

    @Test
    void aGrantIsKeptWhileBurstsStayShortAndTheTaskNeverQueues() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticTasks tasks = new SyntheticTasks(arena, 3);
            int ran = TaskRecord.FLAG_WAKEUP | TaskRecord.FLAG_RAN;
            tasks.add(1, 7, 0, 0, 20 * MS, 100, 100 * MS);         // a hog waits
            tasks.add(2, 8, 0, ran, 100_000, 100, 105 * MS);       // ran on its grant after a 0.1 ms burst
            tasks.add(3, 9, 1, ran, 5 * MS, 100, 106 * MS);        // ran on its grant, but its burst grew
            JavalandPolicy policy = new JavalandPolicy(20 * MS, MS);
            List<Dispatch> out = decide(policy, tasks);
            assertThat(out).hasSize(2); // pid 2 keeps its grant without a word
            assertThat(out.get(0).pid).isEqualTo(3);
            assertThat(out.get(0).cpu).as("its burst grew: the grant is withdrawn").isEqualTo(Dispatch.NO_CPU);
            assertThat(out.get(0).wakeSliceNs).isZero();
            assertThat(out.get(1).pid).as("only the hog was queued").isEqualTo(1);
            assertThat(out.get(1).wakeSliceNs).isZero();
            assertThat(policy.interactiveBoosts()).isEqualTo(1);
            assertThat(policy.waiting()).isZero();
        }
    }

    @Test
    void slicesShrinkAsMoreTasksWaitButNotBelowTheMinimum() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticTasks one = new SyntheticTasks(arena, 1);
            one.add(1, 0);
            assertThat(decide(new JavalandPolicy(20 * MS, MS), one).getFirst().sliceNs).isEqualTo(20 * MS);

            SyntheticTasks four = new SyntheticTasks(arena, 4);
            for (int i = 0; i < 4; i++) {
                four.add(i + 1, i);
            }
            assertThat(decide(new JavalandPolicy(20 * MS, MS), four).getFirst().sliceNs).isEqualTo(5 * MS);

            SyntheticTasks many = new SyntheticTasks(arena, 100);
            for (int i = 0; i < 100; i++) {
                many.add(i + 1, i);
            }
            List<Dispatch> out = decide(new JavalandPolicy(20 * MS, MS), many);
            assertThat(out.getFirst().sliceNs).isEqualTo(MS);
            assertThat(out.getLast().sliceNs).isEqualTo(20 * MS); // the last one leaves alone
        }
    }

    @Test
    void aTaskOnAnIdleCpuGoesToThatCpuOthersToAny() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticTasks tasks = new SyntheticTasks(arena, 2);
            tasks.add(1, 1, 1, TaskRecord.FLAG_IDLE_CPU, MS, 100, 0);
            tasks.add(2, 1, 1, 0, MS, 100, 50 * MS);
            List<Dispatch> out = decide(new JavalandPolicy(20 * MS, MS), tasks);
            assertThat(out.get(0).cpu).isEqualTo(1);
            assertThat(out.get(1).cpu).isEqualTo(Dispatch.ANY_CPU);
        }
    }

    @Test
    void vruntimeComparesWrapAroundSafe() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticTasks tasks = new SyntheticTasks(arena, 2);
            tasks.add(1, 1, 0, 0, 0, 100, 10);             // just after the u64 wrap
            tasks.add(2, 1, 0, 0, 0, 100, -10);            // just before it: runs first
            assertThat(pids(decide(new JavalandPolicy(20 * MS, MS), tasks))).containsExactly(2, 1);
        }
    }

    @Test
    void badSlicesAreRejectedClearly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new JavalandPolicy(MS, 20 * MS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slice-min");
    }
}
