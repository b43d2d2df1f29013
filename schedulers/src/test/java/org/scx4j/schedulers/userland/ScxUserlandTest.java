package org.scx4j.schedulers.userland;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.scx4j.userspace.Counters;
import picocli.CommandLine;

/** scx_userland's option and its once-a-second line. */
class ScxUserlandTest {
    @Test
    void aBatchBelowOneIsRejectedBeforeLoading() {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new ScxUserland()).execute("-b", "0")).isEqualTo(2);
        } finally {
            System.setErr(saved);
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("-b").contains("got 0");
    }

    @Test
    void theBatchOptionReachesThePolicy() {
        ScxUserland s = new ScxUserland();
        new CommandLine(s).parseArgs("-b", "3");
        assertThat(s.batch).isEqualTo(3);
        assertThat(new CommandLine(new ScxUserland()).getUsageMessage()).contains("-b=BATCH");
    }

    @Test
    void theLineGroupsTheFrameworkCountersAsUpstreamDoes() {
        // queued, java, granted, spared, fallback, full, stale, failed, jvm, kthread, kept, deferred, latencies, kicks
        Counters c = new Counters(50, 45, 0, 0, 3, 2, 4, 1, 7, 11, 9, 5, 0, 0, 0, 0, 0, 0);
        assertThat(ScxUserland.upstreamLine(c))
                .isEqualTo("bpf: kern=18 user=50 failed=5 total=73 vruntime: enq=50 disp=45 failed=5");
    }
}
