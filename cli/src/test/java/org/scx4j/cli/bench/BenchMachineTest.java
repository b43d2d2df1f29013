package org.scx4j.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchMachineTest {

    @Test
    void namesHowTheGuestWasRun() {
        assertThat(new BenchMachine("X", "tcg", "7.3", 2, 4096).describe()).endsWith("TCG (software emulation) on X");
        assertThat(new BenchMachine("X", "tcg-single", "7.3", 2, 4096).describe())
                .endsWith("TCG (software emulation, one host thread) on X");
        assertThat(new BenchMachine("X", "kvm", "7.3", 2, 4096).describe()).endsWith("KVM on X");
    }
}
