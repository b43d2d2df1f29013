package org.scx4j.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.junit.VmExtension;

/**
 * A VM that cannot start says why: qemu's own error in the console tail, or the
 * set-up hint when qemu is not installed. VmExtension only decides skip or run.
 */
@ExtendWith(VmExtension.class)
class BootFailureTest {

    /** Run in a child JVM whose PATH has no qemu: prints the boot error. */
    public static void main(String[] args) {
        try {
            Vm.boot(VmOptions.defaults(), KernelCache.standard(), Progress.QUIET).close();
            System.out.println("booted");
        } catch (VmException e) {
            System.out.println(e.getMessage());
        }
    }

    @Test
    void qemuRefusingToStartIsReportedWithItsMessage() {
        var e = catchThrowableOfType(VmException.class,
                () -> Vm.boot(VmOptions.defaults().withMemoryMiB(64L << 30), KernelCache.standard(), Progress.QUIET));
        assertThat(e).hasMessageContaining("qemu exited");
        assertThat(e.consoleTail()).containsIgnoringCase("memory");
    }

    @Test
    void missingQemuGivesTheSetUpHint() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), BootFailureTest.class.getName()));
        pb.environment().put("PATH", "/nonexistent");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(out).contains("cannot start qemu-system-x86_64").contains("scripts/setup");
    }
}
