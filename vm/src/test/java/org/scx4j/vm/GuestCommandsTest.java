package org.scx4j.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scx4j.vm.junit.VmExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** One boot, many commands: the guest has sched_ext and BTF, and results come back intact. */
@ExtendWith(VmExtension.class)
class GuestCommandsTest {

    @BeforeAll
    static void printWarmBoot(Vm vm) {
        long first = System.nanoTime();
        vm.run("true");
        System.out.printf("vm: warm boot to first command: %d ms (boot %d ms + first command %d ms, %s)%n",
                vm.bootTime().toMillis() + (System.nanoTime() - first) / 1_000_000, vm.bootTime().toMillis(),
                (System.nanoTime() - first) / 1_000_000, vm.accelerator());
    }

    @Test
    void softwareEmulationRunsOnAsManyHostThreadsAsAsked(Vm vm) {
        String tcg = System.getenv().getOrDefault("SCX4J_VM_TCG", "multi");
        if (!vm.accelerator().equals("kvm")) assertThat(vm.accelerator()).isEqualTo(tcg.equals("single") ? "tcg-single" : "tcg");
    }

    @Test
    void schedExtIsPresentAndDisabled(Vm vm) {
        assertThat(vm.run("cat", "/sys/kernel/sched_ext/state")).isEqualTo(new Result(0, "disabled\n", ""));
    }

    @Test
    void btfIsExposed(Vm vm) {
        Result r = vm.run("test", "-s", "/sys/kernel/btf/vmlinux");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void unameShowsTheSchedExtKernel(Vm vm) {
        Result r = vm.run("uname", "-r");
        assertThat(r.stdout().strip()).isEqualTo(vm.kernelRelease()).matches("\\d+\\.\\d+.*-amd64");
        assertThat(vm.kernelRelease()).isNotEqualTo(System.getProperty("os.version"));
    }

    @Test
    void exitCodePropagates(Vm vm) {
        assertThat(vm.run("sh", "-c", "exit 42").exitCode()).isEqualTo(42);
    }

    @Test
    void stdoutAndStderrArriveSeparately(Vm vm) {
        Result r = vm.run("sh", "-c", "echo to-out; echo to-err >&2; echo more-out");
        assertThat(r).isEqualTo(new Result(0, "to-out\nmore-out\n", "to-err\n"));
    }

    @Test
    void argumentsReachTheCommandUnchanged(Vm vm) {
        String odd = "it's $HOME \"quoted\" `x` \\ ;|&";
        assertThat(vm.run("printf", "%s", odd).stdout()).isEqualTo(odd);
    }

    @Test
    void tenCommandsRunInOneBoot(Vm vm) {
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < 10; i++) outs.add(vm.run("echo", "n" + i).stdout());
        assertThat(outs).containsExactly("n0\n", "n1\n", "n2\n", "n3\n", "n4\n", "n5\n", "n6\n", "n7\n", "n8\n", "n9\n");
    }

    @Test
    void aMissingCommandFailsWithStatus127(Vm vm) {
        Result r = vm.run("no-such-command-scx4j");
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.stderr()).contains("no-such-command-scx4j");
    }
}
