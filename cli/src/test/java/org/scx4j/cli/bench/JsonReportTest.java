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
        assertThat((Map<String, Object>) root.get("machine")).containsEntry("accelerator", "tcg").containsEntry("vcpus", 2);
        List<Map<String, Object>> runs = (List<Map<String, Object>>) root.get("runs");
        assertThat(runs).hasSize(12);
        Map<String, Object> first = runs.getFirst();
        assertThat(first).containsEntry("workload", "messaging").containsEntry("scheduler", "eevdf").containsEntry("status", "ok");
        assertThat((Map<String, Object>) first.get("figures")).containsEntry("time", 2.0);
        assertThat((List<Object>) first.get("opsSamples")).containsExactly("disabled -", "disabled -");
        assertThat(runs).filteredOn(r -> "failed".equals(r.get("status"))).hasSize(3)
                .allSatisfy(r -> assertThat((String) r.get("reason")).startsWith("failed to load"));
        List<Map<String, Object>> summary = (List<Map<String, Object>>) root.get("summary");
        assertThat(summary).anySatisfy(s -> assertThat(s).containsEntry("scheduler", "scx_simple")
                .containsEntry("figure", "time").containsEntry("median", 1.1).containsKey("ratioToEevdf"));
        assertThat((Map<String, Object>) root.get("plan")).containsEntry("schedulers", List.of("eevdf", "scx_simple"))
                .containsEntry("warmupSeconds", 10);
    }
}
