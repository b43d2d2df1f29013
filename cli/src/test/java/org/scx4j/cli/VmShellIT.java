package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.junit.VmExtension;

/**
 * The interactive {@code scx4j vm} shell driven through a pseudo-terminal ({@code script}),
 * as a person types at it: a scheduler started as a job from the project's PATH, the
 * state read, the job stopped, and {@code exit} powering the guest off.
 * VmExtension only decides skip or run.
 */
@ExtendWith(VmExtension.class)
class VmShellIT {
    private final StringBuilder screen = new StringBuilder();

    @Test
    void aPersonAtTheShellStartsAndStopsAScheduler() throws Exception {
        String scx4j = String.join(" ", List.of(GuestScheduler.JAVA, "--enable-native-access=ALL-UNNAMED", "-jar",
                GuestScheduler.jar().toString(), "vm", "--cpus", "2", "--memory", "2G"));
        Process p = new ProcessBuilder("script", "-qfec", scx4j, "/dev/null").redirectErrorStream(true).start();
        Thread reader = Thread.ofVirtual().start(() -> copy(p.getInputStream()));
        try (OutputStream keys = p.getOutputStream()) {
            // Keys typed while the guest still boots may be lost: type until the shell answers.
            Await.until(() -> {
                if (screen().contains("READY-42")) return true;
                type(keys, "echo READY-$((20+22))");
                return false;
            }, ready -> ready, Duration.ofMinutes(3), Duration.ofSeconds(3), () -> "a shell prompt; the screen shows:\n" + screen());
            type(keys, "scx_simple > /tmp/simple.log 2>&1 &");
            typeAndAwait(keys, "for i in $(seq 180); do [ \"$(cat /sys/kernel/sched_ext/state)\" = enabled ] && break; sleep 1; done;"
                    + " echo STATE-$(cat /sys/kernel/sched_ext/state)", "STATE-enabled", Duration.ofMinutes(4));
            typeAndAwait(keys, "kill -INT %1; wait %1; echo STOPPED-$?-$(cat /sys/kernel/sched_ext/state)", "STOPPED-0-disabled",
                    Duration.ofMinutes(2));
            type(keys, "exit");
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the VM powers off after exit:\n%s", screen()).isTrue();
        } finally {
            p.destroyForcibly();
            reader.join(5000);
        }
    }

    private static void type(OutputStream keys, String line) {
        try {
            keys.write((line + "\r").getBytes(StandardCharsets.UTF_8));
            keys.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void typeAndAwait(OutputStream keys, String line, String expect, Duration within) {
        type(keys, line);
        Await.until(() -> screen().contains(expect), seen -> seen, within, Duration.ofMillis(200),
                () -> "'" + expect + "' on the screen; it shows:\n" + screen());
    }

    private String screen() {
        synchronized (screen) {
            return screen.toString();
        }
    }

    private void copy(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (screen) {
                    screen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException ignored) {
            // the process ended; the assertions show what arrived
        }
    }
}
