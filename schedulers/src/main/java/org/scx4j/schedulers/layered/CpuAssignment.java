package org.scx4j.schedulers.layered;

import java.util.Arrays;

/**
 * Which layer owns each CPU. Each step moves as few CPUs as it can: a layer above its target gives
 * back the CPUs latest in its growth order, then a layer below takes the free CPUs earliest in
 * its order. Allocates nothing per step.
 */
final class CpuAssignment {
    static final int NONE = -1;

    private final int[][] orders;
    private final int[] owner;
    private final int[] count;

    /** @param orders each layer's growth order (Open layers' are never used) */
    CpuAssignment(int[][] orders, int nrCpuIds) {
        this.orders = orders;
        this.owner = new int[nrCpuIds];
        this.count = new int[orders.length];
        Arrays.fill(owner, NONE);
    }

    /**
     * Moves CPUs so that layer l owns target[l] (the targets add up to at most the CPUs in the
     * orders); returns whether any CPU changed owner.
     */
    boolean assign(int[] target) {
        boolean changed = false;
        for (int l = 0; l < orders.length; l++) {
            for (int i = orders[l].length - 1; i >= 0 && count[l] > target[l]; i--) {
                int cpu = orders[l][i];
                if (owner[cpu] == l) {
                    owner[cpu] = NONE;
                    count[l]--;
                    changed = true;
                }
            }
        }
        for (int l = 0; l < orders.length; l++) {
            for (int i = 0; i < orders[l].length && count[l] < target[l]; i++) {
                int cpu = orders[l][i];
                if (owner[cpu] == NONE) {
                    owner[cpu] = l;
                    count[l]++;
                    changed = true;
                }
            }
        }
        return changed;
    }

    /** The owning layer of each CPU id, or {@link #NONE}; live, not to be changed. */
    int[] owners() {
        return owner;
    }

    /** How many CPUs each layer owns; live, not to be changed. */
    int[] counts() {
        return count;
    }
}
