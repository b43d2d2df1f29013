package org.scx4j.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.scx4j.cli.Await;
import org.scx4j.cli.GuestScheduler;
import org.scx4j.schedulers.Catalog;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;

/**
 * The contract one scheduler meets on one kernel, step by step, with one start of its
 * installed launcher from a shell script: enabled under its ops name, a fresh task under
 * sched_ext, the stats protocol answering and its figures moving under the upstream stress
 * criterion, a restart across CPU hotplug, and SIGINT ending it with sched_ext disabled and
 * no process left. A failing step is reported with everything needed to read it.
 */
final class SchedulerContract {
    static final Path INSTALLED = Path.of("/usr/local/bin");
    private static final String SOCKET = "/var/run/scx/root/stats";
    private static final Duration START = Duration.ofSeconds(180);

    private final Vm vm;
    private final Catalog.Entry entry;
    private final List<String> figures = new ArrayList<>();
    private BackgroundScheduler running;
    private String step = "start";

    SchedulerContract(Vm vm, Catalog.Entry entry) {
        this.vm = vm;
        this.entry = entry;
    }

    /** The measured figures of a passing run, e.g. "start 14.1 s, stop 0.4 s". */
    String figures() {
        return String.join(", ", figures);
    }

    /** The current step, for the matrix. */
    String step() {
        return step;
    }

    /** The whole contract; {@code stressSeconds} of stress-ng inside a {@code windowSeconds} window, hotplug if asked. */
    void run(int stressSeconds, int windowSeconds, boolean hotplug) {
        try {
            step("start", this::startsAndIsEnabled);
            Spawned statsClient = step("stats socket", () -> openStatsSession(windowSeconds));
            step("stress", () -> survivesStress(stressSeconds, windowSeconds));
            step("stats", () -> statsAnsweredAndMoved(statsClient));
            if (hotplug) step("hotplug", this::restartsAcrossHotplug);
            step("SIGINT", this::stopsOnSigint);
        } finally {
            // A guest that died (its kernel panicked) has nothing left to kill, and the failure says why.
            if (running != null && vm.isAlive()) running.killLeftover();
        }
    }

    /** On a kernel older than the scheduler's minimum: a clear refusal, exit 2, nothing loaded. */
    void refusesClearly() {
        step("refusal", () -> {
            Result r = vm.run(START, "sh", "-c", INSTALLED.resolve(entry.name()) + " 2>&1");
            assertThat(r.exitCode()).as(r.stdout()).isEqualTo(2);
            assertThat(r.stdout()).contains(entry.name() + " needs Linux " + entry.minimumKernel() + " or newer");
            assertThat(state()).isEqualTo("disabled");
        });
    }

    private void startsAndIsEnabled() {
        running = BackgroundScheduler.start(vm, INSTALLED.resolve(entry.name()), List.of());
        awaitState("enabled", START);
        figures.add(String.format("start %.1f s", (System.nanoTime() - running.startedNanos) / 1e9));
        assertThat(ops()).as("root/ops").isEqualTo(entry.opsName());
        assertThat(vm.run("cat", "/proc/self/sched").stdout()).as("a task started now runs under sched_ext")
                .containsPattern("ext\\.enabled\\s*:\\s*1");
    }

    /** One client connection held across the stress: stats_meta, stats, then stats again after it. */
    private Spawned openStatsSession(int windowSeconds) {
        Await.until(() -> vm.run("test", "-S", SOCKET).exitCode() == 0, there -> there, Duration.ofSeconds(60),
                Duration.ofMillis(300), () -> "stats socket " + SOCKET);
        String meta = "{\"req\":\"stats_meta\"}", stats = "{\"req\":\"stats\",\"args\":{\"target\":\"top\"}}";
        return vm.spawn("sh", "-c", "{ echo '" + meta + "'; echo '" + stats + "'; sleep " + (windowSeconds + 1) + "; echo '" + stats
                + "'; sleep 2; } | socat -t 5 - UNIX-CONNECT:" + SOCKET);
    }

    private void survivesStress(int stressSeconds, int windowSeconds) {
        long start = System.nanoTime();
        Result stress = vm.run(Duration.ofMinutes(4), "stress-ng", "-t", String.valueOf(stressSeconds), "--aggressive", "-M",
                "-c", "2", "-f", "2", "--affinity", "1", "--affinity-delay", "1", "--affinity-pin");
        assertThat(stress.exitCode()).as(stress.stdout() + stress.stderr()).isZero();
        long left = windowSeconds * 1000L - (System.nanoTime() - start) / 1_000_000;
        if (left > 0) GuestScheduler.sleep(left);
        assertThat(running.isDone()).as("still running after %d s", windowSeconds).isFalse();
        assertThat(state()).isEqualTo("enabled");
        assertThat(ops()).isEqualTo(entry.opsName());
    }

