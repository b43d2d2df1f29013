package org.scx4j.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AcceleratorTest {

    @Test
    void tcgRunsAllVcpusOnOneHostThreadUnlessTheVmAsksForParallelOnes() {
        assertThat(Accelerator.tcg(null, false).qemuArgs).containsSequence("-accel", "tcg,thread=single");
        assertThat(Accelerator.tcg(null, false).label()).isEqualTo("tcg-single");
        assertThat(Accelerator.tcg("", true).qemuArgs).containsSequence("-accel", "tcg,thread=multi");
    }

    @Test
    void theEnvironmentOverridesWhatTheVmAsks() {
        assertThat(Accelerator.tcg(" multi ", false)).isEqualTo(Accelerator.TCG);
        assertThat(Accelerator.tcg("single", true)).isEqualTo(Accelerator.TCG_SINGLE);
    }

    @Test
    void anUnknownThreadSettingIsRejectedByName() {
        assertThatThrownBy(() -> Accelerator.tcg("two", false)).isInstanceOf(VmException.class)
                .hasMessage("SCX4J_VM_TCG must be single or multi, not 'two'");
    }
}
