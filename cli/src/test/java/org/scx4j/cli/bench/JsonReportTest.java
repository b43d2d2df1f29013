package org.scx4j.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReportTest {

    @Test
    @SuppressWarnings("unchecked")
    void jsonHoldsEveryRawRunAndTheSummary() throws Exception {
        String text = JsonReport.render(BenchFixtures.results(), BenchFixtures.plan());
        Map<String, Object> root = JSON.std.mapFrom(text);
        assertThat((Map<String, Object>) root.get("machine")).containsEntry("accelerator", "tcg").containsEntry("vcpus", 2)
                .containsEntry("topology", "sockets=1,cores=2,threads=1");
        List<Map<String, Object>> runs = (List<Map<String, Object>>) root.get("runs");
        assertThat(runs).hasSize(12);
        assertThat(summary(root)).as("time and jain under both schedulers, three footprint figures under scx_simple per workload").hasSize(4 + 6);
        Map<String, Object> first = runs.getFirst();
        assertThat(first).containsEntry("workload", "messaging").containsEntry("scheduler", "eevdf").containsEntry("status", "ok");
        assertThat((Map<String, Object>) first.get("figures")).containsOnlyKeys("time").containsEntry("time", 2.0);
        assertThat((Map<String, Object>) runs.get(1).get("figures")).as("scx_simple's run with its footprint, in display order")
                .containsExactly(Map.entry("time", 1.0), Map.entry("start", 1.5), Map.entry("cpu", 0.02), Map.entry("rss", 210.0));
        assertThat((List<Object>) first.get("opsSamples")).containsExactly("disabled -", "disabled -");
        assertThat(runs).filteredOn(r -> "failed".equals(r.get("status"))).hasSize(3)
                .allSatisfy(r -> assertThat((String) r.get("reason")).startsWith("failed to load"));
        List<Map<String, Object>> summary = summary(root);
        assertThat(summary).anySatisfy(s -> assertThat(s).containsEntry("scheduler", "scx_simple")
                .containsEntry("figure", "time").containsEntry("median", 1.1).containsKey("ratioToEevdf"));
        assertThat(summary).anySatisfy(s -> assertThat(s).containsEntry("scheduler", "scx_simple").containsEntry("figure", "rss")
                .containsEntry("unit", "MiB").containsEntry("median", 209.0).containsEntry("footprint", true).doesNotContainKey("ratioToEevdf"));
        assertThat(summary).noneSatisfy(s -> assertThat(s).containsEntry("scheduler", "eevdf").containsEntry("footprint", true));
        assertThat((Map<String, Object>) root.get("plan")).containsEntry("schedulers", List.of("eevdf", "scx_simple"))
                .containsEntry("external", Map.of()).containsEntry("warmupSeconds", 10);
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePlanNamesEachExternalCommand(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path program = java.nio.file.Files.writeString(dir.resolve("scx_simple"), "#!/bin/sh\n");
        program.toFile().setExecutable(true);
        BenchPlan plan = BenchPlan.of(List.of("ext:upstream-simple=" + program + " -f"), List.of("messaging"), 1, 2, 1.0, 0, List.of());
        Map<String, Object> root = JSON.std.mapFrom(JsonReport.render(BenchFixtures.results(), plan));
        assertThat((Map<String, Object>) root.get("plan")).containsEntry("schedulers", List.of("eevdf", "upstream-simple"))
                .containsEntry("external", Map.of("upstream-simple", program + " -f"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> summary(Map<String, Object> root) {
        return (List<Map<String, Object>>) root.get("summary");
    }
}
