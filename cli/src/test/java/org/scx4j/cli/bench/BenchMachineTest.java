package org.scx4j.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.scx4j.vm.VmTopology;

class BenchMachineTest {

    @Test
    void namesHowTheGuestWasRun() {
        assertThat(new BenchMachine("X", "tcg", "7.3", VmTopology.flat(2), 4096).describe()).endsWith("TCG (software emulation) on X");
        assertThat(new BenchMachine("X", "tcg-single", "7.3", VmTopology.flat(2), 4096).describe())
                .endsWith("TCG (software emulation, one host thread) on X");
        assertThat(new BenchMachine("X", "kvm", "7.3", VmTopology.flat(2), 4096).describe()).endsWith("KVM on X");
    }

    @Test
    void namesTheLayoutWhenTheGuestHasMoreThanOneFlatSocket() {
        assertThat(new BenchMachine("X", "tcg", "7.3", VmTopology.flat(2), 4096).describe()).contains(", 2 vCPUs, 4096 MiB");
        assertThat(new BenchMachine("X", "tcg", "7.3", new VmTopology(2, 2, 1, 2), 4096).describe())
                .contains(", 4 vCPUs (sockets=2,cores=2,threads=1,numa=2), 4096 MiB");
    }
}
