package org.scx4j.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** libbpf's print callback lands in java.util.logging at the matching level; a missing libbpf says what to do. */
class LibbpfLogTest {
    static final class Collect extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Test
    void libbpfIsNewEnough() {
        String[] v = LibbpfLog.libbpfVersion().split("\\.");
        assertThat(Integer.parseInt(v[0]) * 100 + Integer.parseInt(v[1])).isGreaterThanOrEqualTo(104);
    }

    @Test
    void aMissingLibbpfFunctionSaysWhatToInstall() {
        Native.Fn missing = Native.bpf("scx4j_no_such_function");
        assertThatThrownBy(() -> Native.call(missing)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("run scripts/setup");
    }

    @Test
    void warningsArriveAsWarningsAndDebugOnlyWhenVerbose() {
        Collect collect = new Collect();
        LibbpfLog.logger().addHandler(collect);
        try {
            try (BpfObject o = BpfObject.openResource(LibbpfLogTest.class, "/bpf/rejected.bpf.o")) {
                try {
                    o.load();
                } catch (BpfException expected) {
                    // the log lines are what this test is about
                }
            }
            assertThat(collect.records).anyMatch(r -> r.getLevel() == Level.WARNING
                    && r.getMessage().contains("BEGIN PROG LOAD LOG"));
            assertThat(collect.records).noneMatch(r -> r.getLevel() == Level.FINE);

            LibbpfLog.setVerbose(true);
            GlobalsAndMapsTest.open().close();
            assertThat(collect.records).anyMatch(r -> r.getLevel() == Level.FINE && r.getMessage().startsWith("libbpf: "));
        } finally {
            LibbpfLog.setVerbose(false);
            LibbpfLog.logger().removeHandler(collect);
        }
    }
}
