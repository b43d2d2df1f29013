package org.scx4j.schedulers.idle;

import java.util.Optional;
import org.scx4j.core.topology.CpuMask;
import org.scx4j.schedulers.BpfSchedulerCommand;

/**
 * A BPF scheduler built on {@code scx/idle.bpf.h}: it reads the machine's topology before
 * loading (a test gives it one instead) and checks its options, {@code -m} among them,
 * against that machine.
 */
public abstract class IdleSchedulerCommand extends BpfSchedulerCommand {
    protected IdleTopology machine;
    /** The primary domain, once {@link #checkOptions} has parsed it. */
    protected CpuMask primary;

    @Override
    protected final Optional<String> invalidOptions() {
        try {
            if (machine == null) machine = IdleTopology.live();
        } catch (RuntimeException e) {
            return Optional.of("cannot read the CPU topology: " + e.getMessage());
        }
        return checkOptions();
    }

    /** Runs on {@code m} instead of this machine (tests). */
    public void useMachine(IdleTopology m) {
        machine = m;
    }

    /** Why the options cannot run on the machine, or empty; sets {@link #primary}. */
    public abstract Optional<String> checkOptions();

    /** Fails when the options were not checked yet and are invalid (configure without a command line). */
    protected void requireChecked() {
        if (primary == null) invalidOptions().ifPresent(m -> { throw new IllegalArgumentException(m); });
    }

    /** -m parsed into {@link #primary} (none given, auto and none: every CPU); empty, or why it is refused. */
    protected Optional<String> parsePrimary(String spec) {
        try {
            machine.nrCpuIds(); // refuses a machine beyond the BPF side's arrays
            boolean all = spec == null || spec.strip().equals("auto") || spec.strip().equals("none");
            primary = all ? machine.topology().possible() : PrimaryDomain.parse(spec.strip(), machine);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }
}
