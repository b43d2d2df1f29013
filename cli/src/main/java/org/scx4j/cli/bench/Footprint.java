package org.scx4j.cli.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scheduler costs the machine besides its scheduling, measured in every
 * run of every scheduler but eevdf, so a scheduler with a big userspace part
 * (a JVM) and a small C one can be weighed on more than their workload
 * figures: how long it takes to start, how much CPU its own process uses while
 * the workload runs, and how much memory it holds. The guest prints raw
 * {@code /proc} lines ({@link #GUEST_FUNCTIONS}); {@link #parse} turns them
 * into figures, so the arithmetic is unit-tested.
 *
 * @param startSeconds seconds from the scheduler's exec to sched_ext {@code enabled}; NaN when not timed
 * @param cpuPerSecond CPU seconds (user + system) of the scheduler's process and its children per second of the measured run
 * @param rssMiB       peak resident memory ({@code VmHWM}) of the scheduler's process and its children, MiB
 */
public record Footprint(double startSeconds, double cpuPerSecond, double rssMiB) {

    /** The footprint figures in display order; lower is better for each. */
    public static final List<Figure> FIGURES = List.of(
            new Figure("start", "s", Figure.Better.LOWER, true),
            new Figure("cpu", "s/s", Figure.Better.LOWER, true),
            new Figure("rss", "MiB", Figure.Better.LOWER, true));

    /**
     * Bash functions for the guest. {@code footprint_sample PID TAG} prints a
     * {@code time TAG MICROS} line and a {@code stat TAG ...} line for the
     * process and each live descendant (found through the {@code children}
     * files of its threads); with the tag {@code end} it adds a
     * {@code status PID VmHWM: N kB} line for each. Only builtins run per
     * process, so sampling costs the guest next to nothing.
     */
    static final String GUEST_FUNCTIONS = """
            footprint_tree() {
              local p=$1 f k kids
              echo "$p"
              for f in /proc/$p/task/*/children; do
                kids=()
                read -r -a kids 2>/dev/null < "$f"
                for k in "${kids[@]}"; do footprint_tree "$k"; done
              done
            }
            footprint_sample() {
              local p line
              echo "time $2 ${EPOCHREALTIME/[.,]/}"
              for p in $(footprint_tree "$1"); do
                read -r line 2>/dev/null < /proc/$p/stat && echo "stat $2 $line"
                if [ "$2" = end ]; then
                  while read -r line; do [ "${line%%:*}" = VmHWM ] && echo "status $p $line"; done 2>/dev/null < /proc/$p/status
                fi
              done
            }
            """;

    /** The figures by name, as a measured run stores them; a start that was not timed is left out. */
    public Map<String, Double> figures() {
        Map<String, Double> figures = new LinkedHashMap<>();
        if (!Double.isNaN(startSeconds)) {
            figures.put("start", startSeconds);
        }
        figures.put("cpu", cpuPerSecond);
        figures.put("rss", rssMiB);
        return figures;
    }

    /**
     * Reads the probe's lines: {@code clk TICKS_PER_SECOND}, then
     * {@link #GUEST_FUNCTIONS}' output for the tags {@code start} and {@code end}.
     *
     * @param startSeconds the start time measured when the scheduler was loaded (NaN when unknown)
     * @throws IllegalArgumentException when a line the figures need is missing or malformed
     */
    static Footprint parse(double startSeconds, String probe) {
        long clk = 0;
        long[] micros = {-1, -1};
        long[] ticks = {0, 0};
        boolean[] statRead = {false, false};
        long hwmKiB = -1;
        for (String line : probe.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            String[] parts = line.split("\\s+", 3);
            switch (parts[0]) {
                case "clk" -> clk = number(parts, 1, line);
                case "time" -> micros[end(parts, line)] = number(parts, 2, line);
                case "stat" -> {
                    int end = end(parts, line);
                    ticks[end] += ProcFields.cpuTicks(parts.length > 2 ? parts[2] : line);
                    statRead[end] = true;
                }
                case "status" -> hwmKiB = Math.max(hwmKiB, 0) + ProcFields.peakRssKiB(parts.length > 2 ? parts[2] : line);
                default -> {
                    // Anything else the guest's shell printed carries no figure.
                }
            }
        }
        if (clk <= 0) throw new IllegalArgumentException("the guest did not say its clock ticks per second (CLK_TCK)");
        if (micros[0] < 0 || micros[1] < 0 || !statRead[0] || !statRead[1]) {
            throw new IllegalArgumentException("the scheduler's /proc/PID/stat was not read at both ends of the run");
        }
        if (hwmKiB < 0) throw new IllegalArgumentException("the scheduler's VmHWM was not read from /proc/PID/status");
        double seconds = (micros[1] - micros[0]) / 1e6;
        if (seconds <= 0) throw new IllegalArgumentException("the measured run took no time by the guest's clock");
        // A child that ended unwaited takes its ticks with it; a footprint is never negative.
        double cpu = Math.max(0, ticks[1] - ticks[0]) / (double) clk / seconds;
        return new Footprint(startSeconds, cpu, hwmKiB / 1024.0);
    }

    /** 0 for a line tagged {@code start}, 1 for {@code end}. */
    private static int end(String[] parts, String line) {
        if (parts.length < 2 || !(parts[1].equals("start") || parts[1].equals("end"))) {
            throw new IllegalArgumentException("a footprint line without a start or end tag: " + line);
        }
        return parts[1].equals("start") ? 0 : 1;
    }

    private static long number(String[] parts, int index, String line) {
        try {
            return Long.parseLong(parts[index]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a footprint line without its number: " + line, e);
        }
    }
}
