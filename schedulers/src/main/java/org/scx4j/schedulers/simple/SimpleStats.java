package org.scx4j.schedulers.simple;

import org.scx4j.bpf.BpfMap;
import org.scx4j.bpf.BpfObject;

/**
 * scx_simple's counters, summed over CPUs since it attached: tasks dispatched straight to
 * an idle CPU's local queue, and tasks queued on the shared queue. A value, so the stats
 * server can publish it as well as the once-a-second line.
 */
public record SimpleStats(long local, long global) {
    private static final int LOCAL = 0, GLOBAL = 1; // enum simple_stat in scx_simple.bpf.c

    /** Reads the per-CPU {@code stats} map of a loaded scx_simple. */
    public static SimpleStats read(BpfObject loaded) {
        BpfMap stats = loaded.map("stats");
        return new SimpleStats(stats.sumLongs(BpfMap.u32(LOCAL), 0), stats.sumLongs(BpfMap.u32(GLOBAL), 0));
    }

    /** The upstream format: {@code local=N global=M}. */
    public String line() {
        return "local=" + local + " global=" + global;
    }
}
