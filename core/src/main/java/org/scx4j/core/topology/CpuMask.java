package org.scx4j.core.topology;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;

/**
 * An immutable set of CPU ids, the Java side of the kernel's {@code cpumask}.
 * Schedulers pass CPU sets between sysfs, options and BPF maps; this type reads
 * and writes both textual forms the kernel uses (the hex bitmap of
 * {@code .../cpumap} files and the cpulist of {@code .../cpulist} files) and the
 * 64-bit words a BPF bitmap holds, so every layer agrees on one representation.
 */
public final class CpuMask implements Iterable<Integer> {

    /** Largest CPU count accepted; guards against absurd ids in input (x86 NR_CPUS tops out at 8192). */
    public static final int MAX_CPUS = 65_536;

    private static final CpuMask EMPTY = new CpuMask(new long[0]);

    /** Bit i of word i/64 is CPU i; no trailing zero words, so equal sets have equal arrays. */
    private final long[] words;

    private CpuMask(long[] words) {
        int n = words.length;
        while (n > 0 && words[n - 1] == 0) {
            n--;
        }
        this.words = n == words.length ? words : Arrays.copyOf(words, n);
    }

    /** The empty set. */
    public static CpuMask empty() {
        return EMPTY;
    }

    /** The given CPUs. */
    public static CpuMask of(int... cpus) {
        int max = -1;
        for (int cpu : cpus) {
            checkCpu(cpu);
            max = Math.max(max, cpu);
        }
        long[] w = new long[(max >> 6) + 1];
        for (int cpu : cpus) {
            w[cpu >> 6] |= 1L << cpu;
        }
        return new CpuMask(w);
    }

    /** CPUs {@code first..last}, both included. */
    public static CpuMask range(int first, int last) {
        checkCpu(first);
        checkCpu(last);
        if (first > last) {
            throw new IllegalArgumentException("CPU range " + first + "-" + last + " is reversed: write the lower id first");
        }
        long[] w = new long[(last >> 6) + 1];
        for (int cpu = first; cpu <= last; cpu++) {
            w[cpu >> 6] |= 1L << cpu;
        }
        return new CpuMask(w);
    }

    /** The set whose bit i (of word i/64, least significant first) is CPU i, as a BPF bitmap holds it. */
    public static CpuMask fromWords(long... words) {
        if ((long) words.length * 64 > MAX_CPUS) {
            throw new IllegalArgumentException("bitmap of " + words.length + " words exceeds " + MAX_CPUS + " CPUs");
        }
        return new CpuMask(words.clone());
    }

    /**
     * Parses the kernel's hex bitmap format, e.g. {@code "ff,00000001"}: comma-separated
     * groups of up to 8 hex digits, most significant group first. A single group may be
     * longer and may carry a {@code 0x} prefix (the form people type on command lines).
     * Surrounding whitespace (the newline of a sysfs file) is ignored.
     */
    public static CpuMask parseHex(String text) {
        return HexMaskFormat.parse(text);
    }

    /**
     * Parses a cpulist such as {@code "0-3,8,10-11"}, including the kernel's stride form
     * {@code "0-15:2/4"} (in each group of 4 from 0 to 15, the first 2). The empty
     * string (an empty sysfs list) is the empty set.
     */
    public static CpuMask parseList(String text) {
        return CpuListFormat.parse(text);
    }

    static void checkCpu(int cpu) {
        if (cpu < 0 || cpu >= MAX_CPUS) {
            throw new IllegalArgumentException("CPU id " + cpu + " is out of range: ids run from 0 to " + (MAX_CPUS - 1));
        }
    }

    /** Whether {@code cpu} is in the set (false for any negative or huge id). */
    public boolean contains(int cpu) {
        if (cpu < 0) {
            return false;
        }
        int i = cpu >> 6;
        return i < words.length && (words[i] & (1L << cpu)) != 0;
    }

    /** Whether every CPU of {@code other} is in this set. */
    public boolean containsAll(CpuMask other) {
        return other.andNot(this).isEmpty();
    }

    /** Whether the two sets share a CPU. */
    public boolean intersects(CpuMask other) {
        return !and(other).isEmpty();
    }

    /** Number of CPUs in the set. */
    public int cardinality() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    public boolean isEmpty() {
        return words.length == 0;
    }

