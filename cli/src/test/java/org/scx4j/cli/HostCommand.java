package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test helper: a command run on the host as a user would type it, with its merged output. */
record HostCommand(int exitCode, String output, Duration took) {
    static final Path PROJECT = Path.of(System.getProperty("user.dir")).getParent();

    /** Runs argv in the project folder with env added to (or, for null values, removed from) the environment. */
    static HostCommand run(Duration timeout, Map<String, String> env, List<String> argv) {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(PROJECT.toFile()).redirectErrorStream(true);
        env.forEach((k, v) -> {
            if (v == null) pb.environment().remove(k);
            else pb.environment().put(k, v);
        });
        long start = System.nanoTime();
        try {
            Process p = pb.start();
            byte[][] out = new byte[1][];
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    out[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = ("(output lost: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
                }
            });
            boolean ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) p.descendants().forEach(ProcessHandle::destroyForcibly);
            if (!ended) p.destroyForcibly();
            reader.join();
            String text = new String(out[0], StandardCharsets.UTF_8);
            assertThat(ended).as("%s did not end within %s:%n%s", argv, timeout, text).isTrue();
            return new HostCommand(p.exitValue(), text, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static HostCommand run(Duration timeout, String... argv) {
        return run(timeout, Map.of(), List.of(argv));
    }

    /** Fails with the output unless the command exited 0. */
    HostCommand ok(String what) {
        assertThat(exitCode).as("%s exited %d:%n%s", what, exitCode, output).isZero();
        return this;
    }
}
