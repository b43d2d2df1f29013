package org.scx4j.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scx4j.bpf.LibbpfLibrary;
import org.scx4j.cli.GuestScheduler;
import org.scx4j.schedulers.DefaultsStart;
import org.scx4j.schedulers.Catalog;

/**
 * The kernel-independent half of the conformance contract, on the host, for every scheduler
 * in the catalog, through the launcher {@code scx4j install} writes for it (as in the guest):
 * {@code -V}, {@code -h}, {@code --help-stats}, a bad option refused in one line with exit 2,
 * the start-up cache it passes the JVM, and the libbpf it loads.
 */
class LauncherConventionsIT {
    @TempDir
    static Path prefix;
    private static Path bin;
    /** A stand-in for java that prints the arguments a launcher gives it, one a line. */
    private static Path printArguments;

    @BeforeAll
    static void install() throws Exception {
        Process p = new ProcessBuilder(GuestScheduler.JAVA, "--enable-native-access=ALL-UNNAMED", "-jar", GuestScheduler.jar().toString(),
                "install", "--prefix", prefix.toString(), "--unit-dir", prefix.resolve("unit").toString(), "--config",
                prefix.resolve("scx.default").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        bin = prefix.resolve("bin");
        printArguments = prefix.resolve("print-arguments");
        Files.writeString(printArguments, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(printArguments, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    record Ran(int exit, String out, String err) {}

    static Ran launch(String name, String... args) throws IOException, InterruptedException {
        String[] argv = new String[args.length + 1];
        argv[0] = bin.resolve(name).toString();
        System.arraycopy(args, 0, argv, 1, args.length);
        Process p = new ProcessBuilder(argv).start();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), new String(out), new String(err));
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

    /**
     * The launcher passes the cache trained for the way it is started: a start that skips
     * picocli ({@link DefaultsStart#takesDefaults}) the one trained without options.
     * Run through a stand-in java that prints the arguments it gets.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.scx4j.cli.conformance.ConformanceSuite#schedulers")
    void usesTheStartupCacheTrainedForItsStart(String name) throws Exception {
        Catalog.Kind kind = Catalog.require(name).kind();
        String base = "lib/scx4j/scx4j-" + kind.name().toLowerCase(Locale.ROOT);
        Path withOptions = prefix.resolve(base + ".aot"), defaults = prefix.resolve(base + "-defaults.aot");
        assertThat(withOptions).as("install trained it (the JVM wrote it)").isNotEmptyFile();
        assertThat(defaults).as("install trained it").isNotEmptyFile();
        for (String[] args : new String[][] {{}, {"-v"}, {"-v", "-v"}, {"--stats", "1"}}) {
            boolean skipsPicocli = DefaultsStart.takesDefaults(args);
            assertThat(javaArguments(name, args)).as("%s %s", name, String.join(" ", args))
                    .contains("-XX:AOTCache=" + (skipsPicocli ? defaults : withOptions))
                    .endsWith(Stream.concat(Stream.of("run", name), Stream.of(args)).toArray(String[]::new));
        }
    }

    /**
     * Every launcher loads the libbpf installed beside the jar, the one the jar carries, and
     * not the system's: it names that file to the JVM, and {@code scx4j --version} reports
     * the version that file itself reports.
     */
    @Test
    void loadsTheLibbpfInstalledBesideTheJar() throws Throwable {
        Path installed = prefix.resolve("lib/scx4j").resolve(LibbpfLibrary.FILE);
        assertThat(installed).hasBinaryContent(LibbpfLibrary.bundled());
        String option = "-D" + LibbpfLibrary.PROPERTY + "=" + installed;
        for (String name : Stream.concat(Stream.of("scx4j"), ConformanceSuite.schedulers()).toList()) {
            assertThat(javaArguments(name)).as(name).contains(option);
        }
        Ran v = launch("scx4j", "--version");
        assertThat(v.exit()).as(v.err()).isZero();
        assertThat(v.out()).contains("libbpf " + versionOf(installed) + ")");
    }

    /** "major.minor" as the shared object at {@code libbpf} reports it. */
    private static String versionOf(Path libbpf) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup library = SymbolLookup.libraryLookup(libbpf, arena);
            var returnsInt = FunctionDescriptor.of(ValueLayout.JAVA_INT);
            int major = (int) Linker.nativeLinker().downcallHandle(library.find("libbpf_major_version").orElseThrow(), returnsInt)
                    .invokeExact();
            int minor = (int) Linker.nativeLinker().downcallHandle(library.find("libbpf_minor_version").orElseThrow(), returnsInt)
                    .invokeExact();
            return major + "." + minor;
        }
    }

    private static List<String> javaArguments(String name, String... args) throws Exception {
        var command = new ArrayList<String>(List.of(bin.resolve(name).toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().put("SCX4J_JAVA", printArguments.toString());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return out.lines().toList();
    }
}
