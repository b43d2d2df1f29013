package org.scx4j.cli.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a scheduler costs the machine besides its scheduling, measured in every
 * run of every scheduler but eevdf, so a scheduler with a big userspace part
 * (a JVM) and a small C one can be weighed on more than their workload
 * figures: how long it takes to start, how much CPU its own process uses while
 * the workload runs, and how much memory it holds. The guest prints raw
 * cgroup and {@code /proc} values ({@link #GUEST_FUNCTIONS}); {@link #parse}
 * turns them into figures, so the arithmetic is unit-tested.
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
     * The cgroup (this prefix and the pid) the bench starts each scheduler in, so its
     * {@code cpu.stat} counts the CPU time of all its threads and children, exited ones
     * too, in microseconds: an idle C loader uses less than a clock tick per run.
     */
    static final String CGROUP = "/sys/fs/cgroup/scx4j-bench.";
    private static final Pattern HWM = Pattern.compile("VmHWM:\\s*(\\d+)\\s*kB");

    /**
     * Bash functions for the guest. {@code footprint_sample PID TAG} prints a
     * {@code time TAG MICROS} line and a {@code usage TAG MICROS} line (the CPU time
     * of the scheduler's cgroup); with the tag {@code end} it adds a
     * {@code status PID VmHWM: N kB} line for the process and each live descendant
     * (found through the {@code children} files of its threads). Only builtins
     * run, so sampling costs the guest next to nothing.
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
              local p line key value
              echo "time $2 ${EPOCHREALTIME/[.,]/}"
              while read -r key value; do [ "$key" = usage_usec ] && echo "usage $2 $value"; done 2>/dev/null < %s$1/cpu.stat
              [ "$2" = end ] || return 0
              for p in $(footprint_tree "$1"); do
                while read -r line; do [ "${line%%%%:*}" = VmHWM ] && echo "status $p $line"; done 2>/dev/null < /proc/$p/status
              done
            }
            """.formatted(CGROUP);

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
     * Reads the probe's lines: {@link #GUEST_FUNCTIONS}' output for the tags {@code start} and {@code end}.
     *
     * @param startSeconds the start time measured when the scheduler was loaded (NaN when unknown)
     * @throws IllegalArgumentException when a line the figures need is missing or malformed
     */
    static Footprint parse(double startSeconds, String probe) {
        long[] micros = {-1, -1};
        long[] usage = {-1, -1};
        long hwmKiB = -1;
        for (String line : probe.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            String[] parts = line.split("\\s+", 3);
            switch (parts[0]) {
                case "time" -> micros[end(parts, line)] = number(parts, 2, line);
                case "usage" -> usage[end(parts, line)] = number(parts, 2, line);
                case "status" -> hwmKiB = Math.max(hwmKiB, 0) + peakRssKiB(parts.length > 2 ? parts[2] : line);
                default -> {
                    // Anything else the guest's shell printed carries no figure.
                }
            }
        }
        if (micros[0] < 0 || micros[1] < 0 || usage[0] < 0 || usage[1] < 0) {
            throw new IllegalArgumentException("the scheduler's cgroup CPU time (cpu.stat) was not read at both ends of the run");
        }
        if (hwmKiB < 0) throw new IllegalArgumentException("the scheduler's VmHWM was not read from /proc/PID/status");
        double seconds = (micros[1] - micros[0]) / 1e6;
        if (seconds <= 0) throw new IllegalArgumentException("the measured run took no time by the guest's clock");
        return new Footprint(startSeconds, Math.max(0, usage[1] - usage[0]) / 1e6 / seconds, hwmKiB / 1024.0);
    }

    /** Peak resident memory in KiB of a {@code VmHWM:} line of {@code /proc/PID/status}. */
    static long peakRssKiB(String statusLine) {
        Matcher m = HWM.matcher(statusLine);
        if (!m.find()) throw new IllegalArgumentException("not a VmHWM line of /proc/PID/status: " + statusLine);
        return Long.parseLong(m.group(1));
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
