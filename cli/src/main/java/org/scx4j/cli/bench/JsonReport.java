package org.scx4j.cli.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable record of a bench: the machine, the plan (with each
 * external label's command), every raw run (figures, the scheduler's
 * footprint among them, or failure, with the sched_ext samples that prove
 * which scheduler ran) and the summary rows the table shows. Programs comparing
 * benches over time read this instead of parsing the table.
 */
public final class JsonReport {

    private JsonReport() {}

    /** The report as pretty-printed JSON text. */
    public static String render(BenchResults results, BenchPlan plan) {
        Map<String, Object> root = new LinkedHashMap<>();
        BenchMachine m = results.machine();
        root.put("machine", ordered("hostCpu", m.hostCpu(), "accelerator", m.accelerator(),
                "guestKernel", m.guestKernel(), "vcpus", m.vcpus(), "topology", m.topology().toString(), "memoryMiB", m.memoryMiB()));
        Map<String, Object> external = new LinkedHashMap<>();
        plan.externals().forEach(e -> external.put(e.label(), e.commandLine()));
        root.put("plan", ordered("schedulers", plan.schedulers(), "external", external, "workloads", plan.workloadNames(),
                "runs", plan.runs(), "scale", plan.scale(), "warmupSeconds", plan.warmupSeconds()));
        List<Object> runs = new ArrayList<>();
        for (RunRecord r : results.runs()) {
            Map<String, Object> run = ordered("workload", r.workload(), "scheduler", r.scheduler(), "run", r.run(),
                    "seconds", r.seconds());
            switch (r.outcome()) {
                case RunOutcome.Measured(var figures) -> {
                    run.put("status", "ok");
                    Map<String, Object> ordered = new LinkedHashMap<>();
                    List<Figure> known = new ArrayList<>();
                    Workload.named(r.workload()).ifPresent(w -> known.addAll(w.figures()));
                    known.addAll(Footprint.FIGURES);
                    known.forEach(f -> {
                        if (figures.containsKey(f.name())) {
                            ordered.put(f.name(), figures.get(f.name()));
                        }
                    });
                    run.put("figures", ordered);
                }
                case RunOutcome.Failed(String reason) -> {
                    run.put("status", "failed");
                    run.put("reason", reason);
                }
            }
            run.put("opsSamples", r.opsSamples());
            runs.add(run);
        }
        root.put("runs", runs);
        List<Object> summary = new ArrayList<>();
        for (BenchResults.Row row : results.rows()) {
            Map<String, Object> s = ordered("workload", row.workload().name(), "figure", row.figure().name(),
                    "unit", row.figure().unit(), "better", row.figure().better().name().toLowerCase(java.util.Locale.ROOT),
                    "scheduler", row.scheduler());
            row.summary().ifPresent(x -> {
                s.put("median", x.median());
                s.put("min", x.min());
                s.put("max", x.max());
                s.put("measuredRuns", x.count());
            });
            if (row.ratio().isPresent()) {
                s.put("ratioToEevdf", row.ratio().getAsDouble());
            }
            if (row.figure().footprint()) {
                s.put("footprint", true);
            }
            s.put("failedRuns", row.failures().size());
            summary.add(s);
        }
        root.put("summary", summary);
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("could not write the JSON report: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
