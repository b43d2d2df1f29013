package org.scx4j.schedulers.layered.config;

import java.util.List;

/**
 * The fields every kind of layer has, with upstream's meaning. Zero in {@code sliceUs} means
 * the scheduler's {@code --slice-us}; {@code perf} 0 means the CPU performance is left alone.
 *
 * @param sliceUs      time slice in microseconds (0: the scheduler default)
 * @param minExecUs    minimum CPU time charged per run, in microseconds
 * @param yieldIgnore  0.0 (yield gives up the whole slice) .. 1.0 (yield is ignored)
 * @param preempt      the layer's tasks preempt tasks of non-preempting layers
 * @param preemptFirst try preempting on the previous CPU before looking for an idle one
 * @param exclusive    keep the SMT siblings of the layer's CPUs idle
 * @param weight       1..10000 (default 100), the layer's share under contention
 * @param growthAlgo   the order in which the layer takes CPUs
 * @param perf         0, or 1..1024: the cpuperf target
 * @param nodes        NUMA nodes to prefer (empty: all)
 * @param llcs         last-level caches to prefer (empty: all)
 * @param fifo         FIFO order within the layer instead of vtime
 */
public record LayerCommon(long sliceUs, long minExecUs, double yieldIgnore, boolean preempt, boolean preemptFirst,
                          boolean exclusive, int weight, GrowthAlgo growthAlgo, int perf, List<Integer> nodes,
                          List<Integer> llcs, boolean fifo) {
    public static final int DEFAULT_WEIGHT = 100;
    public static final int MAX_WEIGHT = 10000;
    public static final int MAX_PERF = 1024;
    /** Upstream's MAX_NUMA_NODES and MAX_LLCS. */
    public static final int MAX_NODES = 32, MAX_LLCS = 64;

    public LayerCommon {
        nodes = List.copyOf(nodes);
        llcs = List.copyOf(llcs);
    }

    /** All defaults, as a layer that sets none of these fields gets. */
    public static LayerCommon defaults() {
        return new LayerCommon(0, 0, 0.0, false, false, false, DEFAULT_WEIGHT, GrowthAlgo.Sticky, 0, List.of(),
                List.of(), false);
    }
}
