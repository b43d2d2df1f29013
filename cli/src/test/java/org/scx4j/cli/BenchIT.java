package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.scx4j.cli.bench.Workload;
import org.scx4j.vm.junit.VmExtension;

/**
 * {@code scx4j bench} end to end: one VM boot, eevdf and scx_simple, one run of
 * every workload at a small size. The extension only contributes the
 * scx4j.vm=skip switch; the command boots its own VM as a user's would.
 */
@ExtendWith(VmExtension.class)
class BenchIT {

    @Test
    @SuppressWarnings("unchecked")
    void eevdfAndScxSimpleSideBySide(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        Path chart = dir.resolve("bench.svg");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int status = cli.execute("bench", "--schedulers", "eevdf,scx_simple", "--runs", "1", "--scale", "0.15", "--warmup", "2",
                "--json", json.toString(), "--chart", chart.toString());
        System.out.println(out);

        assertThat(status).as("exit status; stderr:\n%s\nstdout:\n%s", err, out).isZero();
        String table = out.toString();
        assertThat(table).contains("2 vCPUs").contains("vs eevdf").contains("each after 2 s of warm-up load");
        for (Workload w : Workload.ALL) {
            assertThat(table).contains(w.name());
        }
        assertThat(table.lines().filter(l -> l.contains("scx_simple")).count())
                .as("one scx_simple row per figure").isEqualTo(Workload.ALL.stream().mapToLong(w -> w.figures().size()).sum());

        Map<String, Object> report = JSON.std.mapFrom(Files.readString(json));
        List<Map<String, Object>> runs = (List<Map<String, Object>>) report.get("runs");
        assertThat(runs).hasSize(Workload.ALL.size() * 2);
        for (Map<String, Object> run : runs) {
            assertThat(run.get("status")).as("run %s", run).isEqualTo("ok");
            Workload w = Workload.named((String) run.get("workload")).orElseThrow();
            Map<String, Object> figures = (Map<String, Object>) run.get("figures");
            w.figures().forEach(f -> {
                assertThat(figures).as("%s of %s", f.name(), run).containsKey(f.name());
                double v = ((Number) figures.get(f.name())).doubleValue();
                // A count of misses can truly be zero; every measured time or index is positive.
                if (f.name().equals("misses")) {
                    assertThat(v).as("%s of %s", f.name(), run).isGreaterThanOrEqualTo(0);
                } else {
                    assertThat(v).as("%s of %s", f.name(), run).isPositive();
                }
            });
            List<String> samples = (List<String>) run.get("opsSamples");
            assertThat(samples).as("sched_ext samples of %s", run).isNotEmpty();
            if (run.get("scheduler").equals("scx_simple")) {
                assertThat(samples).as("scx_simple was the active scheduler throughout").allMatch(s -> s.equals("enabled simple"));
            } else {
                assertThat(samples).as("no sched_ext scheduler during eevdf runs").allMatch(s -> s.startsWith("disabled"));
            }
        }
        List<Map<String, Object>> summary = (List<Map<String, Object>>) report.get("summary");
        // A figure has a ratio to eevdf exactly when eevdf's median is not zero (a count
        // of misses can be); the chart draws one bar per ratio.
        Map<String, Double> eevdfMedians = new java.util.HashMap<>();
        summary.stream().filter(s -> s.get("scheduler").equals("eevdf")).forEach(s ->
                eevdfMedians.put(s.get("workload") + "/" + s.get("figure"), ((Number) s.get("median")).doubleValue()));
        long ratios = 0;
        for (Map<String, Object> s : summary) {
            if (!s.get("scheduler").equals("scx_simple")) continue;
            boolean eevdfNonZero = eevdfMedians.get(s.get("workload") + "/" + s.get("figure")) != 0;
            assertThat(s.containsKey("ratioToEevdf")).as("ratio present for %s", s).isEqualTo(eevdfNonZero);
            if (eevdfNonZero) ratios++;
        }
        assertThat(ratios).isGreaterThanOrEqualTo(Workload.ALL.stream().mapToLong(w -> w.figures().size()).sum() - 1);

        var svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(chart.toFile());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg.getElementsByTagName("rect").getLength()).as("background plus one bar per ratio")
                .isEqualTo(1 + (int) ratios);
    }
}
