package org.scx4j.cli.bench;

import java.util.Arrays;

/**
 * Percentiles of raw samples (latencies). Uses linear interpolation between
 * closest ranks, so p50 of an even count is the mean of the two middle values
 * and p100 is the maximum; the same definition everywhere keeps the table,
 * the JSON and the tests in agreement.
 */
public final class Percentile {

    private Percentile() {}

    /** The {@code p}-th percentile (0..100) of unsorted samples; throws when empty. */
    public static double of(double[] samples, double p) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, p);
    }

    /** The {@code p}-th percentile (0..100) of samples already sorted ascending. */
    public static double ofSorted(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile out of range: " + p);
        }
        double rank = p / 100.0 * (sorted.length - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
