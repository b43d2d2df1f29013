package org.scx4j.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.scx4j.schedulers.rusty.LoadBalancer;
import org.scx4j.schedulers.rusty.TaskTable;

/**
 * Microseconds for one scx_rusty balancing run over 10,000 tasks in 8 domains on 2 NUMA
 * nodes, most of the load crowded into the first domains. A run only reads the table, so
 * every invocation decides the same moves; run with {@code -prof gc} to see that a run
 * allocates nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoadBalancerBenchmark {
    static final int TASKS = 10_000;
    static final int[] DOMAIN_NODE = {0, 0, 0, 0, 1, 1, 1, 1};

    private TaskTable tasks;
    private LoadBalancer balancer;

    @Setup(Level.Trial)
    public void fill() {
        Random random = new Random(1);
        int domains = DOMAIN_NODE.length;
        tasks = new TaskTable(TASKS);
        for (int i = 0; i < TASKS; i++) {
            int dom = Math.min(random.nextInt(domains), random.nextInt(domains)); // domain 0 gets 15 times domain 7's share
            double busy = random.nextDouble();
            double load = random.nextInt(10) == 0 ? 0 : 100 * busy * busy * busy; // many light tasks, a few heavy
            long allowed = random.nextInt(20) == 0 ? 1L << dom : -1L;
            tasks.add(dom, load, allowed, random.nextInt(50) == 0);
        }
        balancer = new LoadBalancer(DOMAIN_NODE, TASKS);
        if (balancer.balance(tasks, true) == 0) throw new IllegalStateException("nothing to balance");
    }

    @Benchmark
    public int balance() {
        return balancer.balance(tasks, true);
    }
}
