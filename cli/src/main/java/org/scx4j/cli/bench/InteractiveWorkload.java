package org.scx4j.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A periodic task (a frame every 10 ms with 1 ms of work, like an audio or UI
 * thread) while stress-ng keeps every CPU busy. Each frame records its
 * lateness (wake-up time minus the frame's start) and whether its work ended
 * after its deadline (the next frame's start); frames that could not even
 * start before their deadline are dropped. Figures: p99 lateness of the
 * frames run, in microseconds, and deadline misses (late or dropped) in
 * percent of all frames; lower is better.
 * The periodic task is a few lines of the guest's python3: light to start,
 * precise enough at millisecond scale, and nothing to compile.
 */
public record InteractiveWorkload() implements Workload {

    static final int PERIOD_US = 10000;
    static final int WORK_US = 1000;
    private static final Pattern FRAME = Pattern.compile("(?m)^frame (-?\\d+) (-?\\d+)$");
    private static final Pattern DROPPED = Pattern.compile("(?m)^dropped$");

    /**
     * One frame per period: sleep until the frame's start, then work. A frame
     * whose deadline passed before it could start is dropped (as a player drops
     * a video frame), so one long delay counts as misses, not as lateness of
     * every later frame.
     */
    private static final String PERIODIC_TASK = """
            import sys, time
            period, work, frames = int(sys.argv[1]) * 1000, int(sys.argv[2]) * 1000, int(sys.argv[3])
            clock = time.monotonic_ns
            lines = []
            target = clock() + period
            for _ in range(frames):
                now = clock()
                if now >= target + period:
                    lines.append("dropped")
                    target += period
                    continue
                if target > now:
                    time.sleep((target - now) / 1e9)
                woke = clock()
                end = woke + work
                while clock() < end:
                    pass
                done = clock()
                lines.append("frame %d %d" % (woke - target, done - (target + period)))
                target += period
            print("\\n".join(lines))
            """;

    @Override
    public String name() {
        return "interactive";
    }

    @Override
    public String description() {
        return "a 10 ms periodic task with 1 ms of work while stress-ng saturates every CPU; p99 lateness (us) and deadline misses (%), lower is better";
    }

    @Override
    public List<Figure> figures() {
        return List.of(
                new Figure("p99-lateness", "us", Figure.Better.LOWER),
                new Figure("misses", "%", Figure.Better.LOWER));
    }

    static int frames(double scale) {
        return Workload.scaled(400, scale, 50);
    }

    @Override
    public String script(int cpus, double scale) {
        int frames = frames(scale);
        int hogSeconds = frames * PERIOD_US / 1_000_000 * 4 + 30;
        // python3 from Debian, not a per-user shim: the guest runs as root with a bare environment.
        String task = """
                py=/usr/bin/python3; [ -x $py ] || py=python3
                $py - %d %d %d <<'PERIODIC'
                %s
                PERIODIC
                """.formatted(PERIOD_US, WORK_US, frames, PERIODIC_TASK.strip());
        return CpuHogs.around(cpus, hogSeconds, task);
    }

    @Override
    public Duration timeout(double scale) {
        return Duration.ofSeconds(60 + frames(scale) * PERIOD_US / 1_000_000 * 6L);
    }

    @Override
    public Map<String, Double> parse(String stdout) throws WorkloadOutputException {
        List<Double> lateness = new ArrayList<>();
        int misses = 0;
        Matcher m = FRAME.matcher(stdout);
        while (m.find()) {
            lateness.add(Math.max(0, Long.parseLong(m.group(1))) / 1000.0);
            if (Long.parseLong(m.group(2)) > 0) {
                misses++;
            }
        }
        int dropped = (int) DROPPED.matcher(stdout).results().count();
        if (lateness.isEmpty()) {
            throw new WorkloadOutputException("the periodic task printed no frames: " + WakeupLatencyWorkload.lastLine(stdout));
        }
        double[] values = lateness.stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("p99-lateness", Percentile.of(values, 99));
        figures.put("misses", 100.0 * (misses + dropped) / (lateness.size() + dropped));
        return figures;
    }
}
