package org.scx4j.schedulers.rusty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.topology.CpuMask;
import org.scx4j.schedulers.idle.IdleTopology;
import org.scx4j.schedulers.idle.MachineFixture;
import picocli.CommandLine;

/** scx_rusty's Java side: domains from caches or -C masks, options into .rodata, bad values refused. */
class ScxRustyTest {
    @TempDir
    Path sys;

    /** cpu0-3, no SMT, L2 per CPU, an L3 shared by 0-1 and another by 2-3. */
    private IdleTopology twoLlcs() throws IOException {
        Path cpu = sys.resolve("devices/system/cpu");
        write(cpu.resolve("possible"), "0-3");
        write(cpu.resolve("online"), "0-3");
        for (int i = 0; i < 4; i++) {
            Path c = cpu.resolve("cpu" + i);
            write(c.resolve("topology/core_id"), String.valueOf(i));
            write(c.resolve("topology/physical_package_id"), String.valueOf(i / 2));
            write(c.resolve("topology/thread_siblings_list"), String.valueOf(i));
            write(c.resolve("cache/index2/level"), "2");
            write(c.resolve("cache/index2/type"), "Unified");
            write(c.resolve("cache/index2/shared_cpu_list"), String.valueOf(i));
            write(c.resolve("cache/index3/level"), "3");
            write(c.resolve("cache/index3/type"), "Unified");
            write(c.resolve("cache/index3/shared_cpu_list"), i < 2 ? "0-1" : "2-3");
        }
        return IdleTopology.read(sys);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text + "\n");
    }

    private static int at(GlobalData rodata, String array, int i) {
        return rodata.segment(array).getAtIndex(ValueLayout.JAVA_INT, i);
    }

    @Test
    void oneDomainPerLlcAndTheOptionsReachRodata() throws IOException {
        IdleTopology machine = twoLlcs();
        try (BpfObject obj = BpfObject.open("scx_rusty", new ScxRusty().objectBytes())) {
            GlobalData rodata = MachineFixture.configured(new ScxRusty(), obj, machine, "-g", "2",
                    "--greedy-threshold-x-numa", "3", "-r", "-k", "-f");
            assertThat(rodata.getInt("nr_doms")).isEqualTo(2);
            assertThat(List.of(at(rodata, "idle_cpu_llc", 0), at(rodata, "idle_cpu_llc", 1), at(rodata, "idle_cpu_llc", 2),
                    at(rodata, "idle_cpu_llc", 3))).as("each CPU's domain").containsExactly(0, 0, 1, 1);
            assertThat(at(rodata, "dom_node", 1)).isZero();
            assertThat(rodata.getInt("greedy_threshold")).isEqualTo(2);
            assertThat(rodata.getInt("greedy_threshold_x_numa")).isEqualTo(3);
            assertThat(rodata.getBoolean("direct_greedy_numa")).isTrue();
            assertThat(rodata.getBoolean("kthreads_local")).isTrue();
            assertThat(rodata.getBoolean("fifo_sched")).isTrue();
        }
        try (BpfObject obj = BpfObject.open("scx_rusty", new ScxRusty().objectBytes())) {
            GlobalData rodata = MachineFixture.configured(new ScxRusty(), obj, machine, "-C", "0x5", "0xa");
            assertThat(List.of(at(rodata, "idle_cpu_llc", 0), at(rodata, "idle_cpu_llc", 1), at(rodata, "idle_cpu_llc", 2),
                    at(rodata, "idle_cpu_llc", 3))).as("-C 0x5 0xa").containsExactly(0, 1, 0, 1);
            assertThat(rodata.getInt("greedy_threshold")).as("upstream's default").isEqualTo(1);
            assertThat(rodata.getBoolean("fifo_sched")).isFalse();
        }
    }

    @Test
    void otherCacheLevelsGroupBySharedCaches() throws IOException {
        IdleTopology machine = twoLlcs();
        assertThat(Domains.byCache(machine.topology(), 2, sys).cpus()).as("L2 per CPU")
                .containsExactly(CpuMask.of(0), CpuMask.of(1), CpuMask.of(2), CpuMask.of(3));
        assertThat(Domains.byCache(machine.topology(), 4, sys).cpus()).as("above the LLC: the LLCs")
                .containsExactly(CpuMask.of(0, 1), CpuMask.of(2, 3));
        assertThatThrownBy(() -> Domains.byCache(machine.topology(), 1, sys)).hasMessage("-c 1: CPU 0 has no level-1 cache");
    }

    @Test
    void badMasksAndValuesAreRefusedWithTheReason() throws IOException {
        IdleTopology machine = twoLlcs();
        assertThat(refusal(machine, "-C", "0x3", "0x6")).isEqualTo("-C 0x6: CPUs 1 are in another domain too");
        assertThat(refusal(machine, "-C", "0x3")).isEqualTo("-C leaves CPUs 2-3 in no domain");
        assertThat(refusal(machine, "-C", "0x30", "0xf")).isEqualTo("-C 0x30: names no CPU of this machine");
        assertThat(refusal(machine, "-C", "zz")).startsWith("-C zz: not a hexadecimal CPU mask");
        assertThat(refusal(machine, "-c", "2", "-C", "0xf")).isEqualTo("-c and -C exclude each other");
        assertThat(refusal(machine, "-u", "0")).startsWith("-u takes 1 to");
        assertThat(refusal(machine, "-i", "0")).startsWith("-i takes seconds above 0");
        assertThat(refusal(machine, "-I", "0.001")).startsWith("-I takes 0.01 to 3600 seconds");
        assertThat(refusal(machine, "-D", "101")).startsWith("-D takes a percentage");
        assertThat(refusal(machine, "-g", "-1")).startsWith("-g takes 0 (off) or more");
    }

    private static String refusal(IdleTopology machine, String... args) {
        ScxRusty rusty = new ScxRusty();
        new CommandLine(rusty).parseArgs(args);
        rusty.useMachine(machine);
        return rusty.checkOptions().orElseThrow();
    }
}
