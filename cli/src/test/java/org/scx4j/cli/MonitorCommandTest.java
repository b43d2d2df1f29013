package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scx4j.core.stats.Metric;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.core.stats.StatsServer;
import org.scx4j.core.stats.StatsServerOptions;

/** scx4j monitor against a real stats server on a Unix socket, started after the monitor. */
class MonitorCommandTest {

    static final MetricSet METRICS = MetricSet.of("scx_test", "test",
            Metric.counter("local", "tasks", "local dispatches"), Metric.counter("global", "tasks", "global dispatches"));

    @TempDir
    Path dir;

    final AtomicLong local = new AtomicLong();

    record Run(int code, String out, String err) {}

    Run monitor(String... args) throws Exception {
        var out = new StringWriter();
        var err = new StringWriter();
        var code = new AtomicInteger(-1);
        // The monitor starts first and must wait for the socket to appear.
        Thread t = Thread.ofPlatform().start(() -> {
            var cmd = Main.commandLine();
            cmd.setOut(new PrintWriter(out));
            cmd.setErr(new PrintWriter(err));
            code.set(cmd.execute(args));
        });
        Await.until(() -> err.toString().contains("waiting"), waits -> waits, () -> !t.isAlive(), Duration.ofSeconds(10),
                Duration.ofMillis(10), () -> "the monitor waiting for the socket; it said: " + err);
        try (var server = StatsServer.start(StatsServerOptions.defaults().withSocket(dir.resolve("stats")), METRICS,
                () -> Map.of("local", local.addAndGet(5), "global", 1L))) {
            t.join();
        }
        return new Run(code.get(), out.toString(), err.toString());
    }

    @Test
    void waitsForTheSocketThenPrintsLines() throws Exception {
        var r = monitor("monitor", "--socket", dir.resolve("stats").toString(), "--interval", "0.05", "--count", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("waiting for a scheduler to serve stats on " + dir.resolve("stats"));
        // Each stats read adds 5 to the running total; each line shows this client's increase.
        assertThat(r.out().lines().toList()).containsExactly("local=5 global=0", "local=5 global=0", "local=5 global=0");
    }

    @Test
    void jsonPrintsOneObjectPerLine() throws Exception {
        var r = monitor("monitor", "--socket", dir.resolve("stats").toString(), "-i", "0.05", "-n", "2", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        for (String line : r.out().lines().toList()) {
            assertThat(JSON.std.mapFrom(line)).isEqualTo(Map.of("local", 5, "global", 0));
        }
        assertThat(r.out().lines()).hasSize(2);
    }

    @Test
    void badOptionsFailClearly() {
        var err = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err));
        assertThat(cmd.execute("monitor", "--interval", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--interval must be between");
    }
}
