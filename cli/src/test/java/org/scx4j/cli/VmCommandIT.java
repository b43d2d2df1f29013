package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.junit.VmExtension;

/**
 * {@code scx4j vm -- COMMAND} from the shipped jar: the command's output comes
 * through and its exit status is the command's. VmExtension only decides skip or run.
 */
@ExtendWith(VmExtension.class)
class VmCommandIT {

    @Test
    void runsTheCommandInTheGuestAndExitsWithItsStatus() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("scx4j.jar"),
                "vm", "--cpus", "2", "--memory", "2G", "--", "sh", "-c", "cat /sys/kernel/sched_ext/state; echo oops >&2; exit 3"))
                .start();
        p.getOutputStream().close();
        var err = new StringBuilder();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException ignored) {
                // the assertion on stderr shows what arrived
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        t.join();
        assertThat(out).isEqualTo("disabled\n");
        assertThat(err.toString()).contains("oops").contains("guest ready in");
        assertThat(p.exitValue()).isEqualTo(3);
    }
}
