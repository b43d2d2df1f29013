package org.scx4j.cli;

import org.scx4j.vm.VmTopology;
import picocli.CommandLine.Option;

/** {@code --topology} and {@code --numa}, the same on every command that boots a VM. */
final class LayoutOptions {

    @Option(names = "--topology", paramLabel = "SPEC",
            description = "The VM's CPU layout sockets=S,cores=C,threads=T (missing: 1), one L3 cache per socket; "
                    + "it makes S*C*T CPUs.")
    String topology;

    @Option(names = "--numa", paramLabel = "N", description = "NUMA nodes, each with whole sockets and an equal share of memory (default 1).")
    Integer numa;

    /** The layout asked for together with {@code --cpus} (null when not given); null when neither is given. */
    VmTopology layout(Integer cpus) {
        return VmTopology.of(topology, numa, cpus);
    }
}
