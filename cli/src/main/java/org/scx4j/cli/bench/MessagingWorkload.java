package org.scx4j.cli.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code perf bench sched messaging}: groups of senders and receivers
 * exchanging messages over sockets, many short wake-ups and context switches.
 * It measures a scheduler's throughput on a communication-heavy load; the
 * figure is the total time in seconds (lower is better).
 */
public record MessagingWorkload() implements Workload {

    private static final Pattern TOTAL = Pattern.compile("Total time:\\s*([0-9.]+)\\s*\\[sec]");

    @Override
    public String name() {
        return "messaging";
    }

    @Override
    public String description() {
        return "perf bench sched messaging (tasks exchanging messages over sockets); seconds, lower is better";
    }

    @Override
    public List<Figure> figures() {
        return List.of(new Figure("time", "s", Figure.Better.LOWER));
    }

    @Override
    public String script(int cpus, double scale) {
        // Two groups of 20+20 tasks per CPU keep every CPU busy with wake-ups.
        return "exec perf bench sched messaging -g %d -l %d".formatted(2 * cpus, loops(scale));
    }

    static int loops(double scale) {
        return Workload.scaled(15, scale, 2);
    }

    @Override
    public Duration timeout(double scale) {
        return Duration.ofSeconds(60 + Math.round(120 * scale));
    }

    @Override
    public Map<String, Double> parse(String stdout) throws WorkloadOutputException {
        Matcher m = TOTAL.matcher(stdout);
        if (!m.find()) {
            throw new WorkloadOutputException("perf bench printed no 'Total time: ... [sec]' line");
        }
        return Map.of("time", Double.parseDouble(m.group(1)));
    }
}
