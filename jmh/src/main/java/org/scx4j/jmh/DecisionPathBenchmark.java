package org.scx4j.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.scx4j.schedulers.javaland.JavalandPolicy;
import org.scx4j.schedulers.jfifo.FifoPolicy;
import org.scx4j.schedulers.userland.VruntimePolicy;
import org.scx4j.userspace.DecisionLoop;
import org.scx4j.userspace.MemoryDispatchSink;
import org.scx4j.userspace.Policy;
import org.scx4j.userspace.SyntheticTasks;
import org.scx4j.userspace.TaskRecord;

import java.lang.foreign.Arena;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The Java hot path of a Java-policy scheduler, per task: read the task record in place,
 * run the policy, write the dispatch record. Records are laid out exactly as in the
 * rings, so this is the Java side's share of every scheduling decision; run with
 * {@code -prof gc} to see the bytes allocated per task (the design says zero).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DecisionPathBenchmark {
    static final int BATCH = 256;
    static final long MS = 1_000_000;

    @Param({"jfifo", "javaland", "userland"})
    public String policy;

    private Arena arena;
    private SyntheticTasks tasks;
    private MemoryDispatchSink sink;
    private DecisionLoop loop;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        tasks = new SyntheticTasks(arena, BATCH);
        Random random = new Random(1);
        for (int i = 0; i < BATCH; i++) {
            int flags = random.nextInt(4) == 0 ? TaskRecord.FLAG_WAKEUP : 0;
            tasks.add(1000 + i, i + 1, i & 1, flags, random.nextLong(10 * MS), 100, random.nextLong(1000 * MS));
        }
        sink = new MemoryDispatchSink(arena, BATCH);
        Policy p = switch (policy) {
            case "jfifo" -> new FifoPolicy(20 * MS);
            case "javaland" -> new JavalandPolicy(20 * MS, MS);
            case "userland" -> new VruntimePolicy(20 * MS, BATCH); // a batch of the round: every task leaves
            default -> throw new IllegalArgumentException("unknown policy " + policy);
        };
        loop = new DecisionLoop(p);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** One round of BATCH tasks; JMH reports it per task. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int perTask() {
        tasks.rewind();
        sink.clear();
        return loop.round(tasks, sink, BATCH);
    }
}
