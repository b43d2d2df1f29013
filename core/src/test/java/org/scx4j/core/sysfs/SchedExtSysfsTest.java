package org.scx4j.core.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.scx4j.core.fixture.FixtureTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SchedExtSysfs} against fixture trees of each kernel situation, and against this host. */
class SchedExtSysfsTest {

    @TempDir
    Path root;

    private FixtureTree disabled() {
        return new FixtureTree(root)
                .file("kernel/sched_ext/state", "disabled")
                .file("kernel/sched_ext/switch_all", "0")
                .file("kernel/sched_ext/nr_rejected", "0")
                .file("kernel/sched_ext/hotplug_seq", "3")
                .file("kernel/sched_ext/enable_seq", "7");
    }

    @Test
    void absentDirectoryMeansNoSchedExt() {
        SchedExtSysfs s = SchedExtSysfs.under(root);
        assertThat(s.present()).isFalse();
        assertThatThrownBy(s::state).isInstanceOf(SysfsException.class)
                .hasMessageContaining("no sched_ext")
                .hasMessageContaining("CONFIG_SCHED_CLASS_EXT=y")
                .hasMessageContaining("scx4j vm");
        assertThatThrownBy(s::status).isInstanceOf(SysfsException.class);
    }

    @Test
    void disabledKernelHasNoOpsAndNoEvents() {
        disabled();
        SchedExtSysfs s = SchedExtSysfs.under(root);
        assertThat(s.present()).isTrue();
        assertThat(s.state()).isEqualTo(SchedExtState.DISABLED);
        assertThat(s.currentOps()).isEmpty();
        assertThat(s.events()).isEmpty();
        assertThat(s.switchAll()).isFalse();
        assertThat(s.hotplugSeq()).isEqualTo(3);
        assertThat(s.enableSeq()).isEqualTo(7);
        assertThat(s.status().enableSeq()).hasValue(7);
    }

    @Test
    void enabledKernelShowsOpsAndEventsInOrder() {
        disabled().file("kernel/sched_ext/state", "enabled")
                .file("kernel/sched_ext/switch_all", "1")
                .file("kernel/sched_ext/nr_rejected", "2")
                .file("kernel/sched_ext/root/ops", "simple")
                .file("kernel/sched_ext/root/events", """
                        SCX_EV_SELECT_CPU_FALLBACK 12
                        SCX_EV_DISPATCH_LOCAL_DSQ_OFFLINE 0
                        SCX_EV_BYPASS_DURATION 18446744073709551615""");
        SchedExtStatus st = SchedExtSysfs.under(root).status();
        assertThat(st.state()).isEqualTo(SchedExtState.ENABLED);
        assertThat(st.ops()).hasValue("simple");
        assertThat(st.switchAll()).isTrue();
        assertThat(st.nrRejected()).isEqualTo(2);
        assertThat(st.events()).containsExactly(
                Map.entry("SCX_EV_SELECT_CPU_FALLBACK", 12L),
                Map.entry("SCX_EV_DISPATCH_LOCAL_DSQ_OFFLINE", 0L),
                Map.entry("SCX_EV_BYPASS_DURATION", -1L)); // u64 max, as Java's unsigned reading of a long
    }

    @Test
    void olderKernelWithoutEnableSeq() throws Exception {
        disabled();
        Files.delete(root.resolve("kernel/sched_ext/enable_seq"));
        SchedExtSysfs s = SchedExtSysfs.under(root);
        assertThat(s.status().enableSeq()).isEmpty();
        assertThatThrownBy(s::enableSeq).isInstanceOf(SysfsException.class).hasMessageContaining("enable_seq: no such file");
    }

    @Test
    void malformedFilesNameTheFileAndTheExpectation() {
        disabled().file("kernel/sched_ext/state", "sideways").file("kernel/sched_ext/root/events", "SCX_EV_X twelve");
        SchedExtSysfs s = SchedExtSysfs.under(root);
        assertThatThrownBy(s::state).isInstanceOf(SysfsException.class)
                .hasMessageContaining("unknown sched_ext state 'sideways'");
        assertThatThrownBy(s::events).isInstanceOf(SysfsException.class)
                .hasMessageContaining("root/events has line 'SCX_EV_X twelve', expected 'NAME VALUE'");
        new FixtureTree(root).file("kernel/sched_ext/hotplug_seq", "many");
        assertThatThrownBy(s::hotplugSeq).isInstanceOf(SysfsException.class)
                .hasMessageContaining("hotplug_seq holds 'many', expected an integer");
    }

    @Test
    void liveHostMatchesTheKernel() {
        SchedExtSysfs live = SchedExtSysfs.live();
        assertThat(live.present()).isEqualTo(Files.isDirectory(Path.of("/sys/kernel/sched_ext")));
        if (live.present()) {
            assertThat(live.status().state()).isNotNull();
        } else {
            assertThatThrownBy(live::state).hasMessageContaining("CONFIG_SCHED_CLASS_EXT");
        }
    }
}
