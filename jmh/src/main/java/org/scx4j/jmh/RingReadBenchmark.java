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
 * Nanoseconds per record to read a kernel ring buffer that BPF filled with 4096 records:
 * {@code RingBufferReader} parsing the mmap'd ring in place versus libbpf's
 * {@code ring_buffer__consume} with a Java upcall per record, in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RingReadBenchmark {
    static final int RECORDS = 4096;

    private RingBench bench;
    private LibbpfRingBuffer libbpf;
    private final RingBench.Summer summer = new RingBench.Summer();

    @Setup(Level.Trial)
    public void open() {
        bench = new RingBench();
        libbpf = new LibbpfRingBuffer(bench.object.map("to_user").fd());
    }

    @Setup(Level.Invocation)
    public void fill() {
        bench.fill(RECORDS);
    }

    @TearDown(Level.Trial)
    public void close() {
        libbpf.close();
        bench.close();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long inPlace() {
        int n = bench.reader.consume(summer);
        if (n != RECORDS) throw new IllegalStateException("read " + n + " records");
        return summer.sum;
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long libbpfCallback() {
        int n = libbpf.consume();
        if (n != RECORDS) throw new IllegalStateException("read " + n + " records");
        return LibbpfRingBuffer.sum();
    }
}
