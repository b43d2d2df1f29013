package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;
import org.scx4j.vm.junit.VmConfig;
import org.scx4j.vm.junit.VmExtension;

/**
 * The kernel's watchdog ends a scheduler that starves a task, and the runtime reports it:
 * the stall reason as an {@code EXIT:} line, the kernel's dump, and a non-zero exit.
 */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 2, memoryMiB = 2048)
class WatchdogVmIT {

    @Test
    void aStarvedTaskEndsTheSchedulerWithTheStallReasonAndANonZeroExit(Vm vm) throws Exception {
        Spawned victim = vm.spawn("sh", "-c", "while :; do :; done");
        try {
            String classpath = GuestScheduler.jar() + ":"
                    + Path.of(StallFixture.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Result r = vm.run(Duration.ofMinutes(3), GuestScheduler.shMerged(List.of(GuestScheduler.JAVA,
                    "--enable-native-access=ALL-UNNAMED", "-cp", classpath, StallFixture.class.getName(),
                    Long.toString(victim.pid()))));
            assertThat(r.stdout()).contains("attached as 'stall'");
            assertThat(r.stdout()).containsPattern("EXIT: .*stall");
            assertThat(r.stdout()).contains("DEBUG DUMP");
            assertThat(r.exitCode()).as(r.stdout()).isNotZero();
            assertThat(GuestScheduler.state(vm)).isEqualTo("disabled");
            r.stdout().lines().filter(l -> l.startsWith("EXIT: ")).forEach(l -> System.out.println("watchdog: " + l));
        } finally {
            victim.signal("KILL");
        }
    }
}
