package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.scx4j.bpf.LibbpfLibrary;

/**
 * The README's first command, end to end: {@code scx4j try scx_simple} boots its own VM,
 * shows scx_simple active, streams its counters, stops it with SIGINT and sums up; the
 * scheduler runs on the libbpf the jar carries, not the system's.
 */
class TryVmIT {
    private static final Pattern ERROR_FILE = Pattern.compile("saved as:\\s*\\|?\\s*#\\s*(\\S+hs_err_pid\\d+\\.log)");

    @Test
    void tryScxSimpleShowsItActiveStreamsCountersAndStopsCleanly() throws Exception {
        assumeFalse("skip".equals(System.getProperty("scx4j.vm")), "VM tests skipped (-Dscx4j.vm=skip)");
        Process p = new ProcessBuilder(GuestScheduler.JAVA, "--enable-native-access=ALL-UNNAMED", "-jar",
                GuestScheduler.jar().toString(), "try", "scx_simple", "--duration", "8", "--workload", "messaging")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(out);
        if (out.contains(TryCommand.JVM_CRASH)) System.out.println("guest JVM crashed; its report:\n" + errorReport(out));
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("active     state enabled, ops simple")
                .containsPattern("\\| local=\\d+ global=\\d+")
                .contains("exit       EXIT: unregistered from user space")
                .containsPattern("workload   perf messaging: [1-9]\\d* runs")
                .contains("state now  disabled")
                .as("the scheduler ran on the jar's libbpf, as installed launchers do").contains("(libbpf " + bundledLibbpf() + ")");
    }

    /** The newest symbol version the jar's libbpf defines ("1.8" for LIBBPF_1.8.0): the version it reports. */
    private static String bundledLibbpf() throws Exception {
        Matcher m = Pattern.compile("LIBBPF_(\\d+)\\.(\\d+)\\.0").matcher(new String(LibbpfLibrary.bundled(), StandardCharsets.ISO_8859_1));
        int major = -1, minor = -1;
        while (m.find()) {
            int a = Integer.parseInt(m.group(1)), b = Integer.parseInt(m.group(2));
            if (a > major || a == major && b > minor) {
                major = a;
                minor = b;
            }
        }
        assertThat(major).as("a LIBBPF_ symbol version in the jar's libbpf").isPositive();
        return major + "." + minor;
    }

    /** The head of the crash report (signal, registers, thread), which the guest wrote into the shared folder. */
    private static String errorReport(String out) throws Exception {
        Matcher m = ERROR_FILE.matcher(out);
        if (!m.find()) return "(no report file named)";
        Path file = Path.of(m.group(1));
        if (!Files.isReadable(file)) return "(" + file + " is not readable here)";
        return String.join("\n", Files.readAllLines(file).stream().limit(120).toList());
    }
}
