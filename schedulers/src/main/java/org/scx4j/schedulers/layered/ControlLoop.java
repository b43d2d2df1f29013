package org.scx4j.schedulers.layered;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.scx4j.bpf.BpfMap;
import org.scx4j.bpf.GlobalData;

/**
 * scx_layered's Java side while it runs, one thread, one step every {@code -i}: the CPU time each
 * layer used since the last step (from {@code layer_runtime_ns[]}), the layers' sizes
 * ({@link LayerSizing}) and CPUs ({@link CpuAssignment}) written into {@code cpu_owner[]}, and,
 * with cgroup rules, the cgroups rescanned so that new ones match ({@link CgroupRules}): when
 * their number changed, and every {@link #FULL_RESCAN_NS} for what a count cannot see (a
 * cgroup renamed, or one removed and another made between two steps). Apart from that rescan,
 * which walks the file system, a step allocates nothing. The per-layer figures
 * are kept in arrays the stats read as they are (a report may mix two steps).
 */
final class ControlLoop {
    static final long FULL_RESCAN_NS = 5_000_000_000L;

    private final GlobalData bss;
    private final LayerSizing sizing;
    private final CpuAssignment cpus;
    private final CgroupRules cgroupRules;
    private final BpfMap cgroupMap;
    private final Path cgroupRoot;
    private final long intervalNs;
    private final MemorySegment runtime, tasks, owner, layerCpus;
    private final long[] lastRuntime, nrTasks;
    private final double[] used, util;
    private final Map<Long, Long> cgroups = new HashMap<>(), scanned = new HashMap<>();
    private long lastStep, lastScan, descendants = -2;

    ControlLoop(GlobalData bss, BpfMap cgroupMap, LayerSizing sizing, CpuAssignment cpus, CgroupRules cgroupRules,
            Path cgroupRoot, int nrLayers, long intervalNs) {
        this.bss = bss;
        this.cgroupMap = cgroupMap;
        this.sizing = sizing;
        this.cpus = cpus;
        this.cgroupRules = cgroupRules;
        this.cgroupRoot = cgroupRoot;
        this.intervalNs = intervalNs;
        this.runtime = bss.segment("layer_runtime_ns");
        this.tasks = bss.segment("layer_nr_tasks");
        this.owner = bss.segment("cpu_owner");
        this.layerCpus = bss.segment("layer_nr_cpus");
        this.lastRuntime = new long[nrLayers];
        this.nrTasks = new long[nrLayers];
        this.used = new double[nrLayers];
        this.util = new double[nrLayers];
    }

    /** Runs until interrupted. */
    void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(intervalNs / 1_000_000, (int) (intervalNs % 1_000_000));
                step(System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One step at time now (nanoTime); the first one, before attaching, sizes every layer to its minimum. */
    void step(long now) {
        long elapsed = lastStep == 0 ? 0 : now - lastStep;
        lastStep = now;
        int[] owned = cpus.counts();
        for (int l = 0; l < used.length; l++) {
            long total = runtime.getAtIndex(ValueLayout.JAVA_LONG, l);
            used[l] = elapsed > 0 ? (double) (total - lastRuntime[l]) / elapsed : 0;
            lastRuntime[l] = total;
            nrTasks[l] = Math.max(0, tasks.getAtIndex(ValueLayout.JAVA_LONG, l));
            util[l] = owned[l] > 0 ? used[l] / owned[l] : 0;
        }
        boolean first = elapsed == 0;
        if (cpus.assign(sizing.targets(used, owned)) || first) { // BPF's zeroed array says layer 0 owns all
            int[] owners = cpus.owners();
            for (int cpu = 0; cpu < owners.length; cpu++) owner.setAtIndex(ValueLayout.JAVA_INT, cpu, owners[cpu]);
            for (int l = 0; l < owned.length; l++) layerCpus.setAtIndex(ValueLayout.JAVA_INT, l, owned[l]);
            bss.setLong("owner_gen", bss.getLong("owner_gen") + 1);
        }
        if (!cgroupRules.isEmpty()) {
            long count = CgroupRules.descendants(cgroupRoot);
            if (count != descendants || count < 0 || first || now - lastScan >= FULL_RESCAN_NS) {
                descendants = count;
                lastScan = now;
                rescanCgroups();
            }
        }
    }

    /** Brings the BPF map up to date with the cgroups as they are now; BPF rematches tasks when it changed. */
    private void rescanCgroups() {
        cgroupRules.scan(cgroupRoot, scanned);
        if (scanned.equals(cgroups)) return;
        for (Long id : cgroups.keySet()) {
            if (!scanned.containsKey(id)) cgroupMap.delete(BpfMap.u64(id));
        }
        scanned.forEach((id, bits) -> {
            if (!bits.equals(cgroups.get(id))) cgroupMap.update(BpfMap.u64(id), BpfMap.u64(bits));
        });
        cgroups.clear();
        cgroups.putAll(scanned);
        bss.setLong("cgroup_gen", bss.getLong("cgroup_gen") + 1);
    }

    /** CPUs' worth of time each layer used over the last step, per CPU it owns (its utilization). */
    double util(int layer) {
        return util[layer];
    }

    /** The CPU time each layer used over the last step, in CPUs. */
    double used(int layer) {
        return used[layer];
    }

    long tasks(int layer) {
        return nrTasks[layer];
    }

    int cpus(int layer) {
        return cpus.counts()[layer];
    }
}
