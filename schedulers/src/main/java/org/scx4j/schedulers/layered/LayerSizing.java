package org.scx4j.schedulers.layered;

import java.util.List;
import org.scx4j.schedulers.layered.config.Layer;
import org.scx4j.schedulers.layered.config.LayerKind;

/**
 * How many CPUs each layer should own: enough to keep its utilization (CPU time used per CPU
 * owned) inside its {@code util_range}, within its {@code cpus_range} (or {@code cpus_range_frac}
 * of the CPUs), and at least one while its tasks run, where the CPUs allow. When the layers want
 * more CPUs than there are, each keeps its minimum (in layer order, if even those do not fit: the
 * tasks of a layer left without CPUs wait on the BPF side's low fallback queue, which every CPU
 * serves after its own) and the rest is shared by {@code weight}. Open layers own no CPUs. Pure arithmetic on arrays sized once, so each step allocates nothing.
 */
final class LayerSizing {
    private final int cpus;
    private final boolean[] owns;
    private final double[] utilLow, utilHigh;
    private final int[] min, max, weight;
    private final int[] want, floor, target;

    /** @param cpus the CPUs layers may own (the online ones) */
    LayerSizing(List<Layer> layers, int cpus) {
        this(layers, cpus, null);
    }

    /** @param reach how many of them each layer may own (its {@code llcs} and {@code nodes}), or null: all */
    LayerSizing(List<Layer> layers, int cpus, int[] reach) {
        int n = layers.size();
        this.cpus = cpus;
        owns = new boolean[n];
        utilLow = new double[n];
        utilHigh = new double[n];
        min = new int[n];
        max = new int[n];
        weight = new int[n];
        want = new int[n];
        floor = new int[n];
        target = new int[n];
        for (int l = 0; l < n; l++) {
            LayerKind kind = layers.get(l).kind();
            weight[l] = kind.common().weight();
            owns[l] = kind.type() != LayerKind.Type.Open;
            if (!owns[l]) continue;
            utilLow[l] = kind.utilRange().low();
            utilHigh[l] = kind.utilRange().high();
            if (kind.cpusRange() != null) {
                min[l] = Math.min(kind.cpusRange().low(), cpus);
                max[l] = Math.min(kind.cpusRange().high(), cpus);
            } else if (kind.cpusRangeFrac() != null) {
                min[l] = (int) Math.ceil(kind.cpusRangeFrac().low() * cpus);
                max[l] = Math.max(min[l], (int) Math.floor(kind.cpusRangeFrac().high() * cpus));
            } else {
                max[l] = cpus;
            }
            if (reach != null) {
                max[l] = Math.min(max[l], reach[l]);
                min[l] = Math.min(min[l], max[l]);
            }
        }
    }

    /**
     * The CPUs each layer should own next.
     *
     * @param used    CPUs' worth of time each layer's tasks used lately (1.0: one CPU all the time)
     * @param current CPUs each layer owns now
     * @return the targets, in an array this object reuses
     */
    int[] targets(double[] used, int[] current) {
        int wanted = 0;
        for (int l = 0; l < want.length; l++) {
            if (!owns[l]) {
                want[l] = floor[l] = 0;
                continue;
            }
            floor[l] = Math.min(Math.max(min[l], used[l] > 0 ? 1 : 0), max[l]);
            want[l] = clamp(wanted(used[l], current[l], utilLow[l], utilHigh[l]), floor[l], max[l]);
            wanted += want[l];
        }
        if (wanted <= cpus) {
            System.arraycopy(want, 0, target, 0, want.length);
        } else {
            share();
        }
        return target;
    }

    /** The count that brings used / count inside [low, high], or current if it is already inside. */
    static int wanted(double used, int current, double low, double high) {
        if (current == 0) return used > 0 ? (int) Math.ceil(used / high) : 0;
        double util = used / current;
        if (util > high) return (int) Math.ceil(used / high);
        if (util < low) return Math.max((int) Math.ceil(used / high), low > 0 ? (int) Math.floor(used / low) : 0);
        return current;
    }

    /** Minimums first (in layer order if even they do not fit), then the rest by weight up to each want. */
    private void share() {
        int left = cpus;
        for (int l = 0; l < target.length; l++) {
            target[l] = Math.min(floor[l], left);
            left -= target[l];
        }
        while (left > 0) {
            long weights = 0;
            for (int l = 0; l < target.length; l++) if (target[l] < want[l]) weights += weight[l];
            if (weights == 0) return;
            int given = 0;
            for (int l = 0; l < target.length && given < left; l++) {
                if (target[l] >= want[l]) continue;
                int share = (int) Math.min(want[l] - target[l], left * weight[l] / weights);
                target[l] += share;
                given += share;
            }
            if (given == 0) { // shares rounded to nothing: one CPU to the heaviest layer that wants more
                int best = -1;
                for (int l = 0; l < target.length; l++) {
                    if (target[l] < want[l] && (best < 0 || weight[l] > weight[best])) best = l;
                }
                target[best]++;
                given = 1;
            }
            left -= given;
        }
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
