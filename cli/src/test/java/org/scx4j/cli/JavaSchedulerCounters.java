package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scx4j.vm.Spawned;

/**
 * Test helper: the once-a-second counter line of a Java-policy scheduler
 * ({@code queued=N java=N granted=N spared=N fallback=N ...}) as numbers.
 */
record JavaSchedulerCounters(long queued, long java, long granted, long spared, long fallback, long stale, long jvm, long kthread,
                             long kept, long deferred, long grants, long depth) {
    static final String LINE = "queued=\\d+ java=\\d+ granted=\\d+ spared=\\d+ fallback=\\d+ .*";
    private static final Pattern FIELDS = Pattern.compile(
            "queued=(\\d+) java=(\\d+) granted=(\\d+) spared=(\\d+) fallback=(\\d+) full=\\d+ stale=(\\d+) failed=\\d+ jvm=(\\d+) kthread=(\\d+)"
            + " kept=(\\d+) deferred=(\\d+) .* grants=(\\d+) depth=(\\d+)");

    static JavaSchedulerCounters parse(String line) {
        Matcher m = FIELDS.matcher(line);
        assertThat(m.find()).as("counter line: %s", line).isTrue();
        return new JavaSchedulerCounters(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5)),
                Long.parseLong(m.group(6)), Long.parseLong(m.group(7)), Long.parseLong(m.group(8)),
                Long.parseLong(m.group(9)), Long.parseLong(m.group(10)), Long.parseLong(m.group(11)),
                Long.parseLong(m.group(12)));
    }

    /** The counter lines from the last one before a workload (when {@code before} had been printed) to the first one after it. */
    static List<String> around(Spawned running, int before) {
        int after = (int) running.outputSoFar().lines().filter(l -> l.matches(LINE)).count();
        return GuestScheduler.awaitLines(running, LINE, after + 1, Duration.ofSeconds(60)).subList(before - 1, after + 1);
    }

    /** What the counters grew by from the first of {@code lines} to the last (they count since attach); gauges as in the last. */
    static JavaSchedulerCounters growth(List<String> lines) {
        JavaSchedulerCounters a = parse(lines.getFirst()), b = parse(lines.getLast());
        return new JavaSchedulerCounters(b.queued - a.queued, b.java - a.java, b.granted - a.granted, b.spared - a.spared,
                b.fallback - a.fallback, b.stale - a.stale, b.jvm - a.jvm, b.kthread - a.kthread, b.kept - a.kept,
                b.deferred - a.deferred, b.grants, b.depth);
    }

    /** The last counter line in {@code output}. */
    static JavaSchedulerCounters last(String output) {
        List<String> lines = output.lines().filter(l -> l.matches(LINE)).toList();
        assertThat(lines).as("counter lines in:\n%s", output).isNotEmpty();
        return parse(lines.getLast());
    }
}
