package org.scx4j.schedulers.qmap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.bpf.StructView;
import org.scx4j.core.KernelCompat;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.schedulers.BpfSchedulerCommand;
import org.scx4j.schedulers.SchedulerVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * scx_qmap: five weight-chosen FIFOs dispatched in weighted batches, plus the options that
 * make it a test bed (forced errors, stalls, dispatch loops, boosting, dumps). The policy is
 * in {@code scx_qmap.bpf.c}; this class maps the options to {@code .rodata}, {@code .bss}
 * and {@code ops}, and prints upstream's once-a-second lines.
 */
@Command(name = "scx_qmap", mixinStandardHelpOptions = true, versionProvider = SchedulerVersion.class,
        description = {"A simple five-level FIFO queue sched_ext scheduler: a task's weight picks its queue, and each",
            "CPU takes 1, 2, 4, 8, 16 tasks from queues 0..4 in turn. A demo and test bed, not for real workloads.",
            "Prints enq= dsp= delta= reenq= deq= core= ... each second; Ctrl-C stops it."},
        footer = {"", "Upstream options not offered: -c CG_PATH, -R MS, -B PPT, -q US, -J MODE (hierarchical",
            "sub-scheduling and its rescue path: built on CPU ids (cids) and a sub-scheduler interface that differ",
            "between 7.2 and 7.3), -C MODE (cid override, 7.3 only), -I and -F COUNT (SCX_OPS_ALWAYS_ENQ_IMMED,",
            "7.3 only), -N COUNT (task contexts live in task storage here, so there is no slab to size),",
            "-M (debug messages) and -i SEC (the counters print every second)."})
public final class ScxQmap extends BpfSchedulerCommand {
    static final int MAX_DUMP_LEN = 32768; // SCX_EXIT_DUMP_BUF in scx/exit_info.bpf.h: the dump the runtime can read
    static final long SWITCH_PARTIAL = 8; // SCX_OPS_SWITCH_PARTIAL, the same on every kernel

    @Option(names = "-s", paramLabel = "SLICE_US", description = "Override slice duration (default: the kernel's, 20 ms).")
    long sliceUs;

    @Option(names = "-e", paramLabel = "COUNT", description = "Trigger scx_bpf_error() after COUNT enqueues.")
    long errorAfter;

    @Option(names = "-t", paramLabel = "COUNT", description = "Stall every COUNT'th user thread (the watchdog ends it).")
    int stallUserNth;

    @Option(names = "-T", paramLabel = "COUNT", description = "Stall every COUNT'th kernel thread.")
    int stallKernelNth;

    @Option(names = "-l", paramLabel = "COUNT", description = "Trigger dispatch infinite looping after COUNT dispatches.")
    int loopAfter;

    @Option(names = "-b", paramLabel = "COUNT", description = "Dispatch up to COUNT tasks together.")
    int batch;

    @Option(names = "-P", description = "Print out DSQ content and event counters to trace_pipe every second.")
    boolean printDsqs;

    @Option(names = "-H", description = "Boost nice -20 tasks in SHARED_DSQ, use with -b.")
    boolean highpriBoost;

    @Option(names = "-d", paramLabel = "PID", description = "Disallow a process from switching into SCHED_EXT (-1 for self); threads it starts later are scheduled.")
    Integer disallowPid;

    @Option(names = "-D", paramLabel = "LEN", description = "Set scx_exit_info.dump buffer length (1.." + MAX_DUMP_LEN + ").")
    Integer dumpLen;

    @Option(names = "-S", description = "Suppress qmap-specific debug dump.")
    boolean suppressDump;

    @Option(names = "-p", description = "Switch only tasks on SCHED_EXT policy instead of all.")
    boolean partial;

    @Override
    protected MetricSet metrics() {
        return QmapStats.METRICS;
    }

    @Override
    protected Optional<String> invalidOptions() {
        if (sliceUs < 0 || sliceUs > 1_000_000_000L) return Optional.of("-s " + sliceUs + ": the slice must be 1.." + 1_000_000_000L + " us");
        if (errorAfter < 0) return Optional.of("-e " + errorAfter + ": COUNT cannot be negative");
        if (stallUserNth < 0 || stallKernelNth < 0 || loopAfter < 0 || batch < 0)
            return Optional.of("-t, -T, -l and -b take a COUNT of 0 or more");
        if (dumpLen != null && (dumpLen < 1 || dumpLen > MAX_DUMP_LEN))
            return Optional.of("-D " + dumpLen + ": the dump length must be 1.." + MAX_DUMP_LEN + " bytes");
        if (disallowPid != null && disallowPid != -1 && (disallowPid <= 0 || !Files.isDirectory(Path.of("/proc", disallowPid.toString()))))
            return Optional.of("-d " + disallowPid + ": no such process (give a PID, or -1 for this one)");
        return Optional.empty();
    }

    @Override
    public String name() {
        return "scx_qmap";
    }

    @Override
    public void configure(GlobalData rodata, KernelCompat kernel) {
        rodata.setLong("slice_ns", sliceUs * 1000);
        rodata.setInt("stall_user_nth", stallUserNth);
        rodata.setInt("stall_kernel_nth", stallKernelNth);
        rodata.setInt("dsp_inf_loop_after", loopAfter);
        rodata.setInt("dsp_batch", batch);
        rodata.setBoolean("highpri_boosting", highpriBoost);
        rodata.setBoolean("print_dsqs_and_events", printDsqs);
        rodata.setBoolean("suppress_dump", suppressDump);
        if (disallowPid != null)
            rodata.setInt("disallow_tgid", disallowPid == -1 ? (int) ProcessHandle.current().pid() : disallowPid);
    }

    @Override
    public void configureOps(StructView ops) {
        if (dumpLen != null) ops.setInt("exit_dump_len", dumpLen);
        if (partial) ops.setLong("flags", ops.getLong("flags") | SWITCH_PARTIAL);
    }

    /** The -e countdown is in .bss (BPF counts it down), so it is set once loaded, before attaching. */
    @Override
    public void beforeAttach(BpfObject loaded) {
        loaded.bss().setLong("test_error_cnt", errorAfter);
    }

    @Override
    public Map<String, ?> readStats(BpfObject loaded) {
        return QmapStats.read(loaded.bss()).values();
    }

    @Override
    public String report(BpfObject loaded) {
        return QmapStats.read(loaded.bss()).lines();
    }
}
