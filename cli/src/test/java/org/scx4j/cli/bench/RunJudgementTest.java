package org.scx4j.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.scx4j.vm.Result;

/** Whether a run counts, from the same guest output shapes a real run returns. */
class RunJudgementTest {

    private static final Workload MESSAGING = new MessagingWorkload();
    private static final String PERF = "     Total time: 0.500 [sec]\n";
    private static final List<OpsSample> SIMPLE = List.of(OpsSample.parse("enabled simple"), OpsSample.parse("enabled simple"));
    private static final List<OpsSample> NONE = List.of(OpsSample.parse("disabled -"));
    private static final Optional<String> SIMPLE_OPS = Optional.of("simple");
    private static final GuestScheduler.Stopped CLEAN = new GuestScheduler.Stopped(new Result(0, "EXIT: unregistered from user space\n", ""), "disabled");

    @Test
    void aRunUnderItsSchedulerThroughoutIsMeasured() {
        RunOutcome o = BenchRunner.judge(MESSAGING, "scx_simple", SIMPLE_OPS, new Result(0, PERF, ""), null, PERF, SIMPLE, CLEAN);
        assertThat(o).isEqualTo(new RunOutcome.Measured(java.util.Map.of("time", 0.5)));
        assertThat(BenchRunner.judge(MESSAGING, "eevdf", Optional.empty(), new Result(0, PERF, ""), null, PERF, NONE, null))
                .isInstanceOf(RunOutcome.Measured.class);
    }

    @Test
    void aSchedulerThatExitedMidRunFailsWithItsExitLine() {
        List<OpsSample> samples = List.of(OpsSample.parse("enabled simple"), OpsSample.parse("disabled -"));
        var end = new GuestScheduler.Stopped(new Result(1, "local=12 global=3\n",
                "EXIT: runnable task stall (watchdog failed to check in for 30.0s)\n"), "disabled");
        RunOutcome o = BenchRunner.judge(MESSAGING, "scx_simple", SIMPLE_OPS, new Result(0, PERF, ""), null, PERF, samples, end);
        assertThat(o).isInstanceOfSatisfying(RunOutcome.Failed.class, f -> assertThat(f.reason())
                .contains("exited during the run").contains("disabled -").contains("EXIT: runnable task stall"));
    }

    @Test
    void aSchedulerMustExitOnSigintAndLeaveSchedExtDisabled() {
        var killed = new GuestScheduler.Stopped(new Result(137, "", "did not stop within 120 s of SIGINT; killed"), "disabled");
        assertThat(BenchRunner.judge(MESSAGING, "scx_simple", SIMPLE_OPS, new Result(0, PERF, ""), null, PERF, SIMPLE, killed))
                .isInstanceOfSatisfying(RunOutcome.Failed.class, f -> assertThat(f.reason()).startsWith("did not stop cleanly").contains("killed"));
        var leftBehind = new GuestScheduler.Stopped(new Result(0, "EXIT: unregistered from user space\n", ""), "enabled");
        assertThat(BenchRunner.judge(MESSAGING, "upstream-simple", SIMPLE_OPS, new Result(0, PERF, ""), null, PERF, SIMPLE, leftBehind))
                .isInstanceOfSatisfying(RunOutcome.Failed.class, f -> assertThat(f.reason())
                        .isEqualTo("did not stop cleanly: sched_ext still enabled 30 s after it exited; EXIT: unregistered from user space"));
        assertThat(new GuestScheduler.Stopped(new Result(130, "", ""), "disabled").clean()).as("killed by the SIGINT itself").isTrue();
    }

    @Test
    void anEevdfRunWhileASchedExtSchedulerIsLoadedDoesNotCount() {
        RunOutcome o = BenchRunner.judge(MESSAGING, "eevdf", Optional.empty(), new Result(0, PERF, ""), null, PERF, SIMPLE, null);
        assertThat(o).isInstanceOfSatisfying(RunOutcome.Failed.class, f -> assertThat(f.reason()).contains("enabled simple"));
    }

    @Test
    void aFailingWorkloadOrMissingSamplesFailTheRun() {
        assertThat(BenchRunner.judge(MESSAGING, "eevdf", Optional.empty(), new Result(127, "", "bash: perf: command not found\n"), null, "", NONE, null))
                .isInstanceOfSatisfying(RunOutcome.Failed.class, f -> assertThat(f.reason()).contains("status 127").contains("command not found"));
        assertThat(BenchRunner.judge(MESSAGING, "eevdf", Optional.empty(), new Result(0, PERF, ""), null, PERF, List.of(), null))
                .isInstanceOfSatisfying(RunOutcome.Failed.class, f -> assertThat(f.reason()).contains("no sched_ext samples"));
        assertThat(BenchRunner.judge(MESSAGING, "eevdf", Optional.empty(), new Result(137, "", ""), "the workload did not finish within 60 s", "", NONE, null))
                .isInstanceOfSatisfying(RunOutcome.Failed.class, f -> assertThat(f.reason()).contains("did not finish"));
    }

