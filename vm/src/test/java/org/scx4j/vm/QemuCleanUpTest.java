package org.scx4j.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.junit.VmExtension;

/**
 * No qemu outlives the JVM that started it, even when that JVM is killed with
 * SIGKILL (no shutdown hook runs then; the watchdog must do it).
 */
@ExtendWith(VmExtension.class)
class QemuCleanUpTest {

    /** Run in a child JVM: boots a VM, prints its qemu pid, then waits to be killed. */
    public static void main(String[] args) throws Exception {
        Vm vm = Vm.boot(VmOptions.defaults().withCpus(1).withMemoryMiB(1024));
        System.out.println("QEMU " + vm.qemuPid());
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(10));
    }

    @Test
    void qemuDiesWithAKilledJvm() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), QemuCleanUpTest.class.getName()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long qemuPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line = out.readLine();
            assertThat(line).as("the child JVM booted a VM").startsWith("QEMU ");
            qemuPid = Long.parseLong(line.substring(5));
            Optional<ProcessHandle> qemu = ProcessHandle.of(qemuPid);
            assertThat(qemu).as("qemu runs").isPresent();
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
            for (int i = 0; i < 100 && qemu.get().isAlive(); i++) TimeUnit.MILLISECONDS.sleep(100);
            assertThat(qemu.get().isAlive()).as("qemu %d is gone after its JVM was killed", qemuPid).isFalse();
        } finally {
            child.destroyForcibly();
        }
    }
}
