package org.scx4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scx4j.core.fixture.FixtureTree;
import org.scx4j.core.sysfs.SchedExtSysfs;

/** Each pre-flight failure, on fixture /proc and /sys trees, says what is wrong and what to do. */
class PreflightTest {
    @TempDir
    Path tmp;
    FixtureTree proc, sys;

    @BeforeEach
    void machineThatPassesEverything() {
        proc = new FixtureTree(tmp.resolve("proc"))
                .file("self/status", "Name:\tjava\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0")
                .file("sys/kernel/osrelease", "7.3.4+deb13-amd64")
                .file("sys/net/core/bpf_jit_enable", "1");
        sys = new FixtureTree(tmp.resolve("sys")).file("kernel/sched_ext/state", "disabled")
                .file("kernel/sched_ext/hotplug_seq", "0");
    }

    private Preflight preflight() {
        return new Preflight(proc.root(), SchedExtSysfs.under(sys.root()), () -> "1.4");
    }

    @Test
    void aReadyMachinePassesAndReportsLibbpf() {
        assertThat(preflight().check("scx_simple", "6.12")).isEqualTo("1.4");
    }

    @Test
    void notRootSaysSo() {
        proc.file("self/status", "Uid:\t0\t1000\t1000\t1000");
        assertThatThrownBy(() -> preflight().check("scx_simple", "6.12")).isInstanceOf(PreflightException.class)
                .hasMessageContaining("scx_simple must run as root").hasMessageContaining("uid 1000");
    }

    @Test
    void noSchedExtNamesTheKernelOptionAndTheVm() {
        sys = new FixtureTree(tmp.resolve("empty-sys")).dir("kernel");
        assertThatThrownBy(() -> preflight().check("scx_simple", "6.12")).isInstanceOf(PreflightException.class)
                .hasMessageContaining("7.3.4+deb13-amd64").hasMessageContaining("CONFIG_SCHED_CLASS_EXT")
                .hasMessageContaining("scx4j try scx_simple").hasMessageContaining("scx4j vm");
    }

    @Test
    void anotherSchedulerIsNamed() {
        sys.file("kernel/sched_ext/state", "enabled").file("kernel/sched_ext/root/ops", "lavd_1.0.0");
        assertThatThrownBy(() -> preflight().check("scx_simple", "6.12")).isInstanceOf(PreflightException.class)
                .hasMessageContaining("already enabled: 'lavd_1.0.0'").hasMessageContaining("root/ops");
    }

    @Test
    void missingLibbpfIsReportedWithTheFix() {
        Preflight p = new Preflight(proc.root(), SchedExtSysfs.under(sys.root()), () -> {
            throw new IllegalStateException("libbpf.so.1 not found");
        });
        assertThatThrownBy(() -> p.check("scx_simple", "6.12")).isInstanceOf(PreflightException.class)
                .hasMessageContaining("libbpf.so.1 not found").hasMessageContaining("libbpf1 1.4");
    }

    @Test
    void disabledJitIsReportedWithTheFix() {
        proc.file("sys/net/core/bpf_jit_enable", "0");
        assertThatThrownBy(() -> preflight().check("scx_simple", "6.12")).isInstanceOf(PreflightException.class)
                .hasMessageContaining("BPF JIT is disabled").hasMessageContaining("echo 1 >");
    }

    @Test
    void aKernelOlderThanTheSchedulersMinimumIsRefusedWithBothVersions() {
        proc.file("sys/kernel/osrelease", "7.2.9+deb13-amd64");
        assertThatThrownBy(() -> preflight().check("scx_new", "7.3")).isInstanceOf(PreflightException.class)
                .hasMessageContaining("scx_new needs Linux 7.3 or newer; this kernel is 7.2.9+deb13-amd64");
        assertThat(preflight().check("scx_new", "7.2.9")).isEqualTo("1.4");
    }

    @Test
    void kernelVersionsCompareByNumberNotText() {
        assertThat(Preflight.atLeast("7.10.1+deb13-amd64", "7.9")).isTrue();
        assertThat(Preflight.atLeast("6.12.0-rc1", "6.12")).isTrue();
        assertThat(Preflight.atLeast("6.9.3", "6.12")).isFalse();
        assertThat(Preflight.atLeast("7.3", "7.3.1")).isFalse();
    }
}
