package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scx4j.cli.GuestScheduler.awaitEnabled;
import static org.scx4j.cli.GuestScheduler.awaitLines;
import static org.scx4j.cli.GuestScheduler.ops;
import static org.scx4j.cli.GuestScheduler.scx4j;
import static org.scx4j.cli.GuestScheduler.state;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;
import org.scx4j.vm.junit.VmConfig;
import org.scx4j.vm.junit.VmExtension;

/**
 * What is specific to scx_simple in a real sched_ext kernel (one VM boot for the class;
 * the conformance suite covers its default mode, stress, hotplug and stop): FIFO mode
 * schedules tasks, it refuses to start beside another scheduler or without root, a load
 * that fails in libbpf says libbpf's reason, and a SIGINT that comes while it is still
 * starting stops it before it attaches.
 */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 2, memoryMiB = 2048)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScxSimpleVmIT {
    private static final Pattern COUNTERS = Pattern.compile("local=(\\d+) global=(\\d+)");

    private Spawned running;

    @AfterEach
    void stopLeftover() {
        GuestScheduler.stopLeftover(running);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void fifoModeLoadsSchedulesTasksAndStopsCleanly(Vm vm) {
        loadsSchedulesAndStops(vm, "-f");
    }

    private void loadsSchedulesAndStops(Vm vm, String... options) {
        running = vm.spawn(scx4j(concat("run", "scx_simple", options)));
        awaitEnabled(vm, running);
        assertThat(ops(vm)).isEqualTo("simple");
        String sched = vm.run("cat", "/proc/self/sched").stdout();
        assertThat(sched).as("a task started now runs under sched_ext").containsPattern("ext\\.enabled\\s*:\\s*1");
        List<String> lines = awaitLines(running, "local=\\d+ global=\\d+", 3, Duration.ofSeconds(60));
        long first = total(lines.get(0)), last = total(lines.get(lines.size() - 1));
        assertThat(last).as("counters grow: %s", lines).isGreaterThan(first);

        Result r = GuestScheduler.stopCleanly(vm, running);
        assertThat(r.stdout()).contains("EXIT: ");
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void secondSchedulerFailsClearlyAndLeavesTheFirstRunning(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_simple"));
        awaitEnabled(vm, running);
        Result second = vm.run(Duration.ofMinutes(3), scx4j("run", "scx_simple", "-f"));
        assertThat(second.exitCode()).isNotZero();
        assertThat(second.stdout()).contains("another sched_ext scheduler is already enabled: 'simple'");
        assertThat(state(vm)).isEqualTo("enabled");
        assertThat(ops(vm)).isEqualTo("simple");
        assertThat(running.isDone()).as("the first scheduler is still running").isFalse();
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void nonRootFailsClearly(Vm vm) {
        List<String> words = new java.util.ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        words.addAll(List.of(GuestScheduler.JAVA, "--enable-native-access=ALL-UNNAMED", "-jar",
                GuestScheduler.jar().toString(), "run", "scx_simple"));
        Result r = vm.run(Duration.ofMinutes(3), GuestScheduler.shMerged(words));
        assertThat(r.exitCode()).as(r.stdout()).isNotZero();
        assertThat(r.stdout()).contains("scx_simple must run as root");
        assertThat(state(vm)).isEqualTo("disabled");
    }

    /**
     * With -v: libbpf's own debug lines, then each start-up step with its time since the
     * process started, in the order a start takes them, ending with the attach. Kernel values
     * kept from an earlier start are read before the checks that wait for libbpf; without
     * them, libbpf probes the kernel's BTF after those checks.
     */
    @Test
    @org.junit.jupiter.api.Order(6)
    void verboseShowsLibbpfsLogAndEachStartupStep(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_simple", "-v"));
        awaitLines(running, "scx_simple: attached as 'simple' in \\d+ ms from process start .*", 1, Duration.ofMinutes(3));
        String out = GuestScheduler.stopCleanly(vm, running).stdout();
        assertThat(out).contains("libbpf: loading object 'scx_simple' from buffer");
        List<String> steps = out.lines().filter(l -> l.startsWith("scx_simple: start-up ")).toList();
        String preflight = "preflight checks (libbpf " + libbpfVersion(out) + ")";
        boolean kept = out.contains("  kernel values read from ");
        assertThat(steps).as(out).extracting(l -> l.replaceFirst("^scx_simple: start-up +\\d+ ms  \\+ *\\d+ ms  ", "")
                        .replaceFirst("^(kernel values read from .*|kernel BTF probed)$", "kernel values"))
                .containsExactly("JVM started, main entered", "command line parsed", "BPF object read",
                        kept ? "kernel values" : preflight, kept ? preflight : "kernel values", "BPF object opened",
                        "BPF object loaded (verifier)", "ready to attach", "attached");
        List<Long> at = steps.stream().map(l -> Long.parseLong(l.split(" +")[2])).toList();
        assertThat(at).as(out).isSorted().allMatch(ms -> ms >= 0);
    }

    private static String libbpfVersion(String out) {
        Matcher m = Pattern.compile("\\(libbpf (\\d+\\.\\d+)\\)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    /**
     * Too few file descriptors for its maps and programs: the load fails inside libbpf. A
     * start without -v keeps libbpf's log off until something fails, then starts again with
     * it, so the error still carries libbpf's own lines.
     */
    @Test
    @org.junit.jupiter.api.Order(5)
    void aLoadThatFailsInLibbpfShowsLibbpfsReason(Vm vm) {
        List<String> words = List.of(GuestScheduler.JAVA, "--enable-native-access=ALL-UNNAMED", "-jar",
                TryCommand.GuestJava.quote(GuestScheduler.jar().toString()), "run", "scx_simple");
        Result r = vm.run(Duration.ofMinutes(3), "sh", "-c", "ulimit -n 12; exec " + String.join(" ", words) + " 2>&1");
        assertThat(r.exitCode()).as(r.stdout()).isEqualTo(1);
        assertThat(r.stdout()).as(r.stdout()).contains("scx_simple: loading BPF object 'scx_simple' failed: ")
                .containsPattern("libbpf log \\(last lines\\):\n  libbpf: ");
        assertThat(state(vm)).isEqualTo("disabled");
    }

    /**
     * Started from a script, SIGINT is inherited as ignored; the launcher catches it from its
     * first steps on, so a Ctrl-C during the seconds of a start is not lost. The script
     * waits until the process catches SIGINT (its SigCgt mask), then sends it.
     */
    @Test
    @org.junit.jupiter.api.Order(1)
    void sigintWhileStartingEndsItBeforeAttaching(Vm vm) {
        String script = String.join("\n",
                "java_cmd " + " > /tmp/early.out 2>&1 &",
                "pid=$!",
                "echo ignored=$(( 0x$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$pid/status) & 2 ))",
                "until [ $(( 0x$(sed -n 's/^SigCgt:[[:space:]]*//p' /proc/$pid/status) & 2 )) -ne 0 ]; do sleep 0.05; done",
                "echo before=$(cat /sys/kernel/sched_ext/state)",
                "kill -INT $pid; wait $pid; echo exit=$?",
                "echo after=$(cat /sys/kernel/sched_ext/state)",
                "cat /tmp/early.out");
        String java = String.join(" ", GuestScheduler.JAVA, "--enable-native-access=ALL-UNNAMED", "-jar",
                TryCommand.GuestJava.quote(GuestScheduler.jar().toString()), "run", "scx_simple");
        Result r = vm.run(Duration.ofMinutes(3), "sh", "-c", script.replace("java_cmd", java));
        String out = r.stdout();
        assertThat(out).as("the script's background job starts with SIGINT ignored").contains("ignored=2");
        assertThat(out).as(out).contains("before=disabled", "exit=0", "after=disabled",
                "scx_simple: SIGINT while starting; not attached");
        assertThat(out).as(out).doesNotContain("attached as");
    }

    private static long total(String line) {
        Matcher m = COUNTERS.matcher(line);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1)) + Long.parseLong(m.group(2));
    }

    private static String[] concat(String a, String b, String... rest) {
        String[] all = new String[rest.length + 2];
        all[0] = a;
        all[1] = b;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }
}
