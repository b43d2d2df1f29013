package org.scx4j.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scx4j.cli.GuestScheduler;

/**
 * The kernel-independent half of the conformance contract, on the host through each
 * scheduler's {@code bin/scx_NAME} launcher, for every scheduler in the catalog: {@code -V},
 * {@code -h}, {@code --help-stats}, and a bad option refused in one line with exit 2.
 */
class LauncherConventionsIT {
    private static final Path BIN = GuestScheduler.jar().getParent().getParent().getParent().resolve("bin");

    record Ran(int exit, String out, String err) {}

    static Ran launch(String name, String... args) throws IOException, InterruptedException {
        String[] argv = new String[args.length + 1];
        argv[0] = BIN.resolve(name).toString();
        System.arraycopy(args, 0, argv, 1, args.length);
        Process p = new ProcessBuilder(argv).start();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), new String(out), new String(err));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.scx4j.cli.conformance.ConformanceSuite#schedulers")
    void hasALauncher(String name) {
        assertThat(BIN.resolve(name)).as("bin/%s (ln -s scx_launcher bin/%s)", name, name).isExecutable();
        assertThat(Files.isSymbolicLink(BIN.resolve(name))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.scx4j.cli.conformance.ConformanceSuite#schedulers")
    void versionAndHelp(String name) throws Exception {
        Ran v = launch(name, "-V");
        assertThat(v.exit()).as(v.err()).isZero();
        assertThat(v.out().strip()).matches(name + " \\(scx4j \\d+\\.\\d+\\.\\d+.*\\)");
        Ran h = launch(name, "-h");
        assertThat(h.exit()).as(h.err()).isZero();
        assertThat(h.out()).startsWith("Usage: " + name).contains("--help-stats").contains("--stats").contains("--monitor");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.scx4j.cli.conformance.ConformanceSuite#schedulers")
    void aBadOptionIsOneLineNamingItAndExit2(String name) throws Exception {
        Ran r = launch(name, "--no-such-option");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith(name + ": ").contains("'--no-such-option'").contains(name + " --help");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.scx4j.cli.conformance.ConformanceSuite#schedulers")
    void helpStatsListsItsMetrics(String name) throws Exception {
        Ran r = launch(name, "--help-stats");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.matches("\\s*[a-z_][a-z0-9_]*\\s+.+")).count()).as(r.out()).isPositive();
    }
}
