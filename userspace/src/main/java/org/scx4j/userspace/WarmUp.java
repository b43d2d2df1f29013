package org.scx4j.userspace;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.BpfProgram;
import org.scx4j.bpf.RingBufferReader;
import org.scx4j.bpf.UserRingBufferWriter;

/**
 * Runs the decision path over synthetic tasks before the scheduler attaches: BPF's
 * {@code warm_fill} puts task records into the real ring, a throw-away policy of the
 * scheduler's own class decides, the decisions go into the real user ring, and
 * {@code warm_drain} discards them. The JIT thus compiles exactly the classes and call
 * sites the decision thread will run, and the first real tasks do not wait on the
 * interpreter. Bounded in time, because under emulation the JIT itself is slow.
 */
final class WarmUp {
    static final int ROUNDS = 200;
    static final int TASKS_PER_ROUND = 512;
    static final long MAX_NANOS = 3_000_000_000L;

    private WarmUp() {
    }

    /** Returns the number of synthetic tasks decided. */
    static long run(BpfObject loaded, Policy throwaway) {
        BpfProgram fill = loaded.program(UserSchedBpf.WARM_FILL);
        BpfProgram drain = loaded.program(UserSchedBpf.WARM_DRAIN);
        DecisionLoop loop = new DecisionLoop(throwaway);
        long deadline = System.nanoTime() + MAX_NANOS;
        try (Arena arena = Arena.ofConfined();
                RingBufferReader reader = RingBufferReader.of(loaded.map(UserSchedBpf.TASK_RING));
                UserRingBufferWriter writer = UserRingBufferWriter.of(loaded.map(UserSchedBpf.DISPATCH_RING))) {
            MemorySegment count = arena.allocate(JAVA_INT);
            count.set(JAVA_INT, 0, TASKS_PER_ROUND);
            RingTaskSource source = new RingTaskSource(reader);
            RingDispatchSink sink = new RingDispatchSink(writer, loaded.bss());
            // At least one round: opening the rings alone can outlast the bound under emulation.
            for (int i = 0; i < ROUNDS && (i == 0 || System.nanoTime() < deadline); i++) {
                fill.testRun(count);
                loop.round(source, sink, TASKS_PER_ROUND);
                drain.testRun();
            }
        } finally {
            loaded.bss().setLong("nr_submitted", 0); // the real decisions count from zero
        }
        return loop.tasksRead();
    }
}
