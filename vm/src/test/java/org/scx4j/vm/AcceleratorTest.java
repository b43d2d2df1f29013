package org.scx4j.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AcceleratorTest {

    @Test
    void tcgRunsOneHostThreadPerVcpuUnlessAskedForOne() {
        assertThat(Accelerator.tcg(null).qemuArgs).containsSequence("-accel", "tcg,thread=multi");
        assertThat(Accelerator.tcg(" multi ")).isEqualTo(Accelerator.TCG);
        assertThat(Accelerator.tcg("single").qemuArgs).containsSequence("-accel", "tcg,thread=single");
        assertThat(Accelerator.tcg("single").label()).isEqualTo("tcg-single");
    }

    @Test
    void anUnknownThreadSettingIsRejectedByName() {
        assertThatThrownBy(() -> Accelerator.tcg("two")).isInstanceOf(VmException.class)
                .hasMessage("SCX4J_VM_TCG must be single or multi, not 'two'");
    }
}
