package org.scx4j.cli.conformance;

import org.scx4j.vm.junit.VmConfig;

/** The whole contract on the newest sched_ext kernel (trixie-backports). */
@VmConfig(cpus = 2, memoryMiB = 2048)
class NewestKernelConformanceVmIT extends ConformanceSuite {
    @Override
    int stressSeconds() {
        return 31;
    }

    @Override
    int windowSeconds() {
        return 45;
    }

    @Override
    boolean hotplug() {
        return true;
    }

    @Override
    String label() {
        return "full";
    }
}
