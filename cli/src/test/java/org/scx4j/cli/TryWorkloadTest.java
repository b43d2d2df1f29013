package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each {@code scx4j try} workload script runs (here on the host, with the same stress-ng and
 * perf the guest uses) and ends with the RESULT line the summary shows.
 */
class TryWorkloadTest {

    @ParameterizedTest
    @EnumSource(TryWorkload.class)
    void theScriptRunsAndReportsAResult(TryWorkload w) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", w.script(2, 1)).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines().filter(l -> l.startsWith("RESULT ")).count()).as(out)
                .isEqualTo(w == TryWorkload.MIXED ? 2 : 1);
        if (w == TryWorkload.CPU) assertThat(out).containsPattern("RESULT stress-ng cpu: \\d+ bogo ops");
        if (w == TryWorkload.MESSAGING) assertThat(out).containsPattern("RESULT perf messaging: [1-9]\\d* runs");
    }

    @Test
    void everyWorkloadDescribesItself() {
        for (TryWorkload w : TryWorkload.values()) assertThat(w.description).isNotBlank();
    }
}
