package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * Bad options are rejected with a clear message and status 2 before any VM
 * boots (a boot would print "vm:" steps and take seconds; these return at once).
 */
class BenchCommandTest {

    private record Outcome(int status, String out, String err) {}

    private static Outcome bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        int status = cli.execute(all);
        return new Outcome(status, out.toString(), err.toString());
    }

    @Test
    void unknownSchedulerIsRejected() {
        Outcome o = bench("--schedulers", "eevdf,scx_nosuch");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("unknown scheduler 'scx_nosuch'").contains("scx_simple").doesNotContain("vm:");
        assertThat(o.out()).isEmpty();
    }

    @Test
    void unknownWorkloadIsRejected() {
        Outcome o = bench("--workloads", "messaging,compile");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("unknown workload 'compile'").contains("wakeup-latency");
    }

    @Test
    void zeroRunsIsRejected() {
        Outcome o = bench("--runs", "0");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("--runs must be between 1 and 100, got 0");
    }

    @Test
    void anExternalCommandThatIsNotOnTheHostIsRejectedBeforeTheBoot() {
        Outcome o = bench("--schedulers", "eevdf,ext:upstream-simple=/nonexistent-folder/scx_simple -f");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("ext:upstream-simple: command /nonexistent-folder/scx_simple does not exist on the host")
                .doesNotContain("vm:");
        assertThat(o.out()).isEmpty();
    }

    @Test
    void aMalformedExternalEntryShowsTheSyntax() {
        Outcome o = bench("--schedulers", "ext:/usr/sbin/scx_simple");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("ext:LABEL=COMMAND");
    }

    @Test
    void aReportFileInAMissingFolderIsRejectedBeforeTheBoot() {
        Outcome o = bench("--json", "/nonexistent-folder/bench.json");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("--json").contains("does not exist");
    }

    @Test
    void helpDescribesEveryWorkload() {
        Outcome o = bench("--help");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("messaging").contains("wakeup-latency").contains("fairness").contains("interactive").contains("--runs")
                .contains("ext:LABEL=COMMAND").contains("rss");
    }
}
