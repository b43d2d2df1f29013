package org.scx4j.schedulers.rusty;

import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.bpf.StructView;
import org.scx4j.core.KernelCompat;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.core.topology.Topology;
import org.scx4j.schedulers.SchedulerVersion;
import org.scx4j.schedulers.idle.IdleSchedulerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * scx_rusty: one domain per last-level cache, scheduled in BPF ({@code scx_rusty.bpf.c}),
 * balanced from Java. This class is upstream's options, the domains for the BPF side, and the
 * {@link ControlLoop} (tuner and load balancer) while it runs.
 */
@Command(name = "scx_rusty", mixinStandardHelpOptions = true, versionProvider = SchedulerVersion.class,
        description = {"Multi-domain BPF / Java hybrid: one vtime queue per last-level cache (-c, -C),",
            "idle CPUs and stealing in BPF, load balanced between domains from Java every -i s.",
            "--mempolicy-affinity and --perf are not supported. Ctrl-C stops it."})
public final class ScxRusty extends IdleSchedulerCommand {
    /** The BPF side's {@code LB_MAX_TASKS}: tasks the balancer can see. */
    static final int MAX_TASKS = 16384;
    private static final long SWITCH_PARTIAL = 8; // SCX_OPS_SWITCH_PARTIAL, the same on every kernel

    @Option(names = {"-u", "--slice-us-underutil"}, paramLabel = "US",
            description = "Scheduling slice while some CPU idles, in microseconds (default: ${DEFAULT-VALUE}).")
    long sliceUsUnderutil = 20000;

    @Option(names = {"-o", "--slice-us-overutil"}, paramLabel = "US",
            description = "Scheduling slice once every CPU is busy, in microseconds (default: ${DEFAULT-VALUE}).")
    long sliceUsOverutil = 1000;

    @Option(names = {"-i", "--interval"}, paramLabel = "SECS", description = "Load balance interval in seconds (default: ${DEFAULT-VALUE}).")
    double interval = 2.0;

    @Option(names = {"-I", "--tune-interval"}, paramLabel = "SECS",
            description = "Interval of the tuner (greedy CPUs and slice from /proc/stat) in seconds (default: ${DEFAULT-VALUE}).")
    double tuneInterval = 0.1;

    @Option(names = {"-l", "--load-half-life"}, paramLabel = "SECS",
            description = "Half-life of the tasks' load running averages in seconds (default: ${DEFAULT-VALUE}).")
    double loadHalfLife = 1.0;

    @Option(names = {"-c", "--cache-level"}, paramLabel = "LEVEL",
            description = "Build domains from the CPUs that share the cache of this level (default: 3, the last-level cache).")
    Integer cacheLevel;

    @Option(names = {"-C", "--cpumasks"}, arity = "1..*", paramLabel = "MASK",
            description = "One domain per hexadecimal CPU mask instead (every CPU in exactly one), e.g. -C 0xf -C 0xf0.")
    List<String> cpumasks;

    @Option(names = {"-g", "--greedy-threshold"}, paramLabel = "N",
            description = "A CPU with nothing queued in its domain steals from a domain of its node with N or more queued; 0 disables (default: ${DEFAULT-VALUE}).")
    int greedyThreshold = 1;

    @Option(names = "--greedy-threshold-x-numa", paramLabel = "N",
            description = "The same across NUMA nodes (with -g nonzero); 0 disables (default: ${DEFAULT-VALUE}).")
    int greedyThresholdXNuma = 0;

    @Option(names = "--no-load-balance", description = "Disable load balancing (loads are still measured and reported).")
    boolean noLoadBalance;

    @Option(names = {"-k", "--kthreads-local"}, description = "Put per-CPU kthreads directly into their CPU's local queue.")
    boolean kthreadsLocal;

    @Option(names = {"-b", "--balanced-kworkers"}, description = "Leave kworkers out of load balancing (the kernel balances them).")
    boolean balancedKworkers;

    @Option(names = {"-f", "--fifo-sched"}, description = "Use FIFO scheduling instead of weighted vtime scheduling.")
    boolean fifoSched;

    @Option(names = {"-D", "--direct-greedy-under"}, paramLabel = "PCT",
            description = "Idle CPUs of domains busy under PCT%% take waking tasks of other domains directly; 0 disables, 100 always (default: ${DEFAULT-VALUE}).")
    double directGreedyUnder = 90.0;

    @Option(names = {"-K", "--kick-greedy-under"}, paramLabel = "PCT",
            description = "Idle CPUs of domains busy under PCT%% are kicked to steal when a task queues elsewhere; 0 disables, 100 always (default: ${DEFAULT-VALUE}).")
    double kickGreedyUnder = 100.0;

    @Option(names = {"-r", "--direct-greedy-numa"}, description = "Let -D push tasks to idle CPUs of other NUMA nodes too.")
    boolean directGreedyNuma;

    @Option(names = {"-p", "--partial"}, description = "Only schedule tasks whose policy is SCHED_EXT.")
    boolean partial;

    private Domains domains;
    private ControlLoop loop;

