package org.scx4j.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.junit.VmConfig;
import org.scx4j.vm.junit.VmExtension;

/** A guest panic ends the VM and is reported as a panic, with the console showing it. */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 1, memoryMiB = 1024)
class GuestPanicTest {

    @Test
    void aGuestPanicIsReportedAsSuch(Vm vm) {
        var e = catchThrowableOfType(GuestPanicException.class,
                () -> vm.run(Duration.ofMinutes(2), "sh", "-c", "echo c > /proc/sysrq-trigger; sleep 600"));
        assertThat(e).hasMessageContaining("panicked");
        assertThat(e.consoleTail()).contains("Kernel panic");
        assertThat(vm.isAlive()).isFalse();
        var after = catchThrowableOfType(VmException.class, () -> vm.run("true"));
        assertThat(after).hasMessageContaining("panicked");
    }
}