    private void statsAnsweredAndMoved(Spawned client) {
        Result r = client.await(Duration.ofSeconds(60));
        List<String> lines = r.stdout().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("three answers from %s: %s %s", SOCKET, r.stdout(), r.stderr()).hasSize(3);
        Map<String, Object> meta = resp(lines.get(0));
        assertThat(meta).as("stats_meta describes the metrics").isNotEmpty();
        Map<String, Object> before = resp(lines.get(1)), after = resp(lines.get(2));
        assertThat(after).as("stats answers").isNotEmpty();
        assertThat(after).as("the figures moved during the stress (before: %s)", before).isNotEqualTo(before);
    }

    private static Map<String, Object> resp(String line) {
        try {
            Map<String, Object> answer = JSON.std.mapFrom(line);
            assertThat(answer.get("errno")).as(line).isEqualTo(0);
            Object resp = ((Map<?, ?>) answer.get("args")).get("resp");
            @SuppressWarnings("unchecked")
            Map<String, Object> m = resp instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
            return m;
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private void restartsAcrossHotplug() {
        int attached = count("attached as '" + entry.opsName() + "'");
        int restarts = count("asked for a restart");
        assertThat(vm.run("sh", "-c", "echo 0 > /sys/devices/system/cpu/cpu1/online").exitCode()).isZero();
        try {
            awaitOutput("asked for a restart", restarts + 1);
            // Bring the CPU back once the reload is attached: a CPU that returns before the reload reads hotplug_seq needs no restart.
            awaitOutput("attached as '" + entry.opsName() + "'", attached + 1);
        } finally {
            // Online again even after a failure: the schedulers tested after this one in the same guest need it.
            assertThat(vm.run("sh", "-c", "echo 1 > /sys/devices/system/cpu/cpu1/online").exitCode()).isZero();
        }
        awaitOutput("asked for a restart", restarts + 2);
        awaitOutput("attached as '" + entry.opsName() + "'", attached + 2);
        awaitState("enabled", START);
        assertThat(ops()).isEqualTo(entry.opsName());
    }

    private void stopsOnSigint() {
        long ms = running.interruptAndTime();
        assertThat(ms).as("the scheduler ends on SIGINT from a script's background job").isNotNegative();
        assertThat(ms).as("milliseconds from SIGINT to the process gone (the C schedulers take about 600)").isLessThanOrEqualTo(2000);
        figures.add(String.format("stop %.1f s", ms / 1000.0));
        Result r = running.await(Duration.ofSeconds(30));
        assertThat(r.exitCode()).as("exit status after SIGINT").isZero();
        assertThat(state()).isEqualTo("disabled");
        Result left = vm.run("sh", "-c", "pgrep -f 'scx4j.jar run " + entry.name() + "( |$)' || true");
        assertThat(left.stdout().strip()).as("no scheduler process left").isEmpty();
    }

    private int count(String text) {
        return (int) running.output().lines().filter(l -> l.contains(text)).count();
    }

    private void awaitOutput(String text, int times) {
        Await.until(() -> count(text), seen -> seen >= times, running::isDone, Duration.ofSeconds(120), Duration.ofMillis(300),
                () -> "\"" + text + "\" " + times + " times");
    }

    private void awaitState(String wanted, Duration timeout) {
        Await.until(this::state, wanted::equals, running::isDone, timeout, Duration.ofMillis(300), () -> "sched_ext " + wanted);
    }

    private String state() {
        return GuestScheduler.state(vm);
    }

    private String ops() {
        return GuestScheduler.ops(vm);
    }

    private void step(String name, Runnable body) {
        step(name, () -> {
            body.run();
            return null;
        });
    }

    /** Runs one step; a failure comes back with the scheduler, kernel, step and what the guest and scheduler said. */
    private <T> T step(String name, Supplier<T> body) {
        step = name;
        try {
            return body.get();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(failureReport(e), e);
        }
    }

    private String failureReport(Throwable e) {
        String output = running == null ? "" : running.output();
        List<String> lines = output.lines().toList();
        String exit = lines.stream().filter(l -> l.contains("EXIT:")).reduce((a, b) -> b).orElse("(no EXIT: line)");
        // The runtime prints the kernel's dump before the EXIT: line; its head names the stalled task and the CPUs.
        int dumpAt = lines.indexOf("DEBUG DUMP");
        String dump = dumpAt < 0 ? "" : String.join("\n", lines.subList(dumpAt, Math.min(lines.size(), dumpAt + 120)));
        return String.format("%s on linux %s failed at step '%s': %s%n%s%n--- dump ---%n%s%n--- last 30 console lines ---%n%s%n"
                + "--- last 30 lines of %s ---%n%s", entry.name(), vm.kernelRelease(), step, Objects.toString(e.getMessage(), e.toString()),
                exit, dump, tail(vm.consoleTail(), 30), entry.name(), tail(output, 30));
    }

    static String tail(String text, int n) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
