package org.scx4j.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchPlanTest {

    private static final List<String> KNOWN = List.of("scx_simple", "scx_central");

    @Test
    void defaultsAreEevdfAndScxSimpleOverEveryWorkload() {
        BenchPlan plan = BenchPlan.of(List.of(), List.of(), 3, 2, 1.0, 10, KNOWN);
        assertThat(plan.schedulers()).containsExactly("eevdf", "scx_simple");
        assertThat(plan.workloadNames()).containsExactly("messaging", "wakeup-latency", "fairness", "interactive");
    }

    @Test
    void eevdfIsAlwaysFirstAndCommaListsAreSplit() {
        BenchPlan plan = BenchPlan.of(List.of("scx_central, scx_simple", "eevdf"), List.of("fairness,messaging"), 1, 1, 0.5, 0, KNOWN);
        assertThat(plan.schedulers()).containsExactly("eevdf", "scx_central", "scx_simple");
        assertThat(plan.workloadNames()).containsExactly("fairness", "messaging");
    }

    @Test
    void everyBadValueIsReportedAtOnceWithWhatToDo() {
        BenchPlanException e = catchThrowableOfType(BenchPlanException.class,
                () -> BenchPlan.of(List.of("scx_nope"), List.of("disk"), 0, 0, 0, -1, KNOWN));
        assertThat(e.problems()).hasSize(6);
        assertThat(e.problems().get(0)).contains("unknown scheduler 'scx_nope'").contains("eevdf, scx_central, scx_simple").contains("scx4j list");
        assertThat(e.problems().get(1)).contains("unknown workload 'disk'").contains("messaging, wakeup-latency, fairness, interactive");
        assertThat(e.problems().get(2)).contains("--runs must be between 1 and 100, got 0");
        assertThat(e.problems().get(3)).contains("--cpus");
        assertThat(e.problems().get(4)).contains("--scale");
        assertThat(e.problems().get(5)).contains("--warmup must be between 0 and 600 seconds, got -1");
    }
}
