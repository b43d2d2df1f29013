package org.scx4j.core.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The kernel's hex bitmap text ({@code %*pb}, as in {@code cpumap} files): 32-bit groups
 * of hex digits, most significant first, separated by commas. Kept apart from
 * {@link CpuMask} so the set type stays about sets.
 */
final class HexMaskFormat {

    private static final String EXAMPLE = "expected hex digits in comma-separated 32-bit groups, e.g. ff or 1,00000000";

    private HexMaskFormat() {
    }

    static CpuMask parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("CPU mask is missing: " + EXAMPLE);
        }
        String s = text.strip();
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("hex CPU mask '" + text.strip() + "' has no digits: " + EXAMPLE);
        }
        String[] groups = s.split(",", -1);
        List<String> chunks = new ArrayList<>(); // 8-digit (32-bit) chunks, least significant first
        if (groups.length == 1) {
            for (int end = s.length(); end > 0; end -= 8) {
                chunks.add(s.substring(Math.max(0, end - 8), end));
            }
        } else {
            for (int g = groups.length - 1; g >= 0; g--) {
                String group = groups[g];
                if (group.isEmpty() || group.length() > 8) {
                    throw new IllegalArgumentException("hex CPU mask '" + text.strip() + "' has a group of "
                            + group.length() + " digits ('" + group + "'): each comma-separated group holds 1 to 8 digits");
                }
                chunks.add(group);
            }
        }
        long[] words = new long[(chunks.size() + 1) / 2];
        for (int k = 0; k < chunks.size(); k++) {
            long value = parseChunk(chunks.get(k), text);
            if (value != 0 && (long) k * 32 + 63 - Long.numberOfLeadingZeros(value) >= CpuMask.MAX_CPUS) {
                throw new IllegalArgumentException("hex CPU mask '" + text.strip() + "' names CPUs beyond "
                        + (CpuMask.MAX_CPUS - 1) + ", the largest id supported");
            }
            words[k / 2] |= value << (32 * (k % 2));
        }
        return CpuMask.fromWords(trim(words));
    }

    private static long parseChunk(String chunk, String text) {
        long v = 0;
        for (int i = 0; i < chunk.length(); i++) {
            int d = Character.digit(chunk.charAt(i), 16);
            if (d < 0) {
                throw new IllegalArgumentException("'" + chunk.charAt(i) + "' is not a hex digit in CPU mask '"
                        + text.strip() + "': " + EXAMPLE);
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private static long[] trim(long[] words) {
        int n = words.length;
        while (n > 0 && words[n - 1] == 0) {
            n--;
        }
        return Arrays.copyOf(words, n);
    }

    /** nrCpuIds 0: as few digits as possible; otherwise as wide as the kernel prints for that many ids. */
    static String format(CpuMask mask, int nrCpuIds) {
        long[] words = mask.toWords();
        int bits = nrCpuIds > 0 ? nrCpuIds : (mask.isEmpty() ? 1 : mask.last() + 1);
        int groups = (bits + 31) / 32;
        StringBuilder out = new StringBuilder();
        for (int g = groups - 1; g >= 0; g--) {
            int w = g / 2;
            long group = w < words.length ? (words[w] >>> (32 * (g % 2))) & 0xffff_ffffL : 0;
            String hex = Long.toHexString(group);
            int width;
            if (g < groups - 1) {
                width = 8;
            } else if (nrCpuIds > 0) {
                width = (bits - 32 * (groups - 1) + 3) / 4;
            } else {
                width = 1;
            }
            if (g < groups - 1) {
                out.append(',');
            }
            out.append("0".repeat(Math.max(0, width - hex.length()))).append(hex);
        }
        return out.toString();
    }
}
