package org.scx4j.cli.conformance;

import org.scx4j.vm.junit.VmConfig;

/** The short contract (load, stats moving, 15 s of stress, SIGINT) on the previous kernel line (sid's 7.2). */
@VmConfig(cpus = 2, memoryMiB = 2048, kernel = "7.2")
class PreviousKernelConformanceVmIT extends ConformanceSuite {
    @Override
    int stressSeconds() {
        return 12;
    }

    @Override
    int windowSeconds() {
        return 15;
    }

    @Override
    boolean hotplug() {
        return false;
    }

    @Override
    String label() {
        return "short";
    }
}
