package org.scx4j.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.scx4j.core.sysfs.SchedExtState;
import org.scx4j.core.sysfs.SchedExtSysfs;

/**
 * The checks made before loading a scheduler, in the order a user would fix them: running
 * as root, a kernel with sched_ext and at least the scheduler's minimum version, no other
 * scheduler attached, the BPF JIT on, a usable libbpf (last: its first use may wait for its
 * linking, which the checks before it overlap). Each failure is a {@link PreflightException} that says what to do, instead of a
 * libbpf errno deep inside the load. Paths are parameters so tests can use fixture trees.
 *
 * @param procRoot      a directory laid out like {@code /proc}
 * @param sysfs         the sched_ext sysfs directory to read
 * @param libbpfVersion loads libbpf and returns its version, throwing when it is missing or too old
 */
public record Preflight(Path procRoot, SchedExtSysfs sysfs, Supplier<String> libbpfVersion) {

    /** The checks against this machine. */
    public static Preflight live() {
        return new Preflight(Path.of("/proc"), SchedExtSysfs.live(), org.scx4j.bpf.LibbpfLog::libbpfVersion);
    }

    /** Runs every check for a scheduler that needs Linux {@code minimumKernel} or newer; returns the libbpf version. */
    public String check(String scheduler, String minimumKernel) {
        return check(scheduler, minimumKernel, true);
    }

    /** The checks for loading only ({@code attaching} false): another scheduler may then be attached. */
    public String check(String scheduler, String minimumKernel, boolean attaching) {
        requireRoot(scheduler);
        requireSchedExt(scheduler);
        requireKernel(scheduler, minimumKernel);
        if (attaching) requireNoOtherScheduler(scheduler);
        requireJit();
        return requireLibbpf();
    }

    void requireRoot(String scheduler) {
        long euid = effectiveUid();
        if (euid != 0)
            throw new PreflightException(scheduler + " must run as root (loading a sched_ext scheduler needs CAP_BPF and"
                    + " CAP_SYS_ADMIN; this process has uid " + euid + "): run it with sudo");
    }

    void requireSchedExt(String scheduler) {
        if (!sysfs.present())
            throw new PreflightException("this kernel (" + kernelRelease() + ") has no sched_ext: " + sysfs.path()
                    + " does not exist. A kernel built with " + SchedExtSysfs.KERNEL_OPTION + "=y is needed;"
                    + " try it in the built-in VM instead: scx4j try " + scheduler + " (or scx4j vm for a shell)");
    }

    void requireKernel(String scheduler, String minimum) {
        String release = read(procRoot.resolve("sys/kernel/osrelease"));
        if (!atLeast(release, minimum))
            throw new PreflightException(scheduler + " needs Linux " + minimum + " or newer; this kernel is " + release
                    + ". Run it on a newer kernel, or try it in the built-in VM: scx4j try " + scheduler);
    }

    /** Whether kernel {@code release} ("7.2.9+deb13-amd64") is {@code minimum} ("6.12", "7.3.2") or newer. */
    public static boolean atLeast(String release, String minimum) {
        String[] have = release.split("[^0-9.]", 2)[0].split("\\."), want = minimum.split("\\.");
        for (int i = 0; i < want.length; i++) {
            int h = i < have.length && !have[i].isEmpty() ? Integer.parseInt(have[i]) : 0, w = Integer.parseInt(want[i]);
            if (h != w) return h > w;
        }
        return true;
    }

    void requireNoOtherScheduler(String scheduler) {
        SchedExtState state = sysfs.state();
        if (state == SchedExtState.DISABLED) return;
        String other = sysfs.currentOps().map(o -> "'" + o + "'").orElse("(name not shown yet)");
        throw new PreflightException("another sched_ext scheduler is already " + state.sysfsName() + ": " + other
                + " (" + sysfs.path().resolve("root/ops") + "). Stop it first, then start " + scheduler);
    }

    String requireLibbpf() {
        try {
            return libbpfVersion.get();
        } catch (RuntimeException | LinkageError e) {
            throw new PreflightException("libbpf is missing or unusable: " + e.getMessage()
                    + ". Install libbpf1 1.4 or newer (scripts/setup does)");
        }
    }

    void requireJit() {
        Path jit = procRoot.resolve("sys/net/core/bpf_jit_enable");
        if (!Files.isReadable(jit)) return; // kernels with CONFIG_BPF_JIT_ALWAYS_ON may not offer the knob
        if (read(jit).equals("0"))
            throw new PreflightException("the BPF JIT is disabled (" + jit + " is 0); sched_ext needs it:"
                    + " echo 1 > /proc/sys/net/core/bpf_jit_enable");
    }

    private long effectiveUid() {
        for (String line : read(procRoot.resolve("self/status")).split("\n")) {
            if (line.startsWith("Uid:")) return Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
        }
        throw new PreflightException("cannot tell the user id: no Uid line in " + procRoot.resolve("self/status"));
    }

    private String kernelRelease() {
        Path p = procRoot.resolve("sys/kernel/osrelease");
        return Files.isReadable(p) ? "Linux " + read(p) : "this kernel";
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            throw new PreflightException("cannot read " + p + ": " + e.getMessage());
        }
    }
}
