package org.scx4j.userspace;

import org.junit.jupiter.api.Test;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.bpf.RingBufferReader;
import org.scx4j.bpf.UserRingBufferWriter;

import java.util.ArrayDeque;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision loop over real kernel rings (host kernel, no sched_ext): task records that
 * BPF wrote are read in place, and every decision reaches BPF intact, echoing its task's
 * enqueue counter, with the submitted count published for BPF's timer.
 */
class KernelRingsTest {
    /** Answers tasks in arrival order; the decision's vtime is the task's. */
    static final class Fifo implements Policy {
        final ArrayDeque<long[]> queue = new ArrayDeque<>();

        @Override
        public void enqueue(QueuedTask t) {
            assertThat(t.comm()).isEqualTo("t");
            queue.add(new long[] {t.pid(), t.enqSeq(), t.vtime()});
        }

        @Override
        public boolean next(Dispatch out) {
            long[] t = queue.poll();
            if (t == null) {
                return false;
            }
            out.set((int) t[0], t[1], Dispatch.ANY_CPU, 3_000_000, t[2]);
            return true;
        }

        @Override
        public int waiting() {
            return queue.size();
        }
    }

    @Test
    void everyTaskFromTheKernelRingIsAnsweredThroughTheUserRing() {
        int rounds = 5;
        int perRound = 1000;
        try (BpfObject obj = BpfObject.openResource(KernelRingsTest.class, "/bpf/user_rings.bpf.o")) {
            obj.rodata().setInt("nr_tasks", perRound);
            obj.load();
            GlobalData bss = obj.bss();
            try (RingBufferReader reader = RingBufferReader.of(obj.map(UserSchedBpf.TASK_RING));
                 UserRingBufferWriter writer = UserRingBufferWriter.of(obj.map(UserSchedBpf.DISPATCH_RING))) {
                RingTaskSource source = new RingTaskSource(reader);
                RingDispatchSink sink = new RingDispatchSink(writer, bss);
                DecisionLoop loop = new DecisionLoop(new Fifo());
                for (int r = 0; r < rounds; r++) {
                    obj.program("emit").testRun();
                    while (loop.round(source, sink, 300) > 0) {
                        // rounds of at most 300 tasks
                    }
                    obj.program("drain").testRun();
                }
                assertThat(source.malformed()).isZero();
                assertThat(loop.tasksRead()).isEqualTo((long) rounds * perRound);
            }
            assertThat(bss.getLong("nr_emitted")).isEqualTo((long) rounds * perRound);
            assertThat(bss.getLong("nr_received")).isEqualTo((long) rounds * perRound);
            assertThat(bss.getLong("nr_mismatched")).isZero();
            assertThat(bss.getLong("sum_slice")).isEqualTo(3_000_000L * rounds * perRound);
            assertThat(bss.getLong("last_vtime")).isEqualTo(1_000_000_000L - (perRound - 1) * 1000L);
            assertThat(bss.getLong("nr_submitted")).isEqualTo((long) rounds * perRound);
        }
    }
}
