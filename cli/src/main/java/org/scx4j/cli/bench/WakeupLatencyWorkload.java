package org.scx4j.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * cyclictest's wake-up latency while a CPU hog saturates every CPU: how long a
 * sleeping normal-priority task waits, after its timer fires, before it runs.
 * cyclictest runs with policy SCHED_OTHER on purpose: a real-time thread would
 * bypass sched_ext and measure nothing about the scheduler under test. Every
 * sample is printed ({@code -v}) and the percentiles are computed here.
 */
public record WakeupLatencyWorkload() implements Workload {

    /** cyclictest -v lines: "thread: loop: latency_us". */
    private static final Pattern SAMPLE = Pattern.compile("(?m)^\\s*(\\d+):\\s*(\\d+):\\s*(\\d+)\\s*$");
    static final int INTERVAL_US = 1000;

    @Override
    public String name() {
        return "wakeup-latency";
    }

    @Override
    public String description() {
        return "cyclictest (SCHED_OTHER) while CPU hogs saturate every CPU; p50/p99/max wake-up latency in us, lower is better";
    }

    @Override
    public List<Figure> figures() {
        return List.of(
                new Figure("p50", "us", Figure.Better.LOWER),
                new Figure("p99", "us", Figure.Better.LOWER),
                new Figure("max", "us", Figure.Better.LOWER));
    }

    @Override
    public String script(int cpus, double scale) {
        int loops = loops(scale);
        int hogSeconds = loops * INTERVAL_US / 1_000_000 + 30;
        return CpuHogs.around(cpus, hogSeconds,
                "cyclictest -m -q -p 0 --policy=other -t %d -d 0 -i %d -l %d -v 2>&1".formatted(cpus, INTERVAL_US, loops));
    }

    static int loops(double scale) {
        return Workload.scaled(3000, scale, 100);
    }

    @Override
    public Duration timeout(double scale) {
        return Duration.ofSeconds(60 + loops(scale) * INTERVAL_US / 1_000_000 * 4L);
    }

    @Override
    public Map<String, Double> parse(String stdout) throws WorkloadOutputException {
        List<Double> samples = new ArrayList<>();
        Matcher m = SAMPLE.matcher(stdout);
        while (m.find()) {
            samples.add(Double.parseDouble(m.group(3)));
        }
        if (samples.isEmpty()) {
            throw new WorkloadOutputException("cyclictest printed no latency samples: " + lastLine(stdout));
        }
        double[] values = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("p50", Percentile.of(values, 50));
        figures.put("p99", Percentile.of(values, 99));
        figures.put("max", Percentile.of(values, 100));
        return figures;
    }

    static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 || lines[lines.length - 1].isBlank() ? "(no output)" : lines[lines.length - 1].strip();
    }
}
