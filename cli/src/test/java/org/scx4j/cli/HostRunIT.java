package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On a host without sched_ext (this build machine), {@code scx4j run scx_simple} must stop
 * at the pre-flight checks with a message that says what is missing and what to do.
 */
class HostRunIT {

    @Test
    void runningWithoutSchedExtFailsWithTheKernelOptionAndTheWayOut() throws Exception {
        assumeFalse(Files.exists(Path.of("/sys/kernel/sched_ext")), "this host has sched_ext");
        Process p = new ProcessBuilder(GuestScheduler.JAVA, "--enable-native-access=ALL-UNNAMED", "-jar",
                GuestScheduler.jar().toString(), "run", "scx_simple").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        boolean root = Files.readString(Path.of("/proc/self/status")).lines()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
        if (root) {
            assertThat(out).contains("CONFIG_SCHED_CLASS_EXT").contains("scx4j try scx_simple");
        } else {
            assertThat(out).contains("must run as root");
        }
    }
}
