package org.scx4j.schedulers.layered.config;

import java.util.List;

/**
 * The configuration {@code -e FILE} writes and {@code --run-example} runs: in the spirit of
 * upstream's, background work confined to a few CPUs, latency-sensitive work preempting from
 * an Open layer, a stress-test layer, and a Grouped layer for the rest.
 */
public final class ExampleConfig {
    private ExampleConfig() {}

    public static final LayerConfig CONFIG = new LayerConfig(List.of(
            new Layer("batch", "tasks under system.slice or tasks with nice value > 0",
                    List.of(List.of(text(MatchKind.CgroupPrefix, "system.slice/")),
                            List.of(new Match.Number(MatchKind.NiceAbove, 0))),
                    new LayerKind(LayerKind.Type.Confined, new LayerKind.Range(0.8, 0.9), new LayerKind.CpusRange(0, 16),
                            null, false, common(20000, 1000, 0.0, false, 100, GrowthAlgo.Sticky))),
            new Layer("immediate", "tasks under workload.slice with nice value < 0",
                    List.of(List.of(text(MatchKind.CgroupPrefix, "workload.slice/"),
                            new Match.Number(MatchKind.NiceBelow, 0))),
                    LayerKind.open(new LayerCommon(20000, 100, 0.25, true, false, true, 100, GrowthAlgo.Sticky, 1024,
                            List.of(), List.of(), false))),
            new Layer("stress-ng", "stress-ng test layer",
                    List.of(List.of(text(MatchKind.CommPrefix, "stress-ng")),
                            List.of(text(MatchKind.PcommPrefix, "stress-ng"))),
                    new LayerKind(LayerKind.Type.Confined, new LayerKind.Range(0.2, 0.8), null, null, false,
                            common(800, 800, 0.0, true, 100, GrowthAlgo.Topo))),
            new Layer("normal", "the rest", List.of(List.of()),
                    new LayerKind(LayerKind.Type.Grouped, new LayerKind.Range(0.5, 0.6), null, null, false,
                            common(20000, 200, 0.0, false, 100, GrowthAlgo.Linear)))));

    private static Match text(MatchKind kind, String text) {
        return new Match.Text(kind, text);
    }

    private static LayerCommon common(long sliceUs, long minExecUs, double yieldIgnore, boolean preempt, int weight,
                                      GrowthAlgo algo) {
        return new LayerCommon(sliceUs, minExecUs, yieldIgnore, preempt, false, false, weight, algo, 1024, List.of(),
                List.of(), false);
    }
}
