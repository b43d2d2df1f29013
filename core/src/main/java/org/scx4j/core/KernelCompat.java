package org.scx4j.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.scx4j.bpf.Btf;
import org.scx4j.bpf.GlobalData;

/**
 * The sched_ext interface of the running kernel, read from its BTF rather than assumed:
 * the built-in DSQ ids, the default slice, the exit kinds and exit-code bits, the task
 * states (7.3 moved them to another enum), and which kfuncs exist. The runtime passes the
 * values BPF code needs through {@code .rodata} ({@link #fillRodata}) and uses the rest to
 * read exit info; a kernel whose BTF lacks sched_ext fails here with a clear message.
 *
 * @param values the enumerators this code relies on, by name
 * @param kfuncs the sched_ext kfuncs of interest and whether the kernel has them
 */
public record KernelCompat(Map<String, Long> values, Map<String, Boolean> kfuncs) {

    /** Enumerators the runtime and the shared BPF header need; each must exist. */
    static final List<String> REQUIRED = List.of("SCX_DSQ_LOCAL", "SCX_DSQ_GLOBAL", "SCX_SLICE_DFL",
            "SCX_EXIT_NONE", "SCX_EXIT_DONE", "SCX_EXIT_ERROR", "SCX_ECODE_ACT_RESTART", "SCX_OPS_SWITCH_PARTIAL");
    /** Enumerators read when present (newer or moved ones). */
    static final List<String> OPTIONAL = List.of("SCX_EXIT_UNREG", "SCX_EXIT_UNREG_BPF", "SCX_EXIT_UNREG_KERN",
            "SCX_EXIT_SYSRQ", "SCX_EXIT_PARENT", "SCX_EXIT_PARENT_KILL", "SCX_EXIT_ERROR_BPF", "SCX_EXIT_ERROR_STALL",
            "SCX_EXIT_ERROR_REENQ", "SCX_EXIT_ERROR_RESCUE", "SCX_ECODE_RSN_HOTPLUG", "SCX_DSQ_LOCAL_ON",
            "SCX_TASK_NONE", "SCX_TASK_INIT", "SCX_TASK_READY", "SCX_TASK_ENABLED",
            "SCX_OPS_HAS_CGROUP_WEIGHT", "SCX_OPS_ENQ_MIGRATION_DISABLED");
    /** The enums that hold those enumerators in the kernels we know (task states moved to scx_ent_flags in 7.3). */
    static final List<String> SCX_ENUMS = List.of("scx_dsq_id_flags", "scx_public_consts", "scx_exit_kind", "scx_exit_code",
            "scx_ops_flags", "scx_ent_flags", "scx_task_state");
    /** kfuncs whose presence tells which kernel generation this is. */
    static final List<String> KFUNCS = List.of("scx_bpf_dsq_insert", "scx_bpf_dispatch", "scx_bpf_dsq_insert___v2",
            "scx_bpf_dsq_move_to_local", "scx_bpf_dsq_move_to_local___v2", "scx_bpf_consume",
            "__scx_bpf_dsq_insert_vtime", "scx_bpf_events", "scx_bpf_now", "scx_bpf_task_set_dsq_vtime");

    public KernelCompat {
        values = Map.copyOf(values);
        kfuncs = Map.copyOf(kfuncs);
    }

    /** Reads the running kernel's BTF (/sys/kernel/btf/vmlinux), freeing libbpf's copy of it after. */
    public static KernelCompat probe() {
        try (Btf vmlinux = Btf.loadVmlinux()) {
            return probe(vmlinux);
        }
    }

    /** {@link #probe()}, the values then kept in {@code cache} for the next start. */
    static KernelCompat probeAndKeep(KernelCompatCache cache) {
        KernelCompat read = probe();
        cache.write(read);
        return read;
    }

    /** Reads a given BTF; throws naming the first missing piece when it is not a sched_ext kernel. */
    public static KernelCompat probe(Btf btf) {
        if (!btf.hasMember("sched_ext_ops", "name"))
            throw new IllegalStateException("the kernel's BTF has no struct sched_ext_ops: the kernel lacks sched_ext ("
                    + "CONFIG_SCHED_CLASS_EXT)");
        // The enums sched_ext keeps its constants in, read by name; only a required value
        // found elsewhere (a kernel that moved it) costs a scan of every enum.
        Map<String, Long> known = btf.enumerators(SCX_ENUMS);
        Map<String, Long> values = new LinkedHashMap<>();
        for (String name : REQUIRED) {
            OptionalLong v = known.containsKey(name) ? OptionalLong.of(known.get(name)) : btf.enumValue(name);
            if (v.isEmpty())
                throw new IllegalStateException("the kernel's BTF lacks " + name
                        + ": this sched_ext version is not supported (6.12 or newer is)");
            values.put(name, v.getAsLong());
        }
        for (String name : OPTIONAL) if (known.containsKey(name)) values.put(name, known.get(name));
        Map<String, Boolean> kfuncs = new LinkedHashMap<>();
        for (String f : KFUNCS) kfuncs.put(f, btf.hasFunc(f));
        return new KernelCompat(values, kfuncs);
    }

    /** An enumerator's value in this kernel. */
    public long value(String enumerator) {
        Long v = values.get(enumerator);
        if (v == null) throw new IllegalArgumentException("the kernel does not define " + enumerator);
        return v;
    }

    public boolean has(String enumerator) {
        return values.containsKey(enumerator);
    }

    public boolean hasKfunc(String name) {
        return kfuncs.getOrDefault(name, false);
    }

    /** Writes the kernel values that {@code scx/common.bpf.h} declares in .rodata (those the object has). */
    public void fillRodata(GlobalData rodata) {
        var names = rodata.names();
        if (names.contains("scx_dsq_local_id")) rodata.setLong("scx_dsq_local_id", value("SCX_DSQ_LOCAL"));
        if (names.contains("scx_dsq_global_id")) rodata.setLong("scx_dsq_global_id", value("SCX_DSQ_GLOBAL"));
        if (names.contains("scx_slice_dfl_ns")) rodata.setLong("scx_slice_dfl_ns", value("SCX_SLICE_DFL"));
    }

    /** Whether an exit of this kind is an error (a BPF error, a watchdog stall, ...). */
    public boolean isErrorKind(long kind) {
        return kind >= value("SCX_EXIT_ERROR");
    }

    /** Whether the exit code asks userspace to load the scheduler again (after CPU hotplug). */
    public boolean asksRestart(long exitCode) {
        return (exitCode & value("SCX_ECODE_ACT_RESTART")) != 0;
    }

    /** The enumerator name of an exit kind, e.g. {@code SCX_EXIT_ERROR_STALL}, or the number. */
    public String exitKindName(long kind) {
        return values.entrySet().stream()
                .filter(e -> e.getKey().startsWith("SCX_EXIT_") && e.getValue() == kind)
                .map(Map.Entry::getKey).findFirst().orElse(Long.toString(kind));
    }
}
