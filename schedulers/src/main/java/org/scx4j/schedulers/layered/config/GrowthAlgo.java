package org.scx4j.schedulers.layered.config;

import java.util.Set;

/**
 * The order in which a layer takes CPUs as it grows; the JSON spelling is the constant's name,
 * as upstream's. Upstream has more (listed in {@link #UNSUPPORTED}); those are refused by name.
 */
public enum GrowthAlgo {
    /** Spread the layers' first CPUs over the cores, and keep each layer where it started. */
    Sticky,
    /** Lowest-numbered CPUs first. */
    Linear,
    /** Highest-numbered CPUs first. */
    Reverse,
    /** Follow the layer's {@code nodes} and {@code llcs}, then the rest in topology order. */
    Topo,
    /** Take cores from each LLC in turn. */
    RoundRobin;

    /** Upstream's other algorithms, named in the error instead of "unknown". */
    static final Set<String> UNSUPPORTED = Set.of("Random", "BigLittle", "LittleBig", "NodeSpread",
            "NodeSpreadReverse", "NodeSpreadRandom", "CpuSetSpread", "CpuSetSpreadReverse", "CpuSetSpreadRandom",
            "RandomTopo", "StickyDynamic");
}
