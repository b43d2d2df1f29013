package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!screen().contains("READY-42")) {
                assertThat(System.nanoTime()).as("a shell prompt; the screen shows:\n%s", screen()).isLessThan(deadline);
                type(keys, "echo READY-$((20+22))", null, null);
                Thread.sleep(3000);
            }
            type(keys, "scx_simple > /tmp/simple.log 2>&1 &", null, null);
            type(keys, "for i in $(seq 180); do [ \"$(cat /sys/kernel/sched_ext/state)\" = enabled ] && break; sleep 1; done;"
                    + " echo STATE-$(cat /sys/kernel/sched_ext/state)", "STATE-enabled", Duration.ofMinutes(4));
            type(keys, "kill -INT %1; wait %1; echo STOPPED-$?-$(cat /sys/kernel/sched_ext/state)", "STOPPED-0-disabled",
                    Duration.ofMinutes(2));
            type(keys, "exit", null, null);
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the VM powers off after exit:\n%s", screen()).isTrue();
        } finally {
            p.destroyForcibly();
            reader.join(5000);
        }
    }

    private void type(OutputStream keys, String line, String expect, Duration within) throws IOException, InterruptedException {
        keys.write((line + "\r").getBytes(StandardCharsets.UTF_8));
        keys.flush();
        if (expect == null) return;
        long deadline = System.nanoTime() + within.toNanos();
        while (!screen().contains(expect)) {
            assertThat(System.nanoTime()).as("'%s' on the screen; it shows:\n%s", expect, screen()).isLessThan(deadline);
            Thread.sleep(200);
        }
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
