package org.scx4j.schedulers.idle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.KernelCompat;
import picocli.CommandLine;

/** A small machine as a sysfs tree, for tests of the topology-aware schedulers. */
public final class MachineFixture {
    private MachineFixture() {}

    static final KernelCompat KERNEL = new KernelCompat(Map.of("SCX_DSQ_LOCAL", (1L << 63) | 2, "SCX_DSQ_GLOBAL",
            (1L << 63) | 1, "SCX_SLICE_DFL", 20_000_000L), Map.of());

    /** The .rodata of obj after scheduler, given args, configured it for machine; its options must be valid. */
    public static GlobalData configured(IdleSchedulerCommand scheduler, BpfObject obj, IdleTopology machine, String... args) {
        new CommandLine(scheduler).parseArgs(args);
        scheduler.useMachine(machine);
        assertThat(scheduler.checkOptions()).isEmpty();
        GlobalData rodata = obj.rodata();
        KERNEL.fillRodata(rodata);
        scheduler.configure(rodata, KERNEL);
        return rodata;
    }

    /** A sysfs tree: cpu0-3, cores {0,1} and {2,3}, one LLC, capacities per CPU (0 = no file). */
    public static IdleTopology machine(Path sys, int... capacity) throws IOException {
        Path cpu = sys.resolve("devices/system/cpu");
        int n = capacity.length;
        write(cpu.resolve("possible"), "0-" + (n - 1));
        write(cpu.resolve("online"), "0-" + (n - 1));
        for (int i = 0; i < n; i++) {
            Path c = cpu.resolve("cpu" + i);
            write(c.resolve("topology/core_id"), String.valueOf(i / 2));
            write(c.resolve("topology/physical_package_id"), "0");
            write(c.resolve("topology/thread_siblings_list"), (i / 2 * 2) + "-" + (i / 2 * 2 + 1));
            write(c.resolve("cache/index3/level"), "3");
            write(c.resolve("cache/index3/type"), "Unified");
            write(c.resolve("cache/index3/shared_cpu_list"), "0-" + (n - 1));
            if (capacity[i] > 0) write(c.resolve("cpu_capacity"), String.valueOf(capacity[i]));
        }
        return IdleTopology.read(sys);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text + "\n");
    }

}
