package org.scx4j.schedulers.layered;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.scx4j.schedulers.layered.config.LayerCommon;

/**
 * The order in which a layer takes CPUs as it grows (and gives them back, last first, as it
 * shrinks), by its {@code growth_algo}; every order holds each of the layer's {@link #allowed}
 * CPUs once.
 * <ul>
 * <li>Sticky: ascending ids from a start spread over the layers (layer i of n owning layers
 *   starts i/n of the way along), so layers grow apart; like every order here, CPUs a layer owns
 *   stay its own while its size allows ({@link CpuAssignment}).
 * <li>Linear: ascending ids. Reverse: descending ids.
 * <li>RoundRobin: one core from each LLC in turn, all of a core's CPUs together.
 * <li>Topo: the CPUs of the layer's {@code llcs}, then of its {@code nodes}, each in topology
 *   order (node, LLC, core); without llcs and nodes, simply topology order.
 * </ul>
 */
final class GrowthOrder {
    private GrowthOrder() {}

    /**
     * @param owning the index of this layer among the layers that own CPUs
     * @param owners how many layers own CPUs
     */
    static int[] of(LayerCommon layer, CpuLayout cpus, int owning, int owners) {
        int[] ids = cpus.cpus();
        int[] order = switch (layer.growthAlgo()) {
            case Linear -> ids.clone();
            case Reverse -> IntStream.range(0, ids.length).map(i -> ids[ids.length - 1 - i]).toArray();
            case Sticky -> {
                int start = owners == 0 ? 0 : owning * ids.length / owners;
                yield IntStream.range(0, ids.length).map(i -> ids[(start + i) % ids.length]).toArray();
            }
            case RoundRobin -> roundRobin(cpus);
            case Topo -> topo(layer, cpus);
        };
        return IntStream.of(order).filter(c -> allowed(layer, cpus, c)).toArray();
    }

    /** Whether the layer may use the CPU: with {@code llcs} or {@code nodes}, only theirs; else any. */
    static boolean allowed(LayerCommon layer, CpuLayout cpus, int cpu) {
        return layer.llcs().isEmpty() && layer.nodes().isEmpty() || layer.llcs().contains(cpus.llc()[cpu])
                || layer.nodes().contains(cpus.node()[cpu]);
    }

    private static int[] roundRobin(CpuLayout cpus) {
        Map<Integer, List<List<Integer>>> coresByLlc = new LinkedHashMap<>();
        Map<Integer, List<Integer>> core = new LinkedHashMap<>();
        for (int c : cpus.topologyOrder()) {
            List<Integer> cpusOfCore = core.computeIfAbsent(cpus.core()[c], k -> {
                List<Integer> list = new ArrayList<>();
                coresByLlc.computeIfAbsent(cpus.llc()[c], l -> new ArrayList<>()).add(list);
                return list;
            });
            cpusOfCore.add(c);
        }
        List<Integer> order = new ArrayList<>();
        for (int round = 0; order.size() < cpus.cpus().length; round++) {
            for (List<List<Integer>> cores : coresByLlc.values()) {
                if (round < cores.size()) order.addAll(cores.get(round));
            }
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] topo(LayerCommon layer, CpuLayout cpus) {
        int[] all = cpus.topologyOrder();
        IntStream llcs = layer.llcs().stream().flatMapToInt(l -> IntStream.of(all).filter(c -> cpus.llc()[c] == l));
        IntStream nodes = layer.nodes().stream().flatMapToInt(n -> IntStream.of(all).filter(c -> cpus.node()[c] == n));
        return IntStream.concat(IntStream.concat(llcs, nodes), IntStream.of(all)).distinct().toArray();
    }
}
