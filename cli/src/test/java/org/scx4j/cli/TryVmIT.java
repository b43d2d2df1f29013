package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, end to end: {@code scx4j try scx_simple} boots its own VM,
 * shows scx_simple active, streams its counters, stops it with SIGINT and sums up.
 */
class TryVmIT {

    @Test
    void tryScxSimpleShowsItActiveStreamsCountersAndStopsCleanly() throws Exception {
        assumeFalse("skip".equals(System.getProperty("scx4j.vm")), "VM tests skipped (-Dscx4j.vm=skip)");
        Process p = new ProcessBuilder(GuestScheduler.JAVA, "--enable-native-access=ALL-UNNAMED", "-jar",
                GuestScheduler.jar().toString(), "try", "scx_simple", "--duration", "8", "--workload", "messaging")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(out);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("active     state enabled, ops simple")
                .containsPattern("\\| local=\\d+ global=\\d+")
                .contains("exit       EXIT: unregistered from user space")
                .containsPattern("workload   perf messaging: [1-9]\\d* runs")
                .contains("state now  disabled");
    }
}
