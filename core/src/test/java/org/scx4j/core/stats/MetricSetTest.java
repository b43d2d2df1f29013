package org.scx4j.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricSetTest {

    final MetricSet simple = MetricSet.of("scx_simple", "tasks dispatched by scx_simple",
            Metric.counter("local", "tasks", "tasks dispatched to a CPU's local queue"),
            Metric.counter("global", "tasks", "tasks dispatched to the shared queue"),
            Metric.ratio("load", "", "load"));

    @Test
    void lineFollowsDeclarationOrder() {
        var values = new LinkedHashMap<String, Object>();
        values.put("global", 3L);
        values.put("load", 0.5);
        values.put("local", 12L);
        assertThat(simple.line(values)).isEqualTo("local=12 global=3 load=0.50");
    }

    @Test
    void numberedPartsOfTheMachineGetALineEach() {
        var set = MetricSet.of("scx_rusty", "domains", Metric.counter("total", "tasks", "placed"),
                Metric.ratio("dom0_load", "", "load"), Metric.ratio("dom0_imbal", "", "imbalance"),
                Metric.ratio("dom1_load", "", "load"), Metric.ratio("dom1_imbal", "", "imbalance"));
        var values = Map.<String, Object>of("total", 9L, "dom0_load", 1.5, "dom0_imbal", 0.5, "dom1_load", 0.5,
                "dom1_imbal", -0.5);
        assertThat(set.line(values)).isEqualTo("total=9\n  dom0 load=1.50 imbal=0.50\n  dom1 load=0.50 imbal=-0.50");
    }

    @Test
    void helpTextListsEveryMetricAligned() {
        assertThat(simple.helpText()).isEqualTo("""
                [scx_simple] tasks dispatched by scx_simple
                  local  (u64, tasks, counter) : tasks dispatched to a CPU's local queue
                  global (u64, tasks, counter) : tasks dispatched to the shared queue
                  load   (float, gauge)        : load
                """);
    }

    @Test
    void metaRoundTripsThroughFromMeta() {
        assertThat(MetricSet.fromMeta(simple.meta())).isEqualTo(simple);
    }

    @Test
    void fromMetaReadsUpstreamShapesItDoesNotKnow() {
        Map<String, Object> meta = Map.of(
                "Metrics", Map.of("name", "Metrics", "top", "true", "fields", Map.of(
                        "busy", Map.of("datum", "float", "desc", "CPU busy %"),
                        "layers", Map.of("dict", Map.of("key", "string", "datum", Map.of("struct", "LayerStats"))))),
                "LayerStats", Map.of("name", "LayerStats", "fields", Map.of()));
        var set = MetricSet.fromMeta(meta);
        assertThat(set.name()).isEqualTo("Metrics");
        assertThat(set.metric("busy").orElseThrow().type()).isEqualTo(ValueType.FLOAT);
        assertThat(set.metric("layers").orElseThrow().type()).isEqualTo(ValueType.STRING);
        assertThat(set.line(Map.of("layers", Map.of("a", List.of(1))))).isEqualTo("layers={\"a\":[1]}");
    }

    @Test
    void badDeclarationsAreRefusedWithTheReason() {
        for (String bad : new String[] {"Bad Name", "", "9lives", "a-b", "x".repeat(65)})
            assertThatThrownBy(() -> Metric.counter(bad, "", "x")).as(bad).hasMessageContaining("not an identifier");
        for (String good : new String[] {"_x", "a9_b", "x".repeat(64)}) assertThat(Metric.counter(good, "", "x").name()).isEqualTo(good);
        assertThatThrownBy(() -> new Metric("x", "", "", ValueType.FLOAT, true)).hasMessageContaining("counters are integers");
        assertThatThrownBy(() -> MetricSet.of("s", "", Metric.gauge("a", "", ""), Metric.gauge("a", "", "")))
                .hasMessageContaining("declared twice");
        assertThatThrownBy(() -> MetricSet.fromMeta(List.of())).isInstanceOf(StatsException.class);
    }
}
