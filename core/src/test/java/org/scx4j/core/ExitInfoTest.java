package org.scx4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an exit means: its line, its process exit code, and the kernel values it is judged by. */
class ExitInfoTest {
    static final KernelCompat KERNEL = new KernelCompat(Map.of("SCX_EXIT_UNREG", 64L, "SCX_EXIT_ERROR", 1024L,
            "SCX_EXIT_ERROR_STALL", 1026L, "SCX_ECODE_ACT_RESTART", 1L << 48, "SCX_ECODE_RSN_HOTPLUG", 1L << 32), Map.of());

    @Test
    void aUserStopIsCleanAndPrintsTheUpstreamLine() {
        ExitInfo e = new ExitInfo(64, KERNEL.exitKindName(64), 0, "unregistered from user space", "", "", false, false);
        assertThat(e.exitLine()).isEqualTo("EXIT: unregistered from user space");
        assertThat(e.processExitCode()).isZero();
        assertThat(e.kindName()).isEqualTo("SCX_EXIT_UNREG");
    }

    @Test
    void aStallIsAnErrorWithItsMessage() {
        assertThat(KERNEL.isErrorKind(1026)).isTrue();
        assertThat(KERNEL.isErrorKind(64)).isFalse();
        ExitInfo e = new ExitInfo(1026, KERNEL.exitKindName(1026), 0, "runnable task stall", "sh[42] failed to run for 3s",
                "dump", true, false);
        assertThat(e.exitLine()).isEqualTo("EXIT: runnable task stall (sh[42] failed to run for 3s)");
        assertThat(e.processExitCode()).isEqualTo(1);
    }

    @Test
    void theHotplugCodeAsksForARestart() {
        assertThat(KERNEL.asksRestart((1L << 48) | (1L << 32))).isTrue();
        assertThat(KERNEL.asksRestart(1L << 32)).isFalse();
        assertThat(KERNEL.exitKindName(4242)).isEqualTo("4242");
    }

    @Test
    void cStringsStopAtTheFirstNul() {
        byte[] raw = new byte[16];
        byte[] text = "abc".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, raw, 0, 3);
        raw[5] = 'x';
        assertThat(ExitInfo.cString(raw)).isEqualTo("abc");
        assertThat(ExitInfo.cString(new byte[0])).isEmpty();
    }
}
