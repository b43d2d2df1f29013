package org.scx4j.schedulers.layered.config;

/**
 * How a layer holds CPUs, written {@code {"Confined": {...}}} as upstream's externally tagged
 * enum. Confined and Grouped layers own a number of CPUs sized to keep their per-CPU
 * utilization within {@code utilRange}; Open layers own none. Fields an Open layer does not
 * have are null / false.
 *
 * @param type          Confined (tasks stay on the layer's CPUs), Grouped (they may spill to idle
 *                      CPUs elsewhere) or Open (they run on CPUs no layer owns first)
 * @param utilRange     per-CPU utilization target, 0 <= low < high <= 1 (Confined, Grouped)
 * @param cpusRange     bounds on the number of CPUs owned, or null
 * @param cpusRangeFrac the same as fractions of all CPUs, or null; not with cpusRange
 * @param isProtected   the layer's CPUs are not lent to other layers' tasks
 * @param common        the fields all kinds have
 */
public record LayerKind(Type type, Range utilRange, CpusRange cpusRange, Range cpusRangeFrac, boolean isProtected,
                        LayerCommon common) {
    public enum Type { Confined, Grouped, Open }

    /** A pair of fractions, [low, high]. */
    public record Range(double low, double high) {}

    /** A pair of CPU counts, [low, high]. */
    public record CpusRange(int low, int high) {}

    public static LayerKind open(LayerCommon common) {
        return new LayerKind(Type.Open, null, null, null, false, common);
    }
}
