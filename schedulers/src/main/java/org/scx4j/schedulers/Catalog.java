package org.scx4j.schedulers;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.scx4j.core.BpfScheduler;
import org.scx4j.schedulers.bpfland.ScxBpfland;
import org.scx4j.schedulers.central.ScxCentral;
import org.scx4j.schedulers.flash.ScxFlash;
import org.scx4j.schedulers.flatcg.ScxFlatcg;
import org.scx4j.schedulers.javaland.ScxJavaland;
import org.scx4j.schedulers.jfifo.ScxJfifo;
import org.scx4j.schedulers.cosmos.ScxCosmos;
import org.scx4j.schedulers.nest.ScxNest;
import org.scx4j.schedulers.pair.ScxPair;
import org.scx4j.schedulers.prev.ScxPrev;
import org.scx4j.schedulers.qmap.ScxQmap;
import org.scx4j.schedulers.layered.ScxLayered;
import org.scx4j.schedulers.rusty.ScxRusty;
import org.scx4j.schedulers.simple.ScxSimple;
import org.scx4j.schedulers.userland.ScxUserland;
import picocli.CommandLine;

/**
 * Every scheduler scx4j ships, in one list: its name, a one-line description, whether its
 * policy runs in BPF or in Java, and how to run it (a picocli command taking the
 * scheduler's own options). {@code scx4j run}, {@code try}, {@code list} and {@code bench}
 * all read this list, so adding a scheduler means adding one line here.
 */
public final class Catalog {

    /**
     * Where a scheduler's decisions are made, and so what its JVM needs. Both kinds use the
     * serial collector (no concurrent GC threads; a Java policy allocates nothing per task,
     * so its young collections are short and BPF covers them), small thread stacks, no
     * perf-data file and no housekeeping wakes between reports ({@code COMMON}). A BPF
     * scheduler's Java side only loads, reports and waits: it runs interpreted, with a
     * small heap. Its start is mostly code that runs once, where a JIT
     * only adds work (under emulation its compiler thread doubled the time to attach,
     * 11-13 s interpreted against 22-29 s with C1), and a report a second never gets hot.
     * A Java policy keeps the JIT for its decision path, its first tier only (C1), and gets
     * a larger heap. C2 made no scheduling figure better (messaging and wake-up latency the
     * same in one bench) while its compiles doubled the process's CPU, added 12 MiB of RSS
     * and, on two CPUs, slowed every step of the start; C1 also finishes the warm-up's
     * rounds in 1.9 s, where C2 was still compiling at its 3 s bound. Its methods compile
     * only after ten times the JVM's usual number of calls: the start's code runs a few
     * hundred times at most, and compiling it (600 methods, 280 with the higher bar) took
     * CPU from libbpf's link and load; the warm-up still compiles the decision path, which
     * it calls a hundred thousand times.
     */
    public enum Kind {
        BPF("-Xms4m", "-Xmx32m", "-Xint"),
        JAVA("-Xms16m", "-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=10");

        /**
         * Both kinds' options. The last three keep an idle scheduler's JVM asleep between its
         * reports: by default it wakes four times a second to look for locks to deflate and
         * once a second for table clean-ups, which under emulation cost more CPU than a C
         * loader's whole second. Locks are still deflated once a minute, and whenever the JVM
         * asks for it; the clean-ups run when notified or once a minute.
         */
        private static final List<String> COMMON = List.of("-XX:+UseSerialGC", "-Xss256k", "-XX:-UsePerfData",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:AsyncDeflationInterval=0", "-XX:ServiceThreadCleanupInterval=60000");

        private final List<String> own;

        Kind(String... own) {
            this.own = List.of(own);
        }

        /** The options every launcher of such a scheduler passes to {@code java}. */
        public List<String> jvmOptions() {
            return Stream.concat(COMMON.stream(), own.stream()).toList();
        }
    }

    /**
     * One scheduler.
     *
     * @param name        the executable-style name, e.g. {@code scx_simple}
     * @param description one line for {@code scx4j list}
     * @param kind        BPF or Java policy
     * @param command     makes a fresh picocli command object for it (options, {@code -h}, {@code -V})
     */
    public record Entry(String name, String description, Kind kind, Supplier<Callable<Integer>> command) {

