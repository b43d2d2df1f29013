package org.scx4j.schedulers.layered.config;

import java.util.Objects;

/** One match rule: {@code {"CommPrefix": "kworker"}}, {@code {"AvgRuntime": [0, 100]}}, ... */
public sealed interface Match {
    /** Upstream's path buffer size; a cgroup string must fit with its NUL. */
    int MAX_PATH = 4096;
    /** The kernel's TASK_COMM_LEN. */
    int MAX_COMM = 16;

    MatchKind kind();

    /** A rule on a string (cgroup path, regex, comm). */
    record Text(MatchKind kind, String text) implements Match {
        public Text {
            Objects.requireNonNull(text);
        }
    }

    /** A rule on a number (nice, an id). */
    record Number(MatchKind kind, long value) implements Match {}

    /** A yes/no rule (IsGroupLeader, IsKthread). */
    record Flag(MatchKind kind, boolean value) implements Match {}

    /** A rule on a range [min, max). */
    record Range(MatchKind kind, long min, long max) implements Match {}
}
