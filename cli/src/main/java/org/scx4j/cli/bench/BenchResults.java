package org.scx4j.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Every run of one bench invocation and the rows computed from them: for each
 * workload, figure and scheduler the summary over its measured runs and the
 * ratio of its median to EEVDF's median from the same boot; after each
 * workload's own figures, the {@link Footprint} figures of every scheduler but
 * eevdf, without a ratio (they are absolute costs). Table, chart and JSON all
 * read these rows, so they always agree.
 *
 * @param machine     where it ran
 * @param schedulers  scheduler names in plan order ({@code eevdf} first)
 * @param workloads   workloads in plan order
 * @param runs        every run, in the order they happened
 */
public record BenchResults(BenchMachine machine, List<String> schedulers, List<Workload> workloads, List<RunRecord> runs) {

    /** The baseline every ratio is taken against. */
    public static final String BASELINE = "eevdf";

    public BenchResults {
        schedulers = List.copyOf(schedulers);
        workloads = List.copyOf(workloads);
        runs = List.copyOf(runs);
    }

    /**
     * One line of the results.
     *
     * @param summary  present when at least one run measured the figure
     * @param ratio    median / EEVDF median (1.0 for EEVDF itself); empty when either median is missing,
     *                 and for footprint figures
     * @param failures the reasons of failed runs (one per failed run)
     */
    public record Row(Workload workload, Figure figure, String scheduler, Optional<Summary> summary,
            OptionalDouble ratio, List<String> failures) {}

    /** The rows in display order: workload, figure (its own, then the footprint's), scheduler. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Workload w : workloads) {
            List<Figure> figures = new ArrayList<>(w.figures());
            figures.addAll(Footprint.FIGURES);
            for (Figure f : figures) {
                Optional<Summary> baseline = f.footprint() ? Optional.empty() : summary(w, f, BASELINE);
                for (String s : schedulers) {
                    if (f.footprint() && s.equals(BASELINE)) {
                        continue;
                    }
                    Optional<Summary> summary = summary(w, f, s);
                    OptionalDouble ratio = OptionalDouble.empty();
                    if (summary.isPresent() && baseline.isPresent() && baseline.get().median() != 0) {
                        ratio = OptionalDouble.of(summary.get().median() / baseline.get().median());
                    }
                    rows.add(new Row(w, f, s, summary, ratio, failures(w, s)));
                }
            }
        }
        return rows;
    }

    private Optional<Summary> summary(Workload w, Figure f, String scheduler) {
        List<Double> values = new ArrayList<>();
        for (RunRecord r : runs) {
            if (r.workload().equals(w.name()) && r.scheduler().equals(scheduler)
                    && r.outcome() instanceof RunOutcome.Measured(var figures) && figures.containsKey(f.name())) {
                values.add(figures.get(f.name()));
            }
        }
        return values.isEmpty() ? Optional.empty() : Optional.of(Summary.of(values));
    }

    private List<String> failures(Workload w, String scheduler) {
        List<String> reasons = new ArrayList<>();
        for (RunRecord r : runs) {
            if (r.workload().equals(w.name()) && r.scheduler().equals(scheduler)
                    && r.outcome() instanceof RunOutcome.Failed(String reason)) {
                reasons.add(reason);
            }
        }
        return reasons;
    }
}
