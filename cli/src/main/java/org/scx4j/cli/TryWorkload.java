package org.scx4j.cli;

/**
 * The workloads {@code scx4j try} can run in the guest while the scheduler is attached.
 * Each is a shell script for the guest (which has the host's stress-ng and perf), run
 * for a given number of seconds on a given number of CPUs, that prints one result line
 * starting with {@code RESULT} for the summary.
 */
enum TryWorkload {
    /** CPU hogs plus a wakeup-heavy messaging job: the default, exercising both paths of a scheduler. */
    MIXED("CPU hogs (stress-ng) plus a wakeup-heavy job (perf bench sched messaging)"),
    /** CPU hogs only. */
    CPU("CPU hogs (stress-ng --cpu)"),
    /** Wakeup-heavy messaging only. */
    MESSAGING("perf bench sched messaging, repeated"),
    /** Nothing: watch the scheduler run the idle system. */
    IDLE("nothing (an idle system)");

    final String description;

    TryWorkload(String description) {
        this.description = description;
    }

    /** The guest shell script for {@code seconds} seconds on {@code cpus} CPUs. */
    String script(int seconds, int cpus) {
        String hogs = "stress-ng --cpu " + cpus + " --timeout " + seconds + "s --metrics-brief 2>&1"
                + " | awk '/metrc/ { for (i = 1; i < NF; i++) if ($i == \"cpu\") ops = $(i + 1) }"
                + " END{print \"RESULT stress-ng cpu: \" ops \" bogo ops\"}'";
        String messaging = "end=$(( $(date +%s) + " + seconds + " )); n=0; total=0;"
                + " while [ $(date +%s) -lt $end ]; do"
                + "  t=$(perf bench sched messaging -g 2 -l 20 2>&1 | awk '/Total time/{print $3}');"
                + "  [ -n \"$t\" ] || { echo 'RESULT perf bench sched messaging failed'; exit 1; };"
                + "  n=$((n+1)); total=$(echo \"$total $t\" | awk '{print $1+$2}');"
                + " done;"
                + " echo \"RESULT perf messaging: $n runs, $(echo \"$total $n\" | awk '{printf \"%.3f\", $1/$2}') s each\"";
        return switch (this) {
            case MIXED -> "(" + hogs + ") & (" + messaging + "); wait";
            case CPU -> hogs;
            case MESSAGING -> messaging;
            case IDLE -> "sleep " + seconds + "; echo 'RESULT idle for " + seconds + " s'";
        };
    }
}
