package org.scx4j.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleLogTest {

    private static ConsoleLog fed(String console) {
        ConsoleLog log = new ConsoleLog();
        log.drain(new ByteArrayInputStream(console.getBytes(StandardCharsets.UTF_8)));
        log.awaitEnd(10_000);
        return log;
    }

    @Test
    void aPanicReportStartsAtTheOopsThatCausedIt() {
        ConsoleLog log = fed("""
                [   12.000000] sched_ext: BPF scheduler "javaland" enabled\r
                [  321.600000] BUG: kernel NULL pointer dereference, address: 0000000000000010\r
                [  321.600100] Oops: Oops: 0000 [#1] SMP NOPTI\r
                [  321.600200] RIP: 0010:pick_task_scx+0x1d/0x2a0\r
                [  321.600300] Call Trace:\r
                [  321.600400]  <IRQ>\r
                [  321.642907] Kernel panic - not syncing: Fatal exception in interrupt\r
                [  321.649100] Kernel Offset: disabled\r
                """);
        assertThat(log.panicked()).isTrue();
        String report = log.panicReport(40);
        assertThat(report).startsWith("[  321.600000] BUG: kernel NULL pointer dereference")
                .contains("RIP: 0010:pick_task_scx").contains("Kernel panic - not syncing").doesNotContain("enabled")
                .doesNotContain("\r");
    }

    @Test
    void aPanicWithoutAnOopsStartsAtThePanic() {
        String report = fed("""
                [    1.000000] Run /init as init process
                [    2.000000] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000100
                [    2.000100] Kernel Offset: disabled
                """).panicReport(40);
        assertThat(report).startsWith("[    2.000000] Kernel panic - not syncing: Attempted to kill init!")
                .endsWith("Kernel Offset: disabled");
    }
}
