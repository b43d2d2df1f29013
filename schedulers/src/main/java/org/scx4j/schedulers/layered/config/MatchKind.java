package org.scx4j.schedulers.layered.config;

import java.util.Map;

/**
 * The match rules, spelled in JSON as upstream's ({@code {"NiceAbove": 0}}), with the kind of
 * value each takes. Rules upstream has and this implementation does not are in
 * {@link #UNSUPPORTED} so the error can say "not supported" rather than "unknown".
 */
public enum MatchKind {
    CgroupPrefix(Arg.CGROUP),
    CgroupSuffix(Arg.CGROUP),
    CgroupContains(Arg.CGROUP),
    CgroupRegex(Arg.REGEX),
    CommPrefix(Arg.COMM),
    CommPrefixExclude(Arg.COMM),
    PcommPrefix(Arg.COMM),
    PcommPrefixExclude(Arg.COMM),
    NiceAbove(Arg.NICE),
    NiceBelow(Arg.NICE),
    NiceEquals(Arg.NICE),
    UIDEquals(Arg.ID),
    GIDEquals(Arg.ID),
    PIDEquals(Arg.ID),
    PPIDEquals(Arg.ID),
    TGIDEquals(Arg.ID),
    IsGroupLeader(Arg.BOOL),
    IsKthread(Arg.BOOL),
    /** Average runtime per run in microseconds, within [min, max). */
    AvgRuntime(Arg.RANGE);

    /** The shape of a rule's value. */
    public enum Arg {
        /** A cgroup path piece; it must fit the kernel-side buffer of {@link Match#MAX_PATH} bytes with its NUL. */
        CGROUP,
        /** A java.util.regex pattern matched against the cgroup path in Java. */
        REGEX,
        /** A task name piece; a comm is at most {@link Match#MAX_COMM} - 1 bytes, so a longer one never matches. */
        COMM,
        /** A nice value, -20..19. */
        NICE,
        /** A user, group, process or thread id (u32). */
        ID,
        BOOL,
        /** [min, max) of unsigned integers, min below max. */
        RANGE
    }

    private final Arg arg;

    MatchKind(Arg arg) {
        this.arg = arg;
    }

    public Arg arg() {
        return arg;
    }

    /** Upstream's rules that are refused here, with what they need. */
    static final Map<String, String> UNSUPPORTED = Map.of(
            "NSPIDEquals", "PID namespaces",
            "NSEquals", "PID namespaces",
            "CmdJoin", "the pthread_setname_np join protocol",
            "UsedGpuTid", "GPU tracking",
            "UsedGpuPid", "GPU tracking",
            "HintEquals", "task hints",
            "SystemCpuUtilBelow", "task hints",
            "DsqInsertBelow", "task hints",
            "NumaNode", "NUMA node matching");
}
