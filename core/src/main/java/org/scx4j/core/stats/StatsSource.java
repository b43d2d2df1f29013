package org.scx4j.core.stats;

import java.util.Map;

/**
 * Where the current values come from: the scheduler reads its BPF counters (or
 * its Java policy's) and returns them by metric name, counters as running
 * totals. Called from the stats server's thread once per request, so it must
 * be quick and must not block (reading a BPF map or mmap'd globals is).
 */
@FunctionalInterface
public interface StatsSource {

    /** The current value of every metric, keyed by {@link Metric#name()}. */
    Map<String, ?> read();
}
