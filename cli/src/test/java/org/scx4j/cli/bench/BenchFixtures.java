package org.scx4j.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Results as a real bench would produce them, for the table, chart and JSON tests. */
final class BenchFixtures {

    private BenchFixtures() {}

    static final BenchMachine MACHINE = new BenchMachine("Test CPU @ 2.0GHz", "tcg", "7.3.4+deb13-amd64", org.scx4j.vm.VmTopology.flat(2), 4096);

    /**
     * eevdf and scx_simple, messaging and fairness, 3 runs each; scx_simple's
     * fairness all failed, its messaging runs carry its footprint.
     */
    static BenchResults results() {
        List<RunRecord> runs = new ArrayList<>();
        double[] eevdfTime = {2.0, 2.2, 1.9};
        double[] simpleTime = {1.0, 1.2, 1.1};
        for (int i = 0; i < 3; i++) {
            runs.add(measured("messaging", "eevdf", i + 1, Map.of("time", eevdfTime[i]), "disabled -"));
            runs.add(measured("messaging", "scx_simple", i + 1,
                    Map.of("time", simpleTime[i], "start", 1.5 + i, "cpu", 0.02, "rss", 210.0 - i), "enabled simple"));
        }
        for (int i = 0; i < 3; i++) {
            runs.add(measured("fairness", "eevdf", i + 1, Map.of("jain", 0.99), "disabled -"));
            runs.add(new RunRecord("fairness", "scx_simple", i + 1,
                    new RunOutcome.Failed("failed to load: EXIT: runtime error (scx_bpf_error)"), List.of(), 0));
        }
        return new BenchResults(MACHINE, List.of("eevdf", "scx_simple"),
                List.of(new MessagingWorkload(), new FairnessWorkload()), runs);
    }

    static RunRecord measured(String workload, String scheduler, int run, Map<String, Double> figures, String sample) {
        return new RunRecord(workload, scheduler, run, new RunOutcome.Measured(figures), List.of(sample, sample), 1.5);
    }

    static BenchPlan plan() {
        return BenchPlan.of(List.of("scx_simple"), List.of("messaging", "fairness"), 3, 2, 1.0, 10, List.of("scx_simple"));
    }
}
