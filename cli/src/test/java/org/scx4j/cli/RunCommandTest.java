package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code scx4j run} and {@code try} hand everything after the scheduler's name to the scheduler. */
class RunCommandTest {

    private static String captureOut(Runnable r) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void optionsAfterTheNameBelongToTheScheduler() {
        int[] rc = new int[1];
        String out = captureOut(() -> rc[0] = Main.commandLine().execute("run", "scx_simple", "-h"));
        assertThat(rc[0]).isZero();
        assertThat(out).contains("Usage: scx_simple").contains("-f").contains("FIFO");
        out = captureOut(() -> rc[0] = Main.commandLine().execute("run", "simple", "-V"));
        assertThat(out).contains("scx_simple (scx4j ");
    }

    @Test
    void helpBeforeTheNameIsTheCommandsOwn() {
        for (String command : new String[] {"run", "try", "vm"}) {
            int[] rc = new int[1];
            String out = captureOut(() -> rc[0] = Main.commandLine().execute(command, "--help"));
            assertThat(rc[0]).as(command).isZero();
            assertThat(out).startsWith("Usage: scx4j " + command).contains("Show this help and exit.");
        }
    }

    @Test
    void anUnknownSchedulerIsAnError() {
        assertThat(Main.commandLine().execute("run", "scx_nope")).isEqualTo(2);
        assertThat(Main.commandLine().execute("try", "scx_nope")).isEqualTo(2);
    }

    @Test
    void tryPassesOptionsAfterTheDoubleDashToTheScheduler() {
        var parsed = Main.commandLine().parseArgs("try", "scx_simple", "--duration", "5", "--workload", "cpu", "--", "-f");
        TryCommand t = (TryCommand) parsed.subcommand().commandSpec().userObject();
        assertThat(t.options).containsExactly("-f");
        assertThat(t.duration).isEqualTo(5);
        assertThat(t.workload).isEqualTo(TryWorkload.CPU);
        String[] argv = TryCommand.GuestJava.command(java.nio.file.Path.of("/x/scx4j.jar"), java.nio.file.Path.of("/t/libbpf.so.1"),
                "scx_simple", t.options);
        assertThat(argv[2]).contains("'-Dscx4j.libbpf=/t/libbpf.so.1'").contains("-jar '/x/scx4j.jar' run 'scx_simple' '-f' 2>&1");
    }
}
