package org.scx4j.schedulers.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -m on a fixture machine: 4 CPUs, two SMT cores sharing an LLC, CPUs 2-3 slower (capacity 512). */
class PrimaryDomainTest {
    @TempDir
    Path sys;

    @Test
    void keywordsPickByCapacity() throws IOException {
        IdleTopology m = MachineFixture.machine(sys, 1024, 1024, 512, 512);
        assertThat(PrimaryDomain.parse("all", m).toList()).isEqualTo("0-3");
        assertThat(PrimaryDomain.parse("performance", m).toList()).isEqualTo("0-1");
        assertThat(PrimaryDomain.parse("turbo", m).toList()).isEqualTo("0-1");
        assertThat(PrimaryDomain.parse("powersave", m).toList()).isEqualTo("2-3");
        assertThat(m.byCapacity()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void withoutCapacitiesEveryCpuIsBothFastestAndSlowest() throws IOException {
        IdleTopology m = MachineFixture.machine(sys, 0, 0, 0, 0);
        assertThat(m.capacity()).containsOnly(1024);
        assertThat(PrimaryDomain.parse("performance", m).toList()).isEqualTo("0-3");
        assertThat(PrimaryDomain.parse("powersave", m).toList()).isEqualTo("0-3");
    }

    @Test
    void listsAreCheckedAgainstTheMachine() throws IOException {
        IdleTopology m = MachineFixture.machine(sys, 1024, 1024, 512, 512);
        assertThat(PrimaryDomain.parse("0,2-3", m).toList()).isEqualTo("0,2-3");
        assertThat(PrimaryDomain.parse(" 1 ", m).toList()).isEqualTo("1");
        assertThatThrownBy(() -> PrimaryDomain.parse("0-7", m)).hasMessageContaining("4-7").hasMessageContaining("0-3");
        assertThatThrownBy(() -> PrimaryDomain.parse("fast", m)).hasMessageContaining("performance");
        assertThatThrownBy(() -> PrimaryDomain.parse("3-1", m)).hasMessageContaining("-m");
        assertThatThrownBy(() -> PrimaryDomain.parse(",", m)).hasMessageContaining("-m: ");
        assertThatThrownBy(() -> PrimaryDomain.parse(" ", m)).hasMessageContaining("no CPU");
    }
}