        /** The oldest kernel it works on; on older ones it refuses to start, saying so. */
        public String minimumKernel() {
            return ((BpfScheduler) command.get()).minimumKernel();
        }

        /** The name the kernel shows in {@code /sys/kernel/sched_ext/root/ops} while it runs. */
        public String opsName() {
            return name.substring("scx_".length());
        }

        /**
         * Parses {@code args} as the scheduler's options and runs it; returns the process exit
         * code. A bad option is one line naming it and exit 2, as upstream's schedulers do,
         * rather than picocli's whole usage text. A start with the defaults (and maybe
         * {@code -v}) skips picocli: see {@link DefaultsStart}.
         */
        public int run(String... args) {
            Callable<Integer> cmd = command.get();
            if (cmd instanceof DefaultsStart d && DefaultsStart.takesDefaults(args)) return d.runWithDefaults(args.length == 1);
            return new CommandLine(cmd).setParameterExceptionHandler((e, rest) -> {
                e.getCommandLine().getErr().println(name + ": " + e.getMessage() + " (see " + name + " --help)");
                return 2;
            }).execute(args);
        }
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry("scx_simple", "weighted vtime (FIFO with -f) through one shared queue; idle CPUs get tasks directly",
                    Kind.BPF, ScxSimple::new),
            new Entry("scx_prev", "an idle previous CPU first, then any idle CPU, else the global queue (all in select_cpu)",
                    Kind.BPF, ScxPrev::new),
            new Entry("scx_central", "one CPU makes every decision and hands tasks to the others with infinite slices; a timer preempts",
                    Kind.BPF, ScxCentral::new),
            new Entry("scx_qmap", "five weight-chosen FIFOs dispatched in weighted batches; a test bed for sched_ext features",
                    Kind.BPF, ScxQmap::new),
            new Entry("scx_flatcg", "cgroup cpu.weight shares flattened into one level; cgroups, then tasks, by vtime",
                    Kind.BPF, ScxFlatcg::new),
            new Entry("scx_nest", "tasks packed onto a primary nest of warm cores, grown from a reserve nest, shrunk when idle",
                    Kind.BPF, ScxNest::new),
            new Entry("scx_pair", "CPUs in pairs (-S stride) that only ever run tasks of the same cgroup at once, cgroup after cgroup",
                    Kind.BPF, ScxPair::new),
            new Entry("scx_cosmos", "tasks stay on their CPU while it is not busy; by deadline through a shared queue when it is",
                    Kind.BPF, ScxCosmos::new),
            new Entry("scx_bpfland", "by virtual deadline, tasks that wake often ahead of CPU hogs; per-CPU and per-node queues",
                    Kind.BPF, ScxBpfland::new),
            new Entry("scx_flash", "earliest deadline first; nice and cgroup cpu.weight scale every slice and deadline",
                    Kind.BPF, ScxFlash::new),
            new Entry("scx_rusty", "one vtime queue per last-level cache; idle CPUs and stealing in BPF, load balanced between caches from Java",
                    Kind.BPF, ScxRusty::new),
            new Entry("scx_layered", "layers of tasks chosen by JSON match rules, each with its own queues and CPUs sized from Java",
                    Kind.BPF, ScxLayered::new),
            new Entry("scx_javaland", "Java policy: earliest virtual deadline first, interactive tasks boosted, slices scaled by load",
                    Kind.JAVA, ScxJavaland::new),
            new Entry("scx_jfifo", "Java policy: first in, first out; the smallest Java scheduler",
                    Kind.JAVA, ScxJfifo::new),
            new Entry("scx_userland", "Java policy: weighted vruntime order, dispatched in batches (-b)",
                    Kind.JAVA, ScxUserland::new));

    private Catalog() {}

    /** All schedulers, in the order {@code scx4j list} shows them. */
    public static List<Entry> all() {
        return ENTRIES;
    }

    /** The scheduler named {@code name}; the {@code scx_} prefix may be left out. */
    public static Optional<Entry> find(String name) {
        String full = name.startsWith("scx_") ? name : "scx_" + name;
        return ENTRIES.stream().filter(e -> e.name().equals(full)).findFirst();
    }

    /** Like {@link #find}, but an unknown name is an error listing the known ones. */
    public static Entry require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown scheduler '" + name
                + "'; known: " + ENTRIES.stream().map(Entry::name).collect(Collectors.joining(", "))));
    }
}
