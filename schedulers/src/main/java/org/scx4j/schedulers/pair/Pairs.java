package org.scx4j.schedulers.pair;

import java.util.Arrays;

/**
 * How scx_pair pairs CPUs: CPU i with CPU (i + stride) mod nrCpus, walking from CPU 0 and
 * skipping CPUs already paired. Every CPU must end up in exactly one pair of two
 * distinct CPUs; any stride for which that fails is refused with the reason.
 *
 * @param partner each CPU's partner
 * @param pairId  each CPU's pair number (pairs numbered from 0 in the order found)
 * @param index   each CPU's index within its pair: 0 for the lower one found first, 1 for its partner
 */
public record Pairs(int[] partner, int[] pairId, int[] index) {

    /** Pairs nrCpus CPUs (0 .. nrCpus-1) by stride; an IllegalArgumentException says why it cannot. */
    public static Pairs of(int nrCpus, int stride) {
        if (nrCpus < 2 || nrCpus % 2 != 0)
            throw new IllegalArgumentException("scx_pair needs an even number of CPUs, this machine has " + nrCpus);
        if (stride <= 0 || stride >= nrCpus)
            throw new IllegalArgumentException("-S " + stride + ": the stride must be at least 1 and less than the number"
                    + " of CPUs (" + nrCpus + ")");
        int[] partner = new int[nrCpus], pairId = new int[nrCpus], index = new int[nrCpus];
        Arrays.fill(partner, -1);
        int pairs = 0;
        for (int i = 0; i < nrCpus; i++) {
            if (partner[i] >= 0) continue;
            int j = (i + stride) % nrCpus;
            if (partner[j] >= 0)
                throw new IllegalArgumentException("-S " + stride + ": CPU " + j + " would be paired with both CPU "
                        + partner[j] + " and CPU " + i + ", leaving a CPU without a pair");
            partner[i] = j;
            partner[j] = i;
            pairId[i] = pairId[j] = pairs++;
            index[j] = 1;
        }
        return new Pairs(partner, pairId, index);
    }

    /** Upstream's default stride: half the CPUs. */
    public static int defaultStride(int nrCpus) {
        return nrCpus / 2;
    }

    /** The pairs as upstream prints them: {@code [0, 2] [1, 3] }. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < partner.length; i++)
            if (index[i] == 0) s.append('[').append(i).append(", ").append(partner[i]).append("] ");
        return s.toString();
    }
}
