package org.scx4j.vm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How qemu runs the guest: KVM when /dev/kvm is usable (fast), otherwise TCG
 * software emulation. {@code SCX4J_VM_ACCEL=tcg|kvm} overrides the choice, e.g. to
 * test the slow path on a KVM machine.
 *
 * <p>TCG runs one host thread per vCPU, so vCPUs run in parallel as on hardware. That
 * has one known flaw: a vCPU may translate an instruction while another vCPU rewrites
 * it, and decode it half old, half new. The guest JVM rewrites the entry of a compiled
 * method it retires while other threads may be calling it, and so can die at such an
 * entry (SIGSEGV or SIGILL). {@code SCX4J_VM_TCG=single} runs all vCPUs on one host
 * thread instead: slower, but immune; the VM tests use it.
 */
enum Accelerator {
    KVM(List.of("-accel", "kvm", "-cpu", "host")),
    TCG(List.of("-accel", "tcg,thread=multi", "-cpu", "max")),
    TCG_SINGLE(List.of("-accel", "tcg,thread=single", "-cpu", "max"));

    final List<String> qemuArgs;

    Accelerator(List<String> qemuArgs) {
        this.qemuArgs = qemuArgs;
    }

    private static volatile boolean kvmUnusable;

    /**
     * Remembers (for this JVM and, through a marker file in the cache, for later
     * runs) that /dev/kvm exists but cannot run the guest, as in some nested setups.
     */
    static void markKvmUnusable(Path cacheRoot, String why) {
        kvmUnusable = true;
        try {
            Files.writeString(cacheRoot.resolve(KVM_MARKER), why + "; delete this file to try KVM again\n");
        } catch (java.io.IOException ignored) {
            // this JVM still remembers it
        }
    }

    static final String KVM_MARKER = "kvm-unusable";

    static Accelerator detect(Path cacheRoot) {
        return detectKvmOrTcg(cacheRoot) == KVM ? KVM : tcg(System.getenv("SCX4J_VM_TCG"));
    }

    /** TCG as {@code SCX4J_VM_TCG} asks: "multi" (the default) or "single". */
    static Accelerator tcg(String threads) {
        return switch (threads == null ? "" : threads.strip()) {
            case "multi", "" -> TCG;
            case "single" -> TCG_SINGLE;
            default -> throw new VmException("SCX4J_VM_TCG must be single or multi, not '" + threads + "'");
        };
    }

    private static Accelerator detectKvmOrTcg(Path cacheRoot) {
        String forced = System.getenv("SCX4J_VM_ACCEL");
        if (forced != null && !forced.isBlank()) {
            return switch (forced.strip().toLowerCase(Locale.ROOT)) {
                case "kvm" -> KVM;
                case "tcg" -> TCG;
                default -> throw new VmException("SCX4J_VM_ACCEL must be kvm or tcg, not '" + forced + "'");
            };
        }
        Path kvm = Path.of("/dev/kvm");
        // KVM's failure is the machine's, not one cache's: the standard cache's marker counts too.
        if (kvmUnusable || Files.exists(cacheRoot.resolve(KVM_MARKER))
                || Files.exists(KernelCache.standard().root().resolve(KVM_MARKER))) return TCG;
        return Files.isReadable(kvm) && Files.isWritable(kvm) ? KVM : TCG;
    }

    /** "kvm", "tcg" or "tcg-single". */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
