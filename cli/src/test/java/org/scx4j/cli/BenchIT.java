package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.scx4j.cli.bench.Footprint;
import org.scx4j.cli.bench.Workload;
import org.scx4j.vm.junit.VmExtension;

/**
 * {@code scx4j bench} end to end: one VM boot, eevdf, scx_simple and two
 * external commands (one that runs scx_simple through a script, one that
 * cannot start), one run of every workload at a small size; and a bench whose
 * install in the guest fails, which stops before any run. The extension
 * only contributes the scx4j.vm=skip switch; the command boots its own VM as
 * a user's would.
 */
@ExtendWith(VmExtension.class)
class BenchIT {

    private static final String WRAPPED = "wrapped-simple";
    private static final String BROKEN = "broken";

    @Test
    void eevdfScxSimpleAndExternalCommandsSideBySide(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        Path chart = dir.resolve("bench.svg");
        // The guest mounts its own /tmp, so the jar the wrapper execs goes where the guest sees the host's files;
        // the scripts stay in the temporary folder, which the bench copies for the guest.
        Path visible = Files.createTempDirectory(Files.createDirectories(
                Path.of(System.getProperty("user.home"), ".cache", "scx4j")), "bench-it-");
        try {
            Path jar = Files.copy(Path.of(System.getProperty("scx4j.jar")), visible.resolve("scx4j.jar"));
            Path wrapped = script(dir.resolve("wrapped-simple.sh"), "exec '%s' --enable-native-access=ALL-UNNAMED -jar '%s' run scx_simple \"$@\""
                    .formatted(Path.of(System.getProperty("java.home"), "bin", "java"), jar));
            Path broken = script(dir.resolve("broken.sh"), "echo 'cannot start: this build has no BPF object' >&2\nexit 1");
            run(json, chart, "eevdf,scx_simple,ext:" + WRAPPED + "=" + wrapped + " -f,ext:" + BROKEN + "=" + broken);
        } finally {
            try (Stream<Path> files = Files.walk(visible)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
            }
        }
    }

