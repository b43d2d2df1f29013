package org.scx4j.cli.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A validated bench: which schedulers (EEVDF always first, as the baseline),
 * which workloads, how many runs each, the VM's CPU count, the workload
 * scale and the seconds of load before each measured run. Built only through {@link #of}, which rejects every bad input with a
 * message saying what to do, before anything slow (a VM boot) starts.
 *
 * @param schedulers scheduler names (catalog names and external labels), {@code eevdf} first
 * @param externals  the external commands among them, located on the host
 * @param workloads  workloads in run order
 * @param runs       runs per scheduler per workload
 * @param cpus       guest CPUs
 * @param scale      workload size factor (1.0 normal)
 * @param warmupSeconds load run under each scheduler after it starts and before it is measured
 */
public record BenchPlan(List<String> schedulers, List<ExternalScheduler> externals, List<Workload> workloads, int runs,
        int cpus, double scale, int warmupSeconds) {

    /** Most CPUs a bench VM may have; software emulation gains nothing beyond this. */
    public static final int MAX_CPUS = 64;
    /** Most runs per scheduler; beyond this a bench takes hours under emulation. */
    public static final int MAX_RUNS = 100;
    /** Longest warm-up per run. */
    public static final int MAX_WARMUP_SECONDS = 600;

    public BenchPlan {
        schedulers = List.copyOf(schedulers);
        externals = List.copyOf(externals);
        workloads = List.copyOf(workloads);
    }

    /**
     * Checks and normalises the command-line values.
     *
     * @param schedulers names or {@code ext:LABEL=COMMAND} entries as typed (comma lists already split);
     *                   empty means eevdf plus scx_simple
     * @param workloads  names as typed; empty means all
     * @param known      every scheduler name that can be loaded (without eevdf)
     * @throws BenchPlanException with every problem found, one per line
     */
    public static BenchPlan of(List<String> schedulers, List<String> workloads, int runs, int cpus, double scale,
            int warmupSeconds, Collection<String> known) {
        List<String> problems = new ArrayList<>();
        Set<String> chosen = new LinkedHashSet<>();
        chosen.add(BenchResults.BASELINE);
        List<ExternalScheduler> externals = new ArrayList<>();
        List<String> wanted = clean(schedulers);
        if (wanted.isEmpty()) {
            wanted = known.contains("scx_simple") ? List.of("scx_simple") : List.of();
        }
        for (String name : wanted) {
            if (ExternalScheduler.isSpec(name)) {
                external(name, known, externals, problems).ifPresent(e -> {
                    externals.add(e);
                    chosen.add(e.label());
                });
                continue;
            }
            if (!name.equals(BenchResults.BASELINE) && !known.contains(name)) {
                problems.add("unknown scheduler '%s': choose from %s (see 'scx4j list'), or run any command with %sLABEL=COMMAND"
                        .formatted(name, String.join(", ", withBaseline(known)), ExternalScheduler.PREFIX));
            }
            chosen.add(name);
        }
        List<Workload> chosenWorkloads = new ArrayList<>();
        List<String> wantedWorkloads = clean(workloads);
        if (wantedWorkloads.isEmpty()) {
            chosenWorkloads.addAll(Workload.ALL);
        }
        for (String name : wantedWorkloads) {
            Workload.named(name).ifPresentOrElse(
                    w -> { if (!chosenWorkloads.contains(w)) chosenWorkloads.add(w); },
                    () -> problems.add("unknown workload '%s': choose from %s".formatted(name, Workload.names())));
        }
        if (runs < 1 || runs > MAX_RUNS) {
            problems.add("--runs must be between 1 and %d, got %d".formatted(MAX_RUNS, runs));
        }
        if (cpus < 1 || cpus > MAX_CPUS) {
            problems.add("--cpus must be between 1 and %d, got %d".formatted(MAX_CPUS, cpus));
        }
        if (!(scale > 0 && scale <= 10)) {
            problems.add("--scale must be above 0 and at most 10, got " + String.format(Locale.ROOT, "%s", scale));
        }
        if (warmupSeconds < 0 || warmupSeconds > MAX_WARMUP_SECONDS) {
            problems.add("--warmup must be between 0 and %d seconds, got %d".formatted(MAX_WARMUP_SECONDS, warmupSeconds));
        }
        if (!problems.isEmpty()) {
            throw new BenchPlanException(problems);
        }
        return new BenchPlan(List.copyOf(chosen), externals, chosenWorkloads, runs, cpus, scale, warmupSeconds);
    }

    /** The workload names in run order. */
    public List<String> workloadNames() {
        return workloads.stream().map(Workload::name).toList();
    }

    /** The external command benched under this name, if the name is an external label. */
    public Optional<ExternalScheduler> external(String name) {
        return externals.stream().filter(e -> e.label().equals(name)).findFirst();
    }

    /** Whether some scheduler is started from the scx4j jar (every one that is neither eevdf nor external). */
    public boolean needsJar() {
        return schedulers.stream().anyMatch(s -> !s.equals(BenchResults.BASELINE) && external(s).isEmpty());
    }

    /**
     * Parses and checks one {@code ext:} entry: its label must be new and
     * differ from every scheduler name, its executable must exist and be
     * executable on the host. Adds each problem found to {@code problems}.
     */
    private static Optional<ExternalScheduler> external(String spec, Collection<String> known,
            List<ExternalScheduler> earlier, List<String> problems) {
        try {
            ExternalScheduler parsed = ExternalScheduler.parse(spec);
            String label = parsed.label();
            if (label.equals(BenchResults.BASELINE) || known.contains(label)) {
                problems.add("%s%s: the label is the name of the scheduler %s; choose another label"
                        .formatted(ExternalScheduler.PREFIX, label, label));
                return Optional.empty();
            }
            if (earlier.stream().anyMatch(e -> e.label().equals(label))) {
                problems.add("%s%s: the label is given twice; give each external scheduler its own"
                        .formatted(ExternalScheduler.PREFIX, label));
                return Optional.empty();
            }
            return Optional.of(parsed.located(Path.of(System.getProperty("user.dir")), System.getenv("PATH")));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return Optional.empty();
        }
    }

    /** Splits comma lists, trims, drops empty entries. */
    private static List<String> clean(List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String item : raw) {
            for (String part : item.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private static List<String> withBaseline(Collection<String> known) {
        List<String> all = new ArrayList<>();
        all.add(BenchResults.BASELINE);
        known.stream().sorted().forEach(all::add);
        return all;
    }
}