    @Override
    protected MetricSet metrics() {
        Domains d = domains;
        if (d == null) { // --help-stats or --monitor: this machine's default domains, if it can be read
            try {
                d = Domains.byCache(Topology.live(), 3, Path.of("/sys"));
            } catch (RuntimeException e) {
                return RustyStats.metrics(1, 1);
            }
        }
        return RustyStats.metrics(d.size(), maxNode(d) + 1);
    }

    @Override
    public Optional<String> checkOptions() {
        long maxUs = Long.MAX_VALUE / 1000 / 1024;
        if (sliceUsUnderutil < 1 || sliceUsUnderutil > maxUs) return Optional.of("-u takes 1 to " + maxUs + " microseconds; got " + sliceUsUnderutil);
        if (sliceUsOverutil < 1 || sliceUsOverutil > maxUs) return Optional.of("-o takes 1 to " + maxUs + " microseconds; got " + sliceUsOverutil);
        if (!(interval > 0) || interval > 3600) return Optional.of("-i takes seconds above 0 (at most 3600); got " + interval);
        if (!(tuneInterval >= 0.01) || tuneInterval > 3600) return Optional.of("-I takes 0.01 to 3600 seconds; got " + tuneInterval);
        if (!(loadHalfLife > 0) || loadHalfLife > 3600) return Optional.of("-l takes seconds above 0 (at most 3600); got " + loadHalfLife);
        if (greedyThreshold < 0) return Optional.of("-g takes 0 (off) or more queued tasks; got " + greedyThreshold);
        if (greedyThresholdXNuma < 0) return Optional.of("--greedy-threshold-x-numa takes 0 (off) or more; got " + greedyThresholdXNuma);
        if (!(directGreedyUnder >= 0 && directGreedyUnder <= 100)) return Optional.of("-D takes a percentage, 0 to 100; got " + directGreedyUnder);
        if (!(kickGreedyUnder >= 0 && kickGreedyUnder <= 100)) return Optional.of("-K takes a percentage, 0 to 100; got " + kickGreedyUnder);
        if (cpumasks != null && cacheLevel != null) return Optional.of("-c and -C exclude each other");
        if (cacheLevel != null && (cacheLevel < 1 || cacheLevel > 4)) return Optional.of("-c takes a cache level, 1 to 4; got " + cacheLevel);
        try {
            var topology = machine.topology();
            domains = cpumasks != null ? Domains.byMasks(topology, cpumasks)
                    : Domains.byCache(topology, cacheLevel == null ? 3 : cacheLevel, Path.of("/sys"));
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return parsePrimary(null);
    }

    /** The domains the options chose (after {@link #checkOptions}). */
    Domains domains() {
        return domains;
    }

    @Override
    public void configure(GlobalData rodata, KernelCompat kernel) {
        requireChecked();
        machine.configure(rodata, primary, true, true, false, false);
        // scx/idle.bpf.h's "LLC" of each CPU is its domain: the idle search's first circle.
        int[] cpuDom = domains.cpuDomains(machine.nrCpuIds());
        var llc = rodata.segment("idle_cpu_llc");
        for (int cpu = 0; cpu < cpuDom.length; cpu++) llc.setAtIndex(ValueLayout.JAVA_INT, cpu, cpuDom[cpu]);
        rodata.setInt("nr_doms", domains.size());
        var node = rodata.segment("dom_node");
        for (int d = 0; d < domains.size(); d++) node.setAtIndex(ValueLayout.JAVA_INT, d, domains.node()[d]);
        rodata.setInt("greedy_threshold", greedyThreshold);
        rodata.setInt("greedy_threshold_x_numa", greedyThresholdXNuma);
        rodata.setBoolean("direct_greedy_numa", directGreedyNuma);
        rodata.setBoolean("kthreads_local", kthreadsLocal);
        rodata.setBoolean("fifo_sched", fifoSched);
    }

    @Override
    public void configureOps(StructView ops, KernelCompat kernel) {
        if (partial) ops.setLong("flags", ops.getLong("flags") | SWITCH_PARTIAL);
    }

    @Override
    public void beforeAttach(BpfObject loaded) {
        GlobalData bss = loaded.bss();
        var tuner = new Tuner(domains, machine.nrCpuIds(), directGreedyUnder / 100, kickGreedyUnder / 100,
                sliceUsUnderutil * 1000, sliceUsOverutil * 1000);
        tuner.step(bss);
        loop = new ControlLoop(bss, tuner, domains, MAX_TASKS, seconds(tuneInterval), seconds(interval),
                seconds(loadHalfLife), !noLoadBalance, balancedKworkers);
    }

    @Override
    public Running whileAttached(BpfObject loaded) {
        return Running.onThread("scx_rusty-balancer", loop::run);
    }

    @Override
    public Map<String, ?> readStats(BpfObject loaded) {
        return RustyStats.read(loaded, loop);
    }

    @Override
    public String name() {
        return "scx_rusty";
    }

    private static long seconds(double s) {
        return Math.round(s * 1e9);
    }

    private static int maxNode(Domains d) {
        int max = 0;
        for (int n : d.node()) max = Math.max(max, n);
        return max;
    }
}
