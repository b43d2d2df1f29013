package org.scx4j.schedulers.layered;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.scx4j.bpf.BpfObject;
import org.scx4j.core.stats.Metric;
import org.scx4j.core.stats.MetricSet;

/**
 * scx_layered's metrics: where tasks were queued (the BPF {@code stats} array), then per layer
 * ({@code layer0_util}, ...: {@link MetricSet#line} prints one line per layer) its size from the
 * {@link ControlLoop} and its counters from BPF's {@code layer_stats}; {@code layers} names them.
 */
final class LayeredStats {
    private LayeredStats() {}

    /** In the order of the BPF side's {@code enum layered_stat}. */
    static final String[] COUNTERS = {"local", "queued", "keep", "hi_fallback", "lo_fallback", "lo_first", "antistall", "relayer"};
    private static final String[] MEANINGS = {"tasks placed on an idle (or preempted) CPU's own queue",
        "tasks queued on their layer's queue", "tasks that kept their CPU at the end of their slice, nothing else waiting",
        "tasks queued where any CPU takes them: their layer's CPUs are not among those they may use",
        "tasks of a Confined or Grouped layer that owns no CPU (or without scheduler data)",
        "tasks a CPU ran first from the low fallback queue, or a layer's left without CPUs, after --lo-fb-wait-us",
        "tasks taken from a queue nobody had served for --antistall-sec",
        "tasks that changed layer (new name, cgroup, nice, or new matching cgroups)"};
    /** In the order of {@code enum layered_layer_stat}. */
    static final String[] LAYER_COUNTERS = {"enq", "preempt", "migrations", "yield"};
    private static final String[] LAYER_MEANINGS = {"enqueues", "CPUs taken from tasks of non-preempting layers",
        "runs on another CPU than the last", "yields"};

    static MetricSet metrics(int layers) {
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < COUNTERS.length; i++) metrics.add(Metric.counter(COUNTERS[i], "tasks", MEANINGS[i]));
        metrics.add(Metric.text("layers", "layer numbers and names"));
        for (int l = 0; l < layers; l++) {
            String layer = "layer" + l;
            metrics.add(Metric.ratio(layer + "_util", "", "CPU time used per CPU owned over the last -i (Open: per CPU of the machine)"));
            metrics.add(Metric.ratio(layer + "_used", "cpus", "CPU time used over the last -i, in CPUs"));
            metrics.add(Metric.gauge(layer + "_tasks", "tasks", "tasks in the layer"));
            metrics.add(Metric.gauge(layer + "_cpus", "cpus", "CPUs the layer owns"));
            for (int i = 0; i < LAYER_COUNTERS.length; i++) {
                metrics.add(Metric.counter(layer + "_" + LAYER_COUNTERS[i], "", LAYER_MEANINGS[i]));
            }
        }
        return new MetricSet("scx_layered", "scx_layered's queues and the size and activity of each layer", metrics);
    }

    static Map<String, Object> read(BpfObject loaded, ControlLoop loop, List<String> names, int onlineCpus) {
        Map<String, Object> values = new LinkedHashMap<>();
        long[] counts = loaded.map("stats").sumCounters(COUNTERS.length);
        long[] layerCounts = loaded.map("layer_stats").sumCounters(names.size() * LAYER_COUNTERS.length);
        for (int i = 0; i < COUNTERS.length; i++) values.put(COUNTERS[i], counts[i]);
        StringJoiner layers = new StringJoiner(" ");
        for (int l = 0; l < names.size(); l++) layers.add(l + ":" + names.get(l));
        values.put("layers", layers.toString());
        for (int l = 0; l < names.size(); l++) {
            String layer = "layer" + l;
            int cpus = loop.cpus(l);
            values.put(layer + "_util", cpus > 0 ? loop.util(l) : loop.used(l) / onlineCpus);
            values.put(layer + "_used", loop.used(l));
            values.put(layer + "_tasks", loop.tasks(l));
            values.put(layer + "_cpus", cpus);
            for (int i = 0; i < LAYER_COUNTERS.length; i++) {
                values.put(layer + "_" + LAYER_COUNTERS[i], layerCounts[l * LAYER_COUNTERS.length + i]);
            }
        }
        return values;
    }
}
