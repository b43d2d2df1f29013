package org.scx4j.schedulers.prev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.scx4j.bpf.BpfObject;
import picocli.CommandLine;

/** scx_prev's Java side: -i, the counters line, and the compiled object it names. */
class ScxPrevTest {

    @Test
    void intervalOptionSetsTheReportPeriod() {
        ScxPrev prev = new ScxPrev();
        new CommandLine(prev).parseArgs("-i", "3");
        assertThat(prev.reportInterval()).isEqualTo(Duration.ofSeconds(3));
        ScxPrev dflt = new ScxPrev();
        new CommandLine(dflt).parseArgs();
        assertThat(dflt.reportInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aZeroIntervalIsRefusedClearly() {
        assertThatThrownBy(() -> new CommandLine(new ScxPrev()).parseArgs("-i", "0"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("-i takes a whole number of seconds");
    }

    @Test
    void countersPrintInTheUpstreamFormat() {
        assertThat(new PrevStats(7, 2, 5, 2).line()).isEqualTo("local=7 select_fail=2 prev_cpu=5 idle_cpu=2");
        assertThat(new PrevStats(7, 2, 5, 2).values()).containsEntry("select_fail", 2L).hasSize(4);
    }

    @Test
    void theObjectHasTheOpsAndPerCpuCounters() {
        ScxPrev prev = new ScxPrev();
        try (BpfObject obj = BpfObject.open("scx_prev", prev.objectBytes())) {
            assertThat(new String(obj.structOps(prev.opsMap()).getBytes("name")).trim()).startsWith("prev");
            assertThat(obj.map("stats").counters()).isEqualTo(4);
        }
    }
}
