package org.scx4j.vm;

/**
 * An interactive root shell in a sched_ext guest on this terminal, through the
 * serial console (so job control, Ctrl-C and full-screen tools work as on any
 * serial line). Leaving the shell (Ctrl-D, exit) powers the guest off.
 */
public final class VmShell {

    private VmShell() {}

    /** Boots, hands the terminal to the guest's shell, and returns qemu's exit status when it ends. */
    public static int run(VmOptions options, KernelCache cache, Progress progress) {
        if (Accelerator.detect(cache.root(), options.vcpuThreads()) == Accelerator.KVM) {
            // On the terminal a guest that KVM cannot run would only hang in silence. A command
            // boot first proves KVM (about a second), or falls back and remembers it, as commands do.
            Vm.boot(options, cache, progress).close();
        }
        BootPlan plan = BootPlan.prepare(options, cache, progress, "shell");
        progress.step(String.format("booting linux %s (%s, %s, %d MiB); leave the shell (Ctrl-D) to power off",
                plan.kernel().release(), plan.accelerator().label(), options.topology().describe(), options.memoryMiB()));
        try (QemuProcess qemu = QemuProcess.start(plan, true)) {
            return qemu.process().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
