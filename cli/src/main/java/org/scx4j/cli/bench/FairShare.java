package org.scx4j.cli.bench;

import java.util.Arrays;

/**
 * The CPU time each task should get if the scheduler honoured weights
 * exactly: weighted max-min fairness ("water filling"). A task cannot use
 * more than one CPU, so when a heavy task's weighted share exceeds the wall
 * time, it is capped and the rest is shared among the others by weight; this
 * is what makes the fairness figure correct on any number of CPUs.
 */
public final class FairShare {

    private FairShare() {}

    /**
     * @param weights the tasks' weights (positive)
     * @param total   the CPU time actually handed out to these tasks
     * @param cap     the most one task can get (the wall time of the window)
     * @return each task's ideal CPU time, summing to {@code min(total, n * cap)}
     */
    public static double[] ideal(double[] weights, double total, double cap) {
        int n = weights.length;
        double[] share = new double[n];
        boolean[] capped = new boolean[n];
        double remaining = Math.min(total, n * cap);
        boolean changed = true;
        while (changed) {
            changed = false;
            double weightSum = 0;
            for (int i = 0; i < n; i++) {
                if (!capped[i]) {
                    weightSum += weights[i];
                }
            }
            if (weightSum == 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (!capped[i]) {
                    share[i] = remaining * weights[i] / weightSum;
                    if (share[i] > cap) {
                        // Fix the overflowing task at one CPU and share again without it.
                        share[i] = cap;
                        capped[i] = true;
                        remaining -= cap;
                        changed = true;
                    }
                }
            }
        }
        return share;
    }

    /**
     * Jain's fairness index (sum x)^2 / (n * sum x^2) of the values: 1.0 when all
     * are equal, 1/n when one takes everything.
     */
    public static double jain(double[] x) {
        double sum = Arrays.stream(x).sum();
        double squares = Arrays.stream(x).map(v -> v * v).sum();
        if (squares == 0) {
            throw new IllegalArgumentException("Jain's index of all zeros is undefined");
        }
        return sum * sum / (x.length * squares);
    }

    /** The kernel's load weight of a nice level (sched_prio_to_weight, nice -20..19). */
    public static int weightOfNice(int nice) {
        if (nice < -20 || nice > 19) {
            throw new IllegalArgumentException("nice out of range: " + nice);
        }
        return NICE_TO_WEIGHT[nice + 20];
    }

    private static final int[] NICE_TO_WEIGHT = {
        88761, 71755, 56483, 46273, 36291,
        29154, 23254, 18705, 14949, 11916,
        9548, 7620, 6100, 4904, 3906,
        3121, 2501, 1991, 1586, 1277,
        1024, 820, 655, 526, 423,
        335, 272, 215, 172, 137,
        110, 87, 70, 56, 45,
        36, 29, 23, 18, 15,
    };
}
