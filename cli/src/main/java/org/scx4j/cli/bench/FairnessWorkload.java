package org.scx4j.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU hogs at different nice levels for a fixed window: does each get CPU time
 * in proportion to its weight? Two hogs per CPU at nice 0, 2, 4, 6, ... run
 * for a warm-up, then each one's on-CPU time ({@code /proc/PID/schedstat})
 * is read at the start and end of the window. The figure is Jain's index over
 * actual/ideal CPU time, the ideal being the weighted fair share of the time
 * actually handed out (see {@link FairShare}); 1.0 is perfect.
 */
public record FairnessWorkload() implements Workload {

    private static final Pattern HOG = Pattern.compile("(?m)^hog (\\d+) (-?\\d+) (\\d+) (\\d+)$");
    private static final Pattern WINDOW = Pattern.compile("(?m)^window (\\d+) (\\d+)$");

    @Override
    public String name() {
        return "fairness";
    }

    @Override
    public String description() {
        return "2 CPU hogs per CPU at nice 0,2,4,6,...; Jain's index of CPU time over weighted fair share, 1.0 is perfect";
    }

    @Override
    public List<Figure> figures() {
        return List.of(new Figure("jain", "", Figure.Better.HIGHER));
    }

    /** The nice levels of the hogs: two per CPU, stepping by 2 and wrapping after 6. */
    static List<Integer> niceLevels(int cpus) {
        List<Integer> levels = new ArrayList<>();
        for (int i = 0; i < 2 * cpus; i++) {
            levels.add(2 * (i % 4));
        }
        return levels;
    }

    static double windowSeconds(double scale) {
        return Math.max(0.5, 4.0 * scale);
    }

    @Override
    public String script(int cpus, double scale) {
        String nices = String.join(" ", niceLevels(cpus).stream().map(String::valueOf).toList());
        // Reads use shell builtins only, so the snapshots of all hogs are close in time.
        return """
                pids=(); nices=(%1$s)
                for n in "${nices[@]}"; do nice -n "$n" bash -c 'while :; do :; done' & pids+=($!); done
                sleep 1
                t0=$(date +%%s%%N)
                start=(); for p in "${pids[@]}"; do read -r ns _ < /proc/$p/schedstat; start+=($ns); done
                sleep %2$.2f
                end=(); for p in "${pids[@]}"; do read -r ns _ < /proc/$p/schedstat; end+=($ns); done
                t1=$(date +%%s%%N)
                kill "${pids[@]}"; wait 2>/dev/null
                for i in "${!pids[@]}"; do echo "hog ${pids[$i]} ${nices[$i]} ${start[$i]} ${end[$i]}"; done
                echo "window $t0 $t1"
                """.formatted(nices, windowSeconds(scale));
    }

    @Override
    public Duration timeout(double scale) {
        return Duration.ofSeconds(60 + Math.round(windowSeconds(scale) * 4));
    }

    @Override
    public Map<String, Double> parse(String stdout) throws WorkloadOutputException {
        Matcher w = WINDOW.matcher(stdout);
        if (!w.find()) {
            throw new WorkloadOutputException("fairness script printed no 'window' line: " + WakeupLatencyWorkload.lastLine(stdout));
        }
        double window = Long.parseLong(w.group(2)) - Long.parseLong(w.group(1));
        List<double[]> hogs = new ArrayList<>();
        Matcher m = HOG.matcher(stdout);
        while (m.find()) {
            double weight = FairShare.weightOfNice(Integer.parseInt(m.group(2)));
            double used = Long.parseLong(m.group(4)) - Long.parseLong(m.group(3));
            hogs.add(new double[] {weight, used});
        }
        if (hogs.size() < 2) {
            throw new WorkloadOutputException("fairness script reported " + hogs.size() + " hogs; need at least 2");
        }
        double[] weights = hogs.stream().mapToDouble(h -> h[0]).toArray();
        double[] used = hogs.stream().mapToDouble(h -> h[1]).toArray();
        double total = java.util.Arrays.stream(used).sum();
        if (total <= 0 || window <= 0) {
            throw new WorkloadOutputException("the hogs got no CPU time in the window");
        }
        double[] ideal = FairShare.ideal(weights, total, window);
        double[] ratio = new double[used.length];
        for (int i = 0; i < used.length; i++) {
            ratio[i] = used[i] / ideal[i];
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("jain", FairShare.jain(ratio));
        return figures;
    }
}