    @Test
    void aFailedInstallInTheGuestStopsTheBenchBeforeAnyRun(@TempDir Path dir) throws Exception {
        // A whole jar whose main class is missing: `scx4j install` in the guest fails on both
        // attempts, as when its JVM crashes.
        Path noMain = dir.resolve("scx4j.jar");
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "org.scx4j.cli.NoSuchMain");
        new JarOutputStream(Files.newOutputStream(noMain), manifest).close();
        String jar = System.getProperty("scx4j.jar");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status;
        System.setProperty("scx4j.jar", noMain.toString());
        try {
            status = scx4j(out, err, "bench", "--schedulers", "eevdf,scx_simple", "--workloads", "messaging", "--runs", "1", "--scale", "0.15");
        } finally {
            if (jar == null) System.clearProperty("scx4j.jar"); else System.setProperty("scx4j.jar", jar);
        }
        assertThat(status).as("stderr:\n%s", err).isEqualTo(1);
        assertThat(err.toString()).contains("scx4j install in the guest failed twice; stopping before any run");
        assertThat(out.toString()).as("no table: nothing ran").doesNotContain("vs eevdf");
    }

    @SuppressWarnings("unchecked")
    private static void run(Path json, Path chart, String schedulers) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = scx4j(out, err, "bench", "--schedulers", schedulers, "--runs", "1", "--scale", "0.15", "--warmup", "2",
                "--json", json.toString(), "--chart", chart.toString());
        System.out.println(out);

        assertThat(status).as("exit status 1: the broken command's runs failed; stderr:\n%s\nstdout:\n%s", err, out).isEqualTo(1);
        String table = out.toString();
        assertThat(table).contains("2 vCPUs").contains("vs eevdf").contains("each after 2 s of warm-up load");
        for (Workload w : Workload.ALL) {
            assertThat(table).contains(w.name());
        }
        long rowsPerScheduler = Workload.ALL.stream().mapToLong(w -> w.figures().size() + Footprint.FIGURES.size()).sum();
        for (String s : List.of("scx_simple", WRAPPED)) {
            assertThat(table.lines().filter(l -> l.contains(s)).count()).as("one %s row per figure", s).isEqualTo(rowsPerScheduler);
        }
        assertThat(table.lines().filter(l -> l.contains(BROKEN)))
                .as("every row of the command that cannot start says so with its own words").hasSize((int) rowsPerScheduler)
                .allSatisfy(l -> assertThat(l).contains("failed").contains("cannot start: this build has no BPF object"));

        Map<String, Object> report = JSON.std.mapFrom(Files.readString(json));
        assertThat((Map<String, Object>) ((Map<String, Object>) report.get("plan")).get("external"))
                .containsOnlyKeys(WRAPPED, BROKEN).hasEntrySatisfying(WRAPPED, c -> assertThat((String) c).endsWith(" -f"));
        List<Map<String, Object>> runs = (List<Map<String, Object>>) report.get("runs");
        assertThat(runs).hasSize(Workload.ALL.size() * 4);
        for (Map<String, Object> run : runs) {
            String scheduler = (String) run.get("scheduler");
            if (scheduler.equals(BROKEN)) {
                assertThat(run.get("status")).as("run %s", run).isEqualTo("failed");
                assertThat((String) run.get("reason")).as("run %s", run).startsWith("failed to load:")
                        .contains("cannot start: this build has no BPF object");
                continue;
            }
            assertThat(run.get("status")).as("run %s", run).isEqualTo("ok");
            Workload w = Workload.named((String) run.get("workload")).orElseThrow();
            Map<String, Object> figures = (Map<String, Object>) run.get("figures");
            w.figures().forEach(f -> {
                assertThat(figures).as("%s of %s", f.name(), run).containsKey(f.name());
                double v = ((Number) figures.get(f.name())).doubleValue();
                // A count of misses can truly be zero; every measured time or index is positive.
                if (f.name().equals("misses")) {
                    assertThat(v).as("%s of %s", f.name(), run).isGreaterThanOrEqualTo(0);
                } else {
                    assertThat(v).as("%s of %s", f.name(), run).isPositive();
                }
            });
            List<String> samples = (List<String>) run.get("opsSamples");
            assertThat(samples).as("sched_ext samples of %s", run).isNotEmpty();
            if (scheduler.equals("eevdf")) {
                assertThat(samples).as("no sched_ext scheduler during eevdf runs").allMatch(s -> s.startsWith("disabled"));
                assertThat(figures).as("eevdf has no footprint").doesNotContainKeys("start", "cpu", "rss");
            } else {
                assertThat(samples).as("%s was the active scheduler throughout", scheduler).allMatch(s -> s.equals("enabled simple"));
                double start = ((Number) figures.get("start")).doubleValue();
                double cpu = ((Number) figures.get("cpu")).doubleValue();
                double rss = ((Number) figures.get("rss")).doubleValue();
                assertThat(start).as("seconds to load, %s", run).isPositive().isLessThan(180);
                assertThat(cpu).as("CPU seconds per second, %s", run).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(2.0);
                assertThat(rss).as("a JVM's peak MiB, %s", run).isGreaterThan(10).isLessThan(4096);
            }
        }
        List<Map<String, Object>> summary = (List<Map<String, Object>>) report.get("summary");
        // A figure has a ratio to eevdf exactly when eevdf's median is not zero (a count
        // of misses can be); the chart draws one bar per ratio and one per footprint median.
        Map<String, Double> eevdfMedians = new java.util.HashMap<>();
        summary.stream().filter(s -> s.get("scheduler").equals("eevdf")).forEach(s ->
                eevdfMedians.put(s.get("workload") + "/" + s.get("figure"), ((Number) s.get("median")).doubleValue()));
        long ratios = 0;
        long footprints = 0;
        for (Map<String, Object> s : summary) {
            if (s.get("scheduler").equals(BROKEN)) {
                assertThat(s).as("no figures for %s", s).doesNotContainKeys("median", "ratioToEevdf");
                continue;
            }
            if (Boolean.TRUE.equals(s.get("footprint"))) {
                assertThat(s).as("footprints are absolute: %s", s).containsKey("median").doesNotContainKey("ratioToEevdf");
                footprints++;
                continue;
            }
            if (s.get("scheduler").equals("eevdf")) continue;
            boolean eevdfNonZero = eevdfMedians.get(s.get("workload") + "/" + s.get("figure")) != 0;
            assertThat(s.containsKey("ratioToEevdf")).as("ratio present for %s", s).isEqualTo(eevdfNonZero);
            if (eevdfNonZero) ratios++;
        }
        assertThat(ratios).isGreaterThanOrEqualTo(2 * (Workload.ALL.stream().mapToLong(w -> w.figures().size()).sum() - 1));
        assertThat(footprints).isEqualTo(2L * Workload.ALL.size() * Footprint.FIGURES.size());

        var svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(chart.toFile());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg.getElementsByTagName("rect").getLength()).as("background plus one bar per ratio and per footprint")
                .isEqualTo(1 + (int) ratios + (int) footprints);
    }

    /** Runs the scx4j command line in this JVM, its output and errors into {@code out} and {@code err}. */
    private static int scx4j(StringWriter out, StringWriter err, String... args) {
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static Path script(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
