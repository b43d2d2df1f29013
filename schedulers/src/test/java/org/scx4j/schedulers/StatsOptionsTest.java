package org.scx4j.schedulers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every scheduler in the catalog takes the stats options, without loading anything. */
class StatsOptionsTest {

    record Run(int code, String out, String err) {}

    static Run run(Catalog.Entry entry, String... args) {
        PrintStream out = System.out, err = System.err;
        var outBytes = new ByteArrayOutputStream();
        var errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            int code = entry.run(args);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void everySchedulerDescribesItsStats() {
        assertThat(Catalog.all()).isNotEmpty();
        for (var entry : Catalog.all()) {
            var r = run(entry, "--help-stats");
            assertThat(r.code()).as(entry.name() + ": " + r.err()).isZero();
            assertThat(r.out()).as(entry.name()).startsWith("[" + entry.name() + "] ")
                    .containsPattern("(?m)^  [a-z_]+ +\\((u64|i64|float|string)[^)]*\\) : .+$");
        }
    }

    @Test
    void everySchedulerListsTheStatsOptions() {
        for (var entry : Catalog.all()) {
            var r = run(entry, "--help");
            assertThat(r.out()).as(entry.name()).contains("--stats=SECS").contains("--monitor=SECS")
                    .contains("--help-stats").contains("--stats-socket=PATH").contains("--stats-group=GROUP");
        }
    }

    @Test
    void aBadIntervalIsAClearError() {
        var r = run(Catalog.all().getFirst(), "--monitor", "-1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--monitor takes seconds between 0.01 and 86400");
    }
}
