package org.scx4j.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.Vm;
import org.scx4j.vm.junit.VmConfig;
import org.scx4j.vm.junit.VmExtension;

/** A bench start that fails in a real guest: its reason is the command's last words, and it leaves no cgroup behind. */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 2, memoryMiB = 1024)
class GuestSchedulerVmIT {
    @Test
    void aCommandThatNeverEnablesFailsWithItsLastWordsAndLeavesNoCgroup(Vm vm) {
        GuestScheduler.Start start = GuestScheduler.start(vm, "broken",
                List.of("sh", "-c", "echo 'EXIT: cannot start (no BPF here)'; sleep 1; exit 1"), ops -> true);
        assertThat(start).isInstanceOf(GuestScheduler.Start.Failed.class);
        assertThat(((GuestScheduler.Start.Failed) start).reason()).isEqualTo("failed to load: EXIT: cannot start (no BPF here)");
        String left = vm.run("sh", "-c", "ls -d " + Footprint.CGROUP + "* 2>/dev/null || true").stdout().strip();
        assertThat(left).as("the bench's cgroups left in the guest").isEmpty();
        assertThat(org.scx4j.cli.GuestScheduler.state(vm)).isEqualTo("disabled");
    }
}
