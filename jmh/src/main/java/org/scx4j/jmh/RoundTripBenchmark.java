package org.scx4j.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Records per second through Java -> user ring buffer -> BPF ({@code bpf_user_ringbuf_drain}
 * run by a syscall program) -> ring buffer -> Java, at batch sizes 1, 256 and 4096: how
 * fast a Java-policy scheduler can exchange task records with its BPF half.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RoundTripBenchmark {
    private RingBench bench;
    private final RingBench.Summer summer = new RingBench.Summer();
    private long seq;

    @Setup(Level.Trial)
    public void open() {
        bench = new RingBench();
    }

    @TearDown(Level.Trial)
    public void close() {
        bench.close();
    }

    @Benchmark
    @OperationsPerInvocation(1)
    public long batch1() {
        return seq = bench.roundTrip(1, seq, summer);
    }

    @Benchmark
    @OperationsPerInvocation(256)
    public long batch256() {
        return seq = bench.roundTrip(256, seq, summer);
    }

    @Benchmark
    @OperationsPerInvocation(4096)
    public long batch4096() {
        return seq = bench.roundTrip(4096, seq, summer);
    }
}
