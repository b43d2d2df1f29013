package org.scx4j.cli.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Median and range of one figure over the runs of one scheduler. Medians
 * because a single slow run under software emulation (a host hiccup) must not
 * move the result; min and max so the reader sees how much runs varied.
 *
 * @param median the middle value (mean of the two middle ones for an even count)
 * @param min    the smallest value
 * @param max    the largest value
 * @param count  how many runs the summary covers
 */
public record Summary(double median, double min, double max, int count) {

    /** Summarises the values; throws when there are none. */
    public static Summary of(Collection<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Summary(Percentile.ofSorted(sorted, 50), sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    /** Convenience for tests and callers with arrays. */
    public static Summary of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }
}
