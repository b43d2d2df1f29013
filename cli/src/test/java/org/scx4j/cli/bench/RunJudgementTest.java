package org.scx4j.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.scx4j.vm.Result;

/** Whether a run counts, from the same guest output shapes a real run returns. */
class RunJudgementTest {

    private static final Workload MESSAGING = new MessagingWorkload();
    private static final String PERF = "     Total time: 0.500 [sec]\n";
    private static final List<OpsSample> SIMPLE = List.of(OpsSample.parse("enabled simple"), OpsSample.parse("enabled simple"));
    private static final List<OpsSample> NONE = List.of(OpsSample.parse("disabled -"));

    @Test
    void aRunUnderItsSchedulerThroughoutIsMeasured() {
        RunOutcome o = BenchRunner.judge(MESSAGING, "scx_simple", new Result(0, PERF, ""), null, PERF, SIMPLE, new Result(0, "", ""));
        assertThat(o).isEqualTo(new RunOutcome.Measured(java.util.Map.of("time", 0.5)));
        assertThat(BenchRunner.judge(MESSAGING, "eevdf", new Result(0, PERF, ""), null, PERF, NONE, null))
                .isInstanceOf(RunOutcome.Measured.class);
    }

    @Test
    void aSchedulerThatExitedMidRunFailsWithItsExitLine() {
        List<OpsSample> samples = List.of(OpsSample.parse("enabled simple"), OpsSample.parse("disabled -"));
        Result end = new Result(1, "local=12 global=3\n", "EXIT: runnable task stall (watchdog failed to check in for 30.0s)\n");
        RunOutcome o = BenchRunner.judge(MESSAGING, "scx_simple", new Result(0, PERF, ""), null, PERF, samples, end);
        assertThat(o).isInstanceOfSatisfying(RunOutcome.Failed.class, f -> assertThat(f.reason())
                .contains("exited during the run").contains("disabled -").contains("EXIT: runnable task stall"));
    }

    @Test
    void anEevdfRunWhileASchedExtSchedulerIsLoadedDoesNotCount() {
        RunOutcome o = BenchRunner.judge(MESSAGING, "eevdf", new Result(0, PERF, ""), null, PERF, SIMPLE, null);
        assertThat(o).isInstanceOfSatisfying(RunOutcome.Failed.class, f -> assertThat(f.reason()).contains("enabled simple"));
    }

    @Test
    void aFailingWorkloadOrMissingSamplesFailTheRun() {
        assertThat(BenchRunner.judge(MESSAGING, "eevdf", new Result(127, "", "bash: perf: command not found\n"), null, "", NONE, null))
                .isInstanceOfSatisfying(RunOutcome.Failed.class, f -> assertThat(f.reason()).contains("status 127").contains("command not found"));
        assertThat(BenchRunner.judge(MESSAGING, "eevdf", new Result(0, PERF, ""), null, PERF, List.of(), null))
                .isInstanceOfSatisfying(RunOutcome.Failed.class, f -> assertThat(f.reason()).contains("no sched_ext samples"));
        assertThat(BenchRunner.judge(MESSAGING, "eevdf", new Result(137, "", ""), "the workload did not finish within 60 s", "", NONE, null))
                .isInstanceOfSatisfying(RunOutcome.Failed.class, f -> assertThat(f.reason()).contains("did not finish"));
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
}
