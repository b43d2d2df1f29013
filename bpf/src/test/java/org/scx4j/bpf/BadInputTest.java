package org.scx4j.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** Every bad input is a clear exception naming what failed, never a JVM crash. */
class BadInputTest {
    @Test
    void garbageBytesAsAnObject() {
        byte[] garbage = "this is not an ELF file, just text".getBytes();
        assertThatThrownBy(() -> BpfObject.open("garbage", garbage))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errnoName()).isNotEmpty())
                .hasMessageContaining("opening BPF object 'garbage' failed");
    }

    @Test
    void missingResourceIsNamed() {
        assertThatThrownBy(() -> BpfObject.openResource(BadInputTest.class, "/bpf/nope.bpf.o"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/bpf/nope.bpf.o");
    }

    @Test
    void verifierRejectionCarriesTheVerifiersReason() {
        try (BpfObject o = BpfObject.openResource(BadInputTest.class, "/bpf/rejected.bpf.o")) {
            assertThatThrownBy(o::load).isInstanceOfSatisfying(BpfException.class, e -> {
                assertThat(e.errnoName()).isEqualTo("EACCES");
                assertThat(e.logTail()).contains("invalid mem access 'map_value_or_null'");
            });
            assertThat(o.loaded()).isFalse();
        }
    }

    @Test
    void keyOrValueOfTheWrongSize() {
        try (BpfObject o = GlobalsAndMapsTest.open()) {
            o.load();
            BpfMap squares = o.map("squares");
            assertThatThrownBy(() -> squares.lookup(new byte[3]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key size is 4 bytes");
            assertThatThrownBy(() -> squares.update(BpfMap.u32(1), BpfMap.u32(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value size is 8 bytes");
            assertThatThrownBy(() -> o.map("hits").lookup(BpfMap.u32(0)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("per-CPU");
        }
    }

    @Test
    void lookupOfAMissingKey() {
        try (BpfObject o = GlobalsAndMapsTest.open()) {
            o.load();
            assertThat(o.map("squares").lookup(BpfMap.u32(5))).isEmpty();
            assertThatThrownBy(() -> o.map("squares").get(BpfMap.u32(5)))
                    .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errnoName()).isEqualTo("ENOENT"))
                    .hasMessageContaining("map 'squares' has no key 0x05000000");
        }
    }

    @Test
    void unknownNamesAreListed() {
        try (BpfObject o = GlobalsAndMapsTest.open()) {
            assertThatThrownBy(() -> o.map("nope")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no map 'nope'").hasMessageContaining("squares");
            assertThatThrownBy(() -> o.program("nope")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no program 'nope'");
            assertThatThrownBy(() -> o.bss().getLong("nope")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no variable 'nope'").hasMessageContaining("runs");
            assertThatThrownBy(() -> o.data().getLong("started")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is 4 bytes");
        }
    }

    @Test
    void useBeforeLoadAndAfterClose() {
        BpfObject o = GlobalsAndMapsTest.open();
        assertThatThrownBy(() -> o.program("compute").testRun()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("load()");
        o.load();
        GlobalData bss = o.bss();
        BpfMap squares = o.map("squares");
        MemorySegment stats = bss.segment("stats");
        o.close();
        o.close(); // idempotent
        assertThatThrownBy(() -> squares.lookup(BpfMap.u32(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> bss.getLong("runs")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> stats.get(ValueLayout.JAVA_LONG, 8)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> o.program("compute")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> o.btf().hasFunc("x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rodataIsReadOnlyAfterLoad() {
        try (BpfObject o = GlobalsAndMapsTest.open()) {
            o.load();
            assertThatThrownBy(() -> o.rodata().setInt("multiplier", 2)).isInstanceOf(RuntimeException.class)
                    .hasMessageContaining("read-only");
        }
    }
}
