package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;

/**
 * Test helper: runs the packaged scx4j jar in a guest the way a user would, and reads
 * sched_ext's sysfs there. Keeps the VM tests about behaviour rather than plumbing.
 */
public final class GuestScheduler {
    public static final String JAVA = System.getProperty("java.home") + "/bin/java";
    static final Duration START = Duration.ofSeconds(180);
    static final Duration STOP = Duration.ofSeconds(90);

    private GuestScheduler() {}

    /** The jar under test (failsafe passes -Dscx4j.jar). */
    public static Path jar() {
        String p = System.getProperty("scx4j.jar");
        assertThat(p).as("system property scx4j.jar (set by failsafe)").isNotNull();
        return Path.of(p).toAbsolutePath();
    }

    /** argv for {@code java -jar scx4j.jar ARGS...} with stderr merged into stdout. */
    static String[] scx4j(String... args) {
        List<String> words = new ArrayList<>(List.of(JAVA, "--enable-native-access=ALL-UNNAMED", "-jar", jar().toString()));
        words.addAll(List.of(args));
        return shMerged(words);
    }

    /** argv running {@code words} through sh with stderr merged into stdout, exec'd (same pid). */
    static String[] shMerged(List<String> words) {
        StringBuilder cmd = new StringBuilder("exec");
        for (String w : words) cmd.append(' ').append(TryCommand.GuestJava.quote(w));
        return new String[] {"sh", "-c", cmd.append(" 2>&1").toString()};
    }

    public static String state(Vm vm) {
        return vm.run("cat", "/sys/kernel/sched_ext/state").stdout().strip();
    }

    public static String ops(Vm vm) {
        return vm.run("sh", "-c", "cat /sys/kernel/sched_ext/root/ops 2>/dev/null || true").stdout().strip();
    }

    static long sysfsLong(Vm vm, String file) {
        return Long.parseLong(vm.run("cat", "/sys/kernel/sched_ext/" + file).stdout().strip());
    }

    /** Waits until the kernel reports a scheduler enabled, failing with the scheduler's output if it ends first. */
    static void awaitEnabled(Vm vm, Spawned sched) {
        Await.until(() -> state(vm), "enabled"::equals, sched::isDone, START, Duration.ofMillis(500),
                () -> "a scheduler enabled; output:\n" + sched.outputSoFar());
    }

    /** Ctrl-C as a user would: the scheduler exits 0 and sched_ext is disabled after it. */
    static Result stopCleanly(Vm vm, Spawned sched) {
        sched.signal("INT");
        Result r = sched.await(STOP);
        assertThat(r.exitCode()).as(r.stdout()).isZero();
        assertThat(state(vm)).isEqualTo("disabled");
        return r;
    }

    /** For {@code @AfterEach}: stops a scheduler a failed test left running (resumed first, should it be stopped). */
    static void stopLeftover(Spawned sched) {
        if (sched == null || sched.isDone()) return;
        sched.signal("CONT");
        sched.signal("INT");
        sched.await(STOP);
    }

    /** Waits until {@code sched}'s output has at least {@code lines} lines matching {@code regex}. */
    static List<String> awaitLines(Spawned sched, String regex, int lines, Duration timeout) {
        return Await.until(() -> sched.outputSoFar().lines().filter(l -> l.matches(regex)).toList(), found -> found.size() >= lines,
                sched::isDone, timeout, Duration.ofMillis(500),
                () -> lines + " lines matching " + regex + "; output:\n" + sched.outputSoFar());
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
