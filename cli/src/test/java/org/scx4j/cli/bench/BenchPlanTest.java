package org.scx4j.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchPlanTest {

    private static final List<String> KNOWN = List.of("scx_simple", "scx_central");

    @Test
    void defaultsAreEevdfAndScxSimpleOverEveryWorkload() {
        BenchPlan plan = BenchPlan.of(List.of(), List.of(), 3, 2, 1.0, 10, KNOWN);
        assertThat(plan.schedulers()).containsExactly("eevdf", "scx_simple");
        assertThat(plan.workloadNames()).containsExactly("messaging", "wakeup-latency", "fairness", "interactive");
    }

    @Test
    void eevdfIsAlwaysFirstAndCommaListsAreSplit() {
        BenchPlan plan = BenchPlan.of(List.of("scx_central, scx_simple", "eevdf"), List.of("fairness,messaging"), 1, 1, 0.5, 0, KNOWN);
        assertThat(plan.schedulers()).containsExactly("eevdf", "scx_central", "scx_simple");
        assertThat(plan.workloadNames()).containsExactly("fairness", "messaging");
    }

    @Test
    void everyBadValueIsReportedAtOnceWithWhatToDo() {
        BenchPlanException e = catchThrowableOfType(BenchPlanException.class,
                () -> BenchPlan.of(List.of("scx_nope"), List.of("disk"), 0, 0, 0, -1, KNOWN));
        assertThat(e.problems()).hasSize(6);
        assertThat(e.problems().get(0)).contains("unknown scheduler 'scx_nope'").contains("eevdf, scx_central, scx_simple").contains("scx4j list");
        assertThat(e.problems().get(1)).contains("unknown workload 'disk'").contains("messaging, wakeup-latency, fairness, interactive");
        assertThat(e.problems().get(2)).contains("--runs must be between 1 and 100, got 0");
        assertThat(e.problems().get(3)).contains("--cpus");
        assertThat(e.problems().get(4)).contains("--scale");
        assertThat(e.problems().get(5)).contains("--warmup must be between 0 and 600 seconds, got -1");
    }

    @Test
    void externalCommandsRunUnderTheirLabelsBesideCatalogSchedulers(@TempDir Path dir) throws Exception {
        Path upstream = executable(dir.resolve("scx_simple"));
        BenchPlan plan = BenchPlan.of(List.of("eevdf,scx_simple,ext:upstream-simple=" + upstream, "ext:c-fifo=" + upstream + " -f"),
                List.of("messaging"), 1, 2, 1.0, 0, KNOWN);
        assertThat(plan.schedulers()).containsExactly("eevdf", "scx_simple", "upstream-simple", "c-fifo");
        assertThat(plan.external("c-fifo").orElseThrow().command()).containsExactly(upstream.toString(), "-f");
        assertThat(plan.external("scx_simple")).isEmpty();
        assertThat(plan.needsJar()).isTrue();
        BenchPlan onlyExternal = BenchPlan.of(List.of("ext:upstream-simple=" + upstream), List.of(), 1, 2, 1.0, 0, KNOWN);
        assertThat(onlyExternal.schedulers()).containsExactly("eevdf", "upstream-simple");
        assertThat(onlyExternal.needsJar()).as("no catalog scheduler: the jar is not needed").isFalse();
    }

    @Test
    void externalCommandsAreCheckedOnTheHostBeforeTheBoot(@TempDir Path dir) throws Exception {
        Path upstream = executable(dir.resolve("scx_simple"));
        Path notExecutable = Files.writeString(dir.resolve("scx_plain"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rw-r--r--"));
        BenchPlanException e = catchThrowableOfType(BenchPlanException.class, () -> BenchPlan.of(List.of(
                "ext:missing=" + dir.resolve("scx_missing") + " -f",
                "ext:plain=" + notExecutable,
                "ext:scx_central=" + upstream,
                "ext:eevdf=" + upstream,
                "ext:twice=" + upstream,
                "ext:twice=" + upstream + " -f",
                "ext:nolabel"), List.of(), 1, 2, 1.0, 0, KNOWN));
        assertThat(e.problems()).hasSize(6);
        assertThat(e.problems().get(0)).contains("ext:missing").contains(dir.resolve("scx_missing") + " does not exist on the host");
        assertThat(e.problems().get(1)).contains("ext:plain").contains("is not executable");
        assertThat(e.problems().get(2)).contains("ext:scx_central").contains("the name of the scheduler scx_central");
        assertThat(e.problems().get(3)).contains("ext:eevdf").contains("the name of the scheduler eevdf");
        assertThat(e.problems().get(4)).contains("ext:twice").contains("given twice");
        assertThat(e.problems().get(5)).contains("ext:LABEL=COMMAND");
    }

    private static Path executable(Path file) throws Exception {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
