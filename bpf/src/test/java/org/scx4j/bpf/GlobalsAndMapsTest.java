package org.scx4j.bpf;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** globals.bpf.c on the host kernel: .rodata before load, live .bss/.data, hash and per-CPU maps. */
class GlobalsAndMapsTest {
    static final StructLayout STATS = structLayout(JAVA_INT.withName("seq"), paddingLayout(4),
            JAVA_LONG.withName("total"), JAVA_LONG.withName("max"));

    static BpfObject open() {
        return BpfObject.openResource(GlobalsAndMapsTest.class, "/bpf/globals.bpf.o");
    }

    /** Runs compute(input) and returns what the program wrote into the context's output. */
    static long compute(BpfObject o, long input) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment args = arena.allocate(16, 8);
            args.set(JAVA_LONG, 0, input);
            BpfProgram.TestRunResult r = o.program("compute").testRun(args);
            assertThat(r.retval()).isEqualTo((int) (args.get(JAVA_LONG, 8) & 0x7fffffff));
            return args.get(JAVA_LONG, 8);
        }
    }

    @Test
    void rodataSetBeforeLoadChangesWhatTheProgramComputes() {
        try (BpfObject plain = open(); BpfObject tripled = open()) {
            assertThat(tripled.rodata().getInt("multiplier")).isEqualTo(1);
            tripled.rodata().setInt("multiplier", 3);
            plain.load();
            tripled.load();
            assertThat(compute(plain, 5)).isEqualTo(5);
            assertThat(compute(tripled, 5)).isEqualTo(15);
            assertThat(tripled.rodata().getInt("multiplier")).isEqualTo(3); // the kernel's frozen copy
        }
    }

    @Test
    void bssCountersAreReadLiveAfterRuns() {
        try (BpfObject o = open()) {
            o.load();
            GlobalData bss = o.bss(); // one view, read again after each run: it must be live
            assertThat(bss.getLong("runs")).isZero();
            for (int i = 1; i <= 10; i++) {
                compute(o, i);
                assertThat(bss.getLong("runs")).isEqualTo(i);
                assertThat(bss.getLong("last_result")).isEqualTo(i);
            }
            bss.setLong("runs", 1000); // Java writes are seen by BPF
            compute(o, 1);
            assertThat(bss.getLong("runs")).isEqualTo(1001);
            assertThat(o.data().getInt("started")).isEqualTo(7);
        }
    }

    @Test
    void structGlobalIsReadThroughALayoutCheckedAgainstBtf() {
        try (BpfObject o = open()) {
            o.load();
            MemorySegment stats = o.bss().segment("stats", STATS);
            for (long v : new long[] {4, 9, 2}) compute(o, v);
            assertThat(stats.get(JAVA_INT, STATS.byteOffset(groupElement("seq")))).isEqualTo(3);
            assertThat(stats.get(JAVA_LONG, STATS.byteOffset(groupElement("total")))).isEqualTo(15);
            assertThat(stats.get(JAVA_LONG, STATS.byteOffset(groupElement("max")))).isEqualTo(9);
            assertThat(stats.address() % 8).as("8-byte aligned").isZero();
            StructView view = o.bss().struct("stats", STATS);
            compute(o, 20);
            assertThat(view.getInt("seq")).isEqualTo(4);
            assertThat(view.getLong("total")).isEqualTo(35);
            assertThat(view.getLong("max")).isEqualTo(20);
            assertThatThrownBy(() -> view.getLong("seq")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("4 bytes");
        }
    }

    @Test
    void layoutThatDisagreesWithTheCStructNamesTheField() {
        try (BpfObject o = open()) {
            StructLayout noPadding = structLayout(JAVA_INT.withName("seq"), JAVA_INT.withName("total"),
                    JAVA_LONG.withName("max"), JAVA_LONG);
            assertThatThrownBy(() -> o.bss().segment("stats", noPadding))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'total'");
            StructLayout renamed = structLayout(JAVA_INT.withName("seq"), paddingLayout(4),
                    JAVA_LONG.withName("sum"), JAVA_LONG.withName("max"));
            assertThatThrownBy(() -> o.bss().segment("stats", renamed))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'sum'");
            o.btf().checkLayout("stats", STATS); // the correct one passes
        }
    }

    @Test
    void perCpuValuesAreSummedOverPossibleCpus() {
        try (BpfObject o = open()) {
            o.load();
            for (int i = 0; i < 25; i++) compute(o, i);
            BpfMap hits = o.map("hits");
            assertThat(hits.perCpu()).isTrue();
            List<byte[]> perCpu = hits.lookupPerCpu(BpfMap.u32(0)).orElseThrow();
            assertThat(perCpu).hasSize(Libbpf.possibleCpus());
            assertThat(hits.sumLongs(BpfMap.u32(0), 0)).isEqualTo(25);
        }
    }

    @Test
    void countersAreSummedFromEveryCpusRowInMappedMemory() {
        try (BpfObject o = open()) {
            o.load();
            BpfMap counted = o.map("counted");
            int cpus = Libbpf.possibleCpus();
            assertThat(counted.maxEntries()).isEqualTo(cpus); // declared with max_entries 0: a row per CPU
            assertThat(o.map("notes").maxEntries()).isZero(); // a storage map's 0 is left alone
            assertThat(counted.counters()).isEqualTo(2);
            assertThat(counted.valueSize()).isEqualTo(64); // a row fills a cache line
            long rowsSum = (long) cpus * (cpus + 1) / 2;
            for (int cpu = 0; cpu < cpus; cpu++) { // counter 1 of CPU n's row holds n + 1
                ByteBuffer row = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder()).putLong(8, cpu + 1);
                counted.update(BpfMap.u32(cpu), row.array());
            }
            assertThat(counted.sumCounters(2)).containsExactly(0, rowsSum);
            for (int i = 1; i <= 3; i++) compute(o, i); // each run counts in the row of the CPU it ran on
            assertThat(counted.sumCounters(2)).containsExactly(3, rowsSum); // the same mapping, read again
            assertThatThrownBy(() -> counted.sumCounters(3)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has 2 counters per CPU, not 3");
            assertThatThrownBy(() -> o.map("hits").sumCounters(1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a counters map");
        }
    }

    @Test
    void hashMapLookupUpdateDeleteIterate() {
        try (BpfObject o = open(); Arena arena = Arena.ofConfined()) {
            o.load();
            MemorySegment args = arena.allocate(16, 8);
            args.set(JAVA_LONG, 0, 10);
            o.program("fill_squares").testRun(args);
            BpfMap squares = o.map("squares");
            assertThat(squares.keys()).hasSize(10);
            assertThat(squares.get(BpfMap.u32(7))).isEqualTo(BpfMap.u64(49));
            assertThat(squares.delete(BpfMap.u32(7))).isTrue();
            assertThat(squares.delete(BpfMap.u32(7))).isFalse();
            assertThat(squares.lookup(BpfMap.u32(7))).isEmpty();
            squares.update(BpfMap.u32(40), BpfMap.u64(1600));
            assertThat(squares.lookup(BpfMap.u32(40))).hasValue(BpfMap.u64(1600));
            assertThat(squares.keys()).hasSize(10);
        }
    }

    @Test
    void arrayMapLookupAndUpdate() {
        try (BpfObject o = open()) {
            o.load();
            compute(o, 6);
            BpfMap bss = o.map(".bss"); // a data section is a one-element array map
            assertThat(bss.type()).isEqualTo(BpfMap.TYPE_ARRAY);
            assertThat(bss.keys()).hasSize(1);
            long runsAt = o.bss().segment("runs").address() - o.bss().segment().address();
            byte[] value = bss.get(BpfMap.u32(0));
            assertThat(MemorySegment.ofArray(value).get(JAVA_LONG_UNALIGNED, runsAt)).isEqualTo(1);
            MemorySegment.ofArray(value).set(JAVA_LONG_UNALIGNED, runsAt, 41);
            bss.update(BpfMap.u32(0), value);
            assertThat(o.bss().getLong("runs")).isEqualTo(41);
            assertThat(bss.lookup(BpfMap.u32(1))).isEmpty(); // past max_entries
        }
    }

    private static java.lang.foreign.MemoryLayout.PathElement groupElement(String name) {
        return java.lang.foreign.MemoryLayout.PathElement.groupElement(name);
    }
}
