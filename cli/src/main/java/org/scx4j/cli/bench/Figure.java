package org.scx4j.cli.bench;

/**
 * One number a workload reports per run, with its unit and which direction is
 * better. The direction is what lets a table and a chart say whether a
 * scheduler's ratio to EEVDF is a gain or a loss without knowing the workload.
 * A footprint figure (what the scheduler itself costs, see {@link Footprint})
 * has no EEVDF value to compare with, so reports show it as an absolute value.
 *
 * @param name      short key used in the table and the JSON (e.g. {@code "p99"})
 * @param unit      unit printed after the value (e.g. {@code "us"}, {@code "s"})
 * @param better    whether lower or higher values are better
 * @param footprint true for the scheduler's own cost, measured for every scheduler but eevdf
 */
public record Figure(String name, String unit, Better better, boolean footprint) {

    /** A workload figure, compared to EEVDF's. */
    public Figure(String name, String unit, Better better) {
        this(name, unit, better, false);
    }

    /** Which direction of a figure is an improvement. */
    public enum Better {
        LOWER, HIGHER;

        /** How people read it in tables and charts. */
        public String label() {
            return this == LOWER ? "lower is better" : "higher is better";
        }
    }

    /** True when {@code ratio} (scheduler / EEVDF) means this scheduler did better. */
    public boolean improves(double ratio) {
        return better == Better.LOWER ? ratio < 1.0 : ratio > 1.0;
    }
}
