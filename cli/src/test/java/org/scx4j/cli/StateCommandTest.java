package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code scx4j state} on sysfs-shaped fixture trees and on this host. */
class StateCommandTest {

    @TempDir
    Path root;

    private record Run(int exitCode, String out, String err) {
    }

    private Run state(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] argv = new String[args.length + 1];
        argv[0] = "state";
        System.arraycopy(args, 0, argv, 1, args.length);
        int code = cli.execute(argv);
        return new Run(code, out.toString(), err.toString());
    }

    private void file(String relative, String value) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, value + "\n");
    }

    /** Two SMT-2 cores sharing one L3 on one node. */
    private void fourCpus() throws IOException {
        file("devices/system/cpu/possible", "0-3");
        file("devices/system/cpu/online", "0-3");
        file("devices/system/node/node0/cpulist", "0-3");
        for (int cpu = 0; cpu < 4; cpu++) {
            String t = "devices/system/cpu/cpu" + cpu + "/";
            file(t + "topology/physical_package_id", "0");
            file(t + "topology/core_id", Integer.toString(cpu % 2));
            file(t + "topology/thread_siblings_list", (cpu % 2) + "," + (cpu % 2 + 2));
            file(t + "cache/index3/level", "3");
            file(t + "cache/index3/type", "Unified");
            file(t + "cache/index3/shared_cpu_list", "0-3");
        }
    }

    private void enabledSchedExt() throws IOException {
        file("kernel/sched_ext/state", "enabled");
        file("kernel/sched_ext/switch_all", "1");
        file("kernel/sched_ext/nr_rejected", "0");
        file("kernel/sched_ext/hotplug_seq", "2");
        file("kernel/sched_ext/enable_seq", "5");
        file("kernel/sched_ext/root/ops", "simple");
        file("kernel/sched_ext/root/events", "SCX_EV_SELECT_CPU_FALLBACK 1234\nSCX_EV_BYPASS_ACTIVATE 7");
    }

    @Test
    void enabledSchedulerIsShownAligned() throws IOException {
        fourCpus();
        enabledSchedExt();
        Run r = state("--sysfs-root", root.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).contains(
                "sched_ext    enabled",
                "ops          simple",
                "switch_all   yes (all tasks)",
                "enable_seq   5",
                "hotplug_seq  2",
                "nr_rejected  0",
                "events       SCX_EV_SELECT_CPU_FALLBACK  1234",
                "             SCX_EV_BYPASS_ACTIVATE         7",
                "cpus         0-3 online of 0-3 possible",
                "cores        2 (SMT on)",
                "llcs         1: 0-3",
                "nodes        1: node0 0-3");
    }

    @Test
    void disabledKernelSaysNoneAttached() throws IOException {
        fourCpus();
        enabledSchedExt();
        file("kernel/sched_ext/state", "disabled");
        file("kernel/sched_ext/switch_all", "0");
        Files.delete(root.resolve("kernel/sched_ext/root/ops"));
        Files.delete(root.resolve("kernel/sched_ext/root/events"));
        Run r = state("--sysfs-root", root.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("sched_ext    disabled\n", "ops          none\n", "switch_all   no (SCHED_EXT tasks only)\n")
                .doesNotContain("events");
    }

    @Test
    void kernelWithoutSchedExtNamesTheOptionAndTheVm() throws IOException {
        fourCpus();
        Run r = state("--sysfs-root", root.toString());
        assertThat(r.exitCode()).isEqualTo(StateCommand.NO_SCHED_EXT);
        assertThat(r.out()).contains("CONFIG_SCHED_CLASS_EXT", "scx4j vm").contains("cpus         0-3 online");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonCarriesTheSameFacts() throws IOException {
        fourCpus();
        enabledSchedExt();
        file("kernel/sched_ext/root/events", "SCX_EV_BYPASS_DURATION 18446744073709551615");
        Run r = state("--sysfs-root", root.toString(), "--json");
        assertThat(r.exitCode()).isZero();
        Map<String, Object> json = JSON.std.mapFrom(r.out());
        Map<String, Object> scx = (Map<String, Object>) json.get("sched_ext");
        assertThat(scx).containsEntry("present", true).containsEntry("state", "enabled").containsEntry("ops", "simple")
                .containsEntry("switch_all", true).containsEntry("enable_seq", 5);
        assertThat(((Map<String, Object>) scx.get("events")).get("SCX_EV_BYPASS_DURATION").toString())
                .isEqualTo("18446744073709551615");
        Map<String, Object> topo = (Map<String, Object>) json.get("topology");
        assertThat(topo).containsEntry("online", "0-3").containsEntry("nr_cpu_ids", 4).containsEntry("smt", true);
        assertThat((List<Object>) topo.get("cpus")).hasSize(4);
        assertThat((List<Object>) topo.get("cores")).hasSize(2);
        assertThat(((List<Map<String, Object>>) topo.get("cpus")).get(3)).containsEntry("siblings", "1,3").containsEntry("core", 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonWithoutSchedExtSaysNotPresent() throws IOException {
        fourCpus();
        Run r = state("--sysfs-root", root.toString(), "--json");
        assertThat(r.exitCode()).isEqualTo(StateCommand.NO_SCHED_EXT);
        Map<String, Object> scx = (Map<String, Object>) JSON.std.mapFrom(r.out()).get("sched_ext");
        assertThat(scx).containsEntry("present", false).containsEntry("missing_kernel_option", "CONFIG_SCHED_CLASS_EXT");
    }

    @Test
    void aRootThatIsNotSysfsIsAClearError() {
        Run r = state("--sysfs-root", root.resolve("nowhere").toString());
        assertThat(r.exitCode()).isEqualTo(StateCommand.UNREADABLE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("scx4j state: no CPU topology under").contains("devices/system/cpu/possible is missing");
    }

    @Test
    void thisHostIsReportedAsItIs() {
        boolean hasSchedExt = Files.isDirectory(Path.of("/sys/kernel/sched_ext"));
        Run r = state();
        assertThat(r.exitCode()).isEqualTo(hasSchedExt ? 0 : StateCommand.NO_SCHED_EXT);
        assertThat(r.out()).contains("cpus ");
        if (!hasSchedExt) {
            assertThat(r.out()).contains("not available", "CONFIG_SCHED_CLASS_EXT");
        }
    }
}
