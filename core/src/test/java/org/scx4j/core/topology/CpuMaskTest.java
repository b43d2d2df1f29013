package org.scx4j.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CpuMaskTest {

    @Test
    void parsesCpuLists() {
        assertThat(CpuMask.parseList("0-3,8,10-11").toArray()).containsExactly(0, 1, 2, 3, 8, 10, 11);
        assertThat(CpuMask.parseList("5\n").toArray()).containsExactly(5);
        assertThat(CpuMask.parseList("").isEmpty()).isTrue();
        assertThat(CpuMask.parseList("\n").isEmpty()).isTrue();
        assertThat(CpuMask.parseList("3,1,2,1").toList()).isEqualTo("1-3");
        assertThat(CpuMask.parseList("0-15:2/4").toArray()).containsExactly(0, 1, 4, 5, 8, 9, 12, 13);
        assertThat(CpuMask.parseList("100-130").cardinality()).isEqualTo(31);
    }

    @Test
    void printsCpuListsWithRanges() {
        assertThat(CpuMask.of(0, 1, 2, 3, 8, 10, 11).toList()).isEqualTo("0-3,8,10-11");
        assertThat(CpuMask.of(0, 1).toList()).isEqualTo("0-1");
        assertThat(CpuMask.of(63, 64).toList()).isEqualTo("63-64");
        assertThat(CpuMask.empty().toList()).isEmpty();
        assertThat(CpuMask.of(7).toString()).isEqualTo("[7]");
    }

    @Test
    void parsesKernelHexMasks() {
        assertThat(CpuMask.parseHex("3\n").toArray()).containsExactly(0, 1);
        assertThat(CpuMask.parseHex("ff,00000001").toArray()).containsExactly(0, 32, 33, 34, 35, 36, 37, 38, 39);
        assertThat(CpuMask.parseHex("00000000,00000000,80000000").toArray()).containsExactly(31);
        assertThat(CpuMask.parseHex("80000000,00000000,00000000").toArray()).containsExactly(95);
        assertThat(CpuMask.parseHex("0x1ff").toArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(CpuMask.parseHex("100000000").toArray()).containsExactly(32);
        assertThat(CpuMask.parseHex("0").isEmpty()).isTrue();
        assertThat(CpuMask.parseHex("FF").cardinality()).isEqualTo(8);
    }

    @Test
    void printsKernelHexMasks() {
        assertThat(CpuMask.of(0, 1).toHex()).isEqualTo("3");
        assertThat(CpuMask.of(32).toHex()).isEqualTo("1,00000000");
        assertThat(CpuMask.empty().toHex()).isEqualTo("0");
        // As the kernel prints a cpumap for nr_cpu_ids of 2, 40 and 64:
        assertThat(CpuMask.of(0).toHex(2)).isEqualTo("1");
        assertThat(CpuMask.range(0, 39).toHex(40)).isEqualTo("ff,ffffffff");
        assertThat(CpuMask.of(0).toHex(64)).isEqualTo("00000000,00000001");
        assertThat(CpuMask.of(4).toHex(16)).isEqualTo("0010");
        assertThatThrownBy(() -> CpuMask.of(40).toHex(8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CPU 40 does not fit in a mask of 8 CPUs");
    }

    @Test
    void randomMasksRoundTripThroughBothFormatsAndWords() {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            TreeSet<Integer> expected = new TreeSet<>();
            int span = 1 + random.nextInt(300);
            for (int i = random.nextInt(40); i > 0; i--) {
                expected.add(random.nextInt(span));
            }
            CpuMask m = CpuMask.of(expected.stream().mapToInt(Integer::intValue).toArray());
            List<Integer> seen = new ArrayList<>();
            m.forEach(seen::add);
            assertThat(seen).containsExactlyElementsOf(expected);
            assertThat(m.cardinality()).isEqualTo(expected.size());
            assertThat(CpuMask.parseList(m.toList())).isEqualTo(m);
            assertThat(CpuMask.parseHex(m.toHex())).isEqualTo(m);
            assertThat(CpuMask.parseHex(m.toHex(span))).isEqualTo(m);
            assertThat(CpuMask.fromWords(m.toWords(5))).isEqualTo(m);
        }
    }

    @Test
    void setOperations() {
        CpuMask a = CpuMask.parseList("0-7");
        CpuMask b = CpuMask.parseList("4-11,100");
        assertThat(a.and(b).toList()).isEqualTo("4-7");
        assertThat(a.or(b).toList()).isEqualTo("0-11,100");
        assertThat(a.andNot(b).toList()).isEqualTo("0-3");
        assertThat(b.andNot(a).toList()).isEqualTo("8-11,100");
        assertThat(a.and(CpuMask.of(100)).isEmpty()).isTrue();
        assertThat(a.and(CpuMask.of(100))).isEqualTo(CpuMask.empty());
        assertThat(a.contains(7)).isTrue();
        assertThat(a.contains(8)).isFalse();
        assertThat(a.contains(-1)).isFalse();
        assertThat(a.contains(1_000_000)).isFalse();
        assertThat(a.containsAll(CpuMask.of(1, 2))).isTrue();
        assertThat(a.containsAll(b)).isFalse();
        assertThat(a.intersects(b)).isTrue();
        assertThat(b.first()).isEqualTo(4);
        assertThat(b.last()).isEqualTo(100);
        assertThat(b.nextCpu(12)).isEqualTo(100);
        assertThat(b.nextCpu(101)).isEqualTo(-1);
        assertThat(a.with(9).without(0).toList()).isEqualTo("1-7,9");
        assertThat(CpuMask.range(2, 4)).isEqualTo(CpuMask.of(2, 3, 4)).hasSameHashCodeAs(CpuMask.of(4, 3, 2));
        assertThat(CpuMask.of(64).toWords()).containsExactly(0L, 1L);
    }

    @Test
    void emptyMaskHasNoFirstOrLast() {
        assertThatThrownBy(() -> CpuMask.empty().first()).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> CpuMask.empty().last()).isInstanceOf(NoSuchElementException.class);
        assertThat(CpuMask.empty().cardinality()).isZero();
        assertThat(CpuMask.empty().iterator().hasNext()).isFalse();
    }

    @Test
    void badCpuListsAreRejectedWithTheReason() {
        assertBad(() -> CpuMask.parseList("0-3,x"), "'x' in cpulist item 'x' of '0-3,x' is not a CPU number");
        assertBad(() -> CpuMask.parseList("3-1"), "'3-1' is a reversed range");
        assertBad(() -> CpuMask.parseList("1,,2"), "has an empty item");
        assertBad(() -> CpuMask.parseList("-1"), "is not a CPU number");
        assertBad(() -> CpuMask.parseList("99999999999"), "out of range");
        assertBad(() -> CpuMask.parseList("70000"), "CPU id 70000 in cpulist '70000' is out of range");
        assertBad(() -> CpuMask.parseList("0-7:3"), "':' without '/'");
        assertBad(() -> CpuMask.parseList("0-7:3/2"), "1 <= USED <= GROUP");
        assertBad(() -> CpuMask.parseList(null), "cpulist is missing");
        assertBad(() -> CpuMask.of(-2), "CPU id -2 is out of range");
        assertBad(() -> CpuMask.range(5, 1), "reversed");
    }

    @Test
    void badHexMasksAreRejectedWithTheReason() {
        assertBad(() -> CpuMask.parseHex("fg"), "'g' is not a hex digit in CPU mask 'fg'");
        assertBad(() -> CpuMask.parseHex(""), "has no digits");
        assertBad(() -> CpuMask.parseHex("0x"), "has no digits");
        assertBad(() -> CpuMask.parseHex("ff,,00000001"), "group of 0 digits");
        assertBad(() -> CpuMask.parseHex("1,123456789"), "group of 9 digits");
        assertBad(() -> CpuMask.parseHex("1" + "0".repeat(20000)), "beyond 65535");
        assertThat(CpuMask.parseHex("0" + "0".repeat(20000)).isEmpty()).isTrue();
    }

    private static void assertBad(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
