package org.scx4j.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    @Test
    void rowsCarryMedianRangeAndRatioToEevdf() {
        List<BenchResults.Row> rows = BenchFixtures.results().rows();
        BenchResults.Row simple = rows.stream()
                .filter(r -> r.workload().name().equals("messaging") && r.scheduler().equals("scx_simple")).findFirst().orElseThrow();
        assertThat(simple.summary().orElseThrow().median()).isEqualTo(1.1);
        assertThat(simple.ratio().getAsDouble()).isCloseTo(1.1 / 2.0, org.assertj.core.api.Assertions.within(1e-12));
        BenchResults.Row failed = rows.stream()
                .filter(r -> r.workload().name().equals("fairness") && r.scheduler().equals("scx_simple")).findFirst().orElseThrow();
        assertThat(failed.summary()).isEmpty();
        assertThat(failed.ratio()).isEmpty();
        assertThat(failed.failures()).hasSize(3);
    }

    @Test
    void tableIsAlignedNamesTheMachineAndShowsFailures() {
        String table = ResultTable.render(BenchFixtures.results(), BenchFixtures.plan());
        assertThat(table).contains("TCG (software emulation)").contains("2 vCPUs").contains("7.3.4+deb13-amd64")
                .contains("3 run(s) per scheduler, alternating, each after 10 s of warm-up load");
        List<String> lines = table.lines().toList();
        String header = lines.stream().filter(l -> l.startsWith("workload")).findFirst().orElseThrow();
        String simple = lines.stream().filter(l -> l.contains("scx_simple") && l.contains("0.55")).findFirst().orElseThrow();
        String eevdf = lines.stream().filter(l -> l.startsWith("messaging")).findFirst().orElseThrow();
        // Columns line up: the scheduler column starts at the same offset in every row.
        assertThat(simple.indexOf("scx_simple")).isEqualTo(header.indexOf("scheduler"));
        assertThat(eevdf.indexOf("eevdf")).isEqualTo(header.indexOf("scheduler"));
        assertThat(simple).contains("1.10").contains("1.00-1.20").contains("0.55 better");
        assertThat(eevdf).contains("2.00").contains("1.90-2.20").contains("1.00");
        assertThat(table).contains("failed").contains("EXIT: runtime error (scx_bpf_error)");
    }

    @Test
    void footprintRowsFollowEachWorkloadForEverySchedulerButEevdfWithoutARatio() {
        List<BenchResults.Row> rows = BenchFixtures.results().rows();
        List<BenchResults.Row> footprint = rows.stream().filter(r -> r.figure().footprint()).toList();
        assertThat(footprint).extracting(r -> r.workload().name() + " " + r.figure().name() + " " + r.scheduler()).containsExactly(
                "messaging start scx_simple", "messaging cpu scx_simple", "messaging rss scx_simple",
                "fairness start scx_simple", "fairness cpu scx_simple", "fairness rss scx_simple");
        assertThat(footprint).allMatch(r -> r.ratio().isEmpty());
        BenchResults.Row start = footprint.getFirst();
        assertThat(start.summary().orElseThrow().median()).isEqualTo(2.5);
        assertThat(footprint.get(3).failures()).hasSize(3);

        String table = ResultTable.render(BenchFixtures.results(), BenchFixtures.plan());
        assertThat(table).contains(ResultTable.FOOTPRINT_NOTE);
        List<String> lines = table.lines().toList();
        String startLine = lines.stream().filter(l -> l.contains("start (s) v")).findFirst().orElseThrow();
        assertThat(startLine).contains("scx_simple").contains("2.50").contains("1.50-3.50").doesNotContain("better").doesNotContain("n/a");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("rss (MiB) v").contains("209").contains("208-210"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("cpu (s/s) v").contains("0.020"));
        // The rows sit under their workload, after its own figures.
        assertThat(lines.indexOf(startLine)).isGreaterThan(lines.indexOf(lines.stream().filter(l -> l.contains("0.55 better")).findFirst().orElseThrow()));
        assertThat(lines.indexOf(startLine)).isLessThan(lines.indexOf(lines.stream().filter(l -> l.startsWith("fairness")).findFirst().orElseThrow()));
    }

    @Test
    void numbersGetDecimalsByMagnitude() {
        assertThat(ResultTable.number(1234.4)).isEqualTo("1234");
        assertThat(ResultTable.number(12.34)).isEqualTo("12.3");
        assertThat(ResultTable.number(1.234)).isEqualTo("1.23");
        assertThat(ResultTable.number(0.98765)).isEqualTo("0.988");
        assertThat(ResultTable.number(0.0123456)).isEqualTo("0.0123");
        assertThat(ResultTable.number(0.00085)).isEqualTo("0.000850");
        assertThat(ResultTable.number(0)).isEqualTo("0.000");
    }

    @Test
    void ratioSaysBetterOrWorseByTheFiguresDirection() {
        Figure latency = new Figure("p99", "us", Figure.Better.LOWER);
        Figure jain = new Figure("jain", "", Figure.Better.HIGHER);
        assertThat(ResultTable.ratio(2.0, latency, "scx_simple")).isEqualTo("2.00 worse");
        assertThat(ResultTable.ratio(0.8, jain, "scx_simple")).isEqualTo("0.80 worse");
        assertThat(ResultTable.ratio(1.2, jain, "scx_simple")).isEqualTo("1.20 better");
        assertThat(ResultTable.ratio(1.0, jain, "eevdf")).isEqualTo("1.00");
    }
}
