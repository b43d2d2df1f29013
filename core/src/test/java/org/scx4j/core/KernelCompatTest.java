package org.scx4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scx4j.bpf.Btf;

/** Kernel values come from BTF; a kernel without sched_ext is refused with the option's name. */
class KernelCompatTest {

    @Test
    void theHostKernelWithoutSchedExtIsRefusedClearly() {
        assumeFalse(Files.exists(Path.of("/sys/kernel/sched_ext")), "this host has sched_ext");
        assertThatThrownBy(() -> KernelCompat.probe(Btf.vmlinux())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no struct sched_ext_ops").hasMessageContaining("CONFIG_SCHED_CLASS_EXT");
    }

    @Test
    void aValueTheKernelLacksIsNamed() {
        KernelCompat k = new KernelCompat(Map.of("SCX_SLICE_DFL", 20_000_000L), Map.of("scx_bpf_now", true));
        assertThat(k.value("SCX_SLICE_DFL")).isEqualTo(20_000_000L);
        assertThat(k.has("SCX_TASK_NONE")).isFalse();
        assertThat(k.hasKfunc("scx_bpf_now")).isTrue();
        assertThat(k.hasKfunc("scx_bpf_consume")).isFalse();
        assertThatThrownBy(() -> k.value("SCX_TASK_NONE")).hasMessageContaining("SCX_TASK_NONE");
    }
}