    /** The lowest CPU; throws {@link NoSuchElementException} on the empty set. */
    public int first() {
        for (int i = 0; i < words.length; i++) {
            if (words[i] != 0) {
                return i * 64 + Long.numberOfTrailingZeros(words[i]);
            }
        }
        throw new NoSuchElementException("the CPU mask is empty");
    }

    /** The highest CPU; throws {@link NoSuchElementException} on the empty set. */
    public int last() {
        if (words.length == 0) {
            throw new NoSuchElementException("the CPU mask is empty");
        }
        int i = words.length - 1;
        return i * 64 + 63 - Long.numberOfLeadingZeros(words[i]);
    }

    /** The lowest CPU at or above {@code from}, or -1 if there is none. */
    public int nextCpu(int from) {
        int f = Math.max(from, 0);
        int i = f >> 6;
        if (i >= words.length) {
            return -1;
        }
        long w = words[i] & (-1L << f);
        while (true) {
            if (w != 0) {
                return i * 64 + Long.numberOfTrailingZeros(w);
            }
            if (++i == words.length) {
                return -1;
            }
            w = words[i];
        }
    }

    public CpuMask and(CpuMask other) {
        long[] w = new long[Math.min(words.length, other.words.length)];
        for (int i = 0; i < w.length; i++) {
            w[i] = words[i] & other.words[i];
        }
        return new CpuMask(w);
    }

    public CpuMask or(CpuMask other) {
        long[] w = Arrays.copyOf(words, Math.max(words.length, other.words.length));
        for (int i = 0; i < other.words.length; i++) {
            w[i] |= other.words[i];
        }
        return new CpuMask(w);
    }

    /** The CPUs of this set that are not in {@code other}. */
    public CpuMask andNot(CpuMask other) {
        long[] w = words.clone();
        for (int i = 0; i < Math.min(w.length, other.words.length); i++) {
            w[i] &= ~other.words[i];
        }
        return new CpuMask(w);
    }

    /** This set plus {@code cpu}. */
    public CpuMask with(int cpu) {
        return or(of(cpu));
    }

    /** This set without {@code cpu}. */
    public CpuMask without(int cpu) {
        return contains(cpu) ? andNot(of(cpu)) : this;
    }

    /** The CPUs in ascending order. */
    public IntStream stream() {
        return IntStream.iterate(nextCpu(0), c -> c >= 0, c -> nextCpu(c + 1));
    }

    public int[] toArray() {
        return stream().toArray();
    }

    @Override
    public Iterator<Integer> iterator() {
        return stream().iterator();
    }

    /**
     * The bitmap as 64-bit words, CPU i in bit i%64 of word i/64, padded with zero words
     * to {@code nrWords} (the layout of a {@code u64} array a BPF program indexes).
     */
    public long[] toWords(int nrWords) {
        if (nrWords < words.length) {
            throw new IllegalArgumentException("CPU " + last() + " does not fit in " + nrWords + " 64-bit words");
        }
        return Arrays.copyOf(words, nrWords);
    }

    /** The bitmap as 64-bit words, as short as possible (empty for the empty set). */
    public long[] toWords() {
        return words.clone();
    }

    /** The kernel's hex format with the minimal number of digits, e.g. {@code "1,00000000"}; {@code "0"} when empty. */
    public String toHex() {
        return HexMaskFormat.format(this, 0);
    }

    /**
     * The kernel's hex format as a {@code cpumap} file of a machine with {@code nrCpuIds}
     * possible ids prints it: all groups full, the first group as wide as needed for
     * {@code nrCpuIds} bits.
     */
    public String toHex(int nrCpuIds) {
        if (!isEmpty() && last() >= nrCpuIds) {
            throw new IllegalArgumentException("CPU " + last() + " does not fit in a mask of " + nrCpuIds + " CPUs");
        }
        return HexMaskFormat.format(this, nrCpuIds);
    }

    /** The cpulist form with ranges, e.g. {@code "0-3,8,10-11"}; empty string when empty. */
    public String toList() {
        return CpuListFormat.format(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuMask m && Arrays.equals(words, m.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    /** The cpulist form in brackets, e.g. {@code [0-3,8]}. */
    @Override
    public String toString() {
        return "[" + toList() + "]";
    }
}
