package org.scx4j.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsSetupTest {

    @TempDir
    Path dir;

    final AtomicLong local = new AtomicLong();
    final StatsSource source = () -> Map.of("local", local.get(), "queued", 1, "mode", "vtime");
    final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void servesThenRemovesTheSocketAndPrintsWhenAsked() throws Exception {
        var setup = new StatsSetup(StatsProtocolTest.METRICS, StatsServerOptions.defaults().withSocket(dir.resolve("s")),
                Optional.of(Duration.ofMillis(20)));
        try (var published = setup.start(source, out, err)) {
            assertThat(published.server()).isPresent();
            try (var c = StatsClient.connect(dir.resolve("s"))) {
                c.stats(); // baseline: the session may open after the connect call returned
                local.addAndGet(3);
                assertThat(c.stats()).containsEntry("local", 3).containsEntry("mode", "vtime");
            }
            for (int i = 0; i < 500 && outBytes.toString(StandardCharsets.UTF_8).lines().count() < 2; i++) {
                Thread.sleep(10);
            }
        }
        assertThat(dir.resolve("s")).doesNotExist();
        var lines = outBytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).matches("local=\\d+ queued=1 mode=vtime"));
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aSocketThatCannotBeCreatedIsReportedAndTheSchedulerGoesOn() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        var setup = new StatsSetup(StatsProtocolTest.METRICS,
                StatsServerOptions.defaults().withSocket(notADir.resolve("stats")), Optional.empty());
        try (var published = setup.start(source, out, err)) {
            assertThat(published.server()).isEmpty();
        }
        assertThat(errBytes.toString(StandardCharsets.UTF_8))
                .startsWith("test_sched: stats socket not served: cannot create the stats socket folder");
    }

    @Test
    void anErrorWhileCreatingTheSocketDoesNotHoldUpTheStop() {
        // A path that fails as a JDK without its security file did: with an Error, not an exception.
        Path broken = (Path) Proxy.newProxyInstance(Path.class.getClassLoader(), new Class<?>[] {Path.class}, (proxy, method, args) -> {
            throw new InternalError("Error loading java.security file");
        });
        var setup = new StatsSetup(StatsProtocolTest.METRICS, StatsServerOptions.defaults().withSocket(broken), Optional.empty());
        var closed = CompletableFuture.runAsync(() -> {
            try (var published = setup.start(source, out, err)) {
                assertThat(published.server()).isEmpty();
            }
        });
        assertThat(closed).succeedsWithin(Duration.ofSeconds(30));
    }
}