    @Test
    void anExternalSchedulerMustKeepTheOpsItLoadedWith() {
        List<OpsSample> swapped = List.of(OpsSample.parse("enabled simple"), OpsSample.parse("enabled central"));
        RunOutcome o = BenchRunner.judge(MESSAGING, "upstream-simple", SIMPLE_OPS, new Result(0, PERF, ""), null, PERF, swapped, CLEAN);
        assertThat(o).isInstanceOfSatisfying(RunOutcome.Failed.class, f -> assertThat(f.reason()).contains("enabled central"));
        assertThat(OpsSample.firstMismatch(SIMPLE, SIMPLE_OPS)).isEmpty();
        assertThat(OpsSample.firstMismatch(NONE, Optional.empty())).isEmpty();
        assertThat(OpsSample.firstMismatch(NONE, SIMPLE_OPS)).contains(OpsSample.parse("disabled -"));
    }

    @Test
    void aMeasuredRunGainsTheFootprintOrFailsWithoutIt() {
        String probe = """
                time start 1000000
                usage start 100000
                time end 3000000
                usage end 120000
                status 9 VmHWM:	 3072 kB
                """;
        RunOutcome measured = new RunOutcome.Measured(Map.of("time", 0.5));
        assertThat(BenchRunner.withFootprint(measured, 0.25, probe))
                .isEqualTo(new RunOutcome.Measured(Map.of("time", 0.5, "start", 0.25, "cpu", 0.01, "rss", 3.0)));
        assertThat(BenchRunner.withFootprint(measured, 0.25, ""))
                .isInstanceOfSatisfying(RunOutcome.Failed.class, f -> assertThat(f.reason()).contains("footprint could not be read"));
        RunOutcome failed = new RunOutcome.Failed("failed to load: cannot start: no BPF");
        assertThat(BenchRunner.withFootprint(failed, 0.25, probe)).isSameAs(failed);
    }

    @Test
    void opsNamesMatchSchedulersWithoutTheirPrefix() {
        assertThat(OpsSample.opsBelongsTo("simple", "scx_simple")).isTrue();
        assertThat(OpsSample.opsBelongsTo("scx_simple", "scx_simple")).isTrue();
        assertThat(OpsSample.opsBelongsTo("central", "scx_simple")).isFalse();
        assertThat(OpsSample.parse("enabled").ops()).isEqualTo("-");
    }

    @Test
    void exitLinePrefersTheExitMessage() {
        assertThat(GuestScheduler.exitLine(new Result(1, "stats\nEXIT: BPF scheduler unregistered\n", "more\n")))
                .isEqualTo("EXIT: BPF scheduler unregistered");
        assertThat(GuestScheduler.exitLine(new Result(1, "", "libbpf: failed to load object\nbye\n")))
                .isEqualTo("libbpf: failed to load object");
        assertThat(GuestScheduler.exitLine(new Result(2, "", ""))).isEqualTo("exit status 2");
    }

    @Test
    void exitLineNamesTheSignalAndFrameOfAJvmCrash() {
        String banner = """
                #
                # A fatal error has been detected by the Java Runtime Environment:
                #
                #  SIGSEGV (0xb) at pc=0x00007f3c, pid=412, tid=431
                #
                # JRE version: OpenJDK Runtime Environment (25.0.1+8) (build 25.0.1+8)
                # Problematic frame:
                # J 1432 c2 java.util.HashMap.getNode(Ljava/lang/Object;)Ljava/util/HashMap$Node; (150 bytes)
                #
                # An error report file with more information is saved as:
                # /tmp/hs_err_pid412.log
                [0.717s][warning][os] Loading hsdis library failed
                """;
        assertThat(GuestScheduler.exitLine(new Result(134, banner, "")))
                .isEqualTo("the JVM crashed: SIGSEGV (0xb) at pc=0x00007f3c, pid=412, tid=431;"
                        + " frame: J 1432 c2 java.util.HashMap.getNode(Ljava/lang/Object;)Ljava/util/HashMap$Node; (150 bytes)"
                        + " (exit status 134)");
    }
}
