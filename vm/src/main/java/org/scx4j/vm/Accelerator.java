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
 * <p>TCG can run one host thread per vCPU, so vCPUs run in parallel as on hardware, but
 * then the guest JVM may crash (about one start in fifty). The cause, decoded from its
 * hs_err files: to retire a compiled method while other threads may call it, a JVM
 * before 26 writes a 5-byte jump over the method's first instruction; qemu translates
 * guest code without reading an instruction's bytes atomically, so a vCPU translating
 * that entry as it is patched can see the old first byte and the new next ones. In one
 * crash the old {@code 89} (of the stack bang {@code mov %eax,-0x14000(%rsp)}) and the
 * jump's {@code 3b} became {@code mov %edi,(%rbx)}, a store to a wild address. Running
 * all vCPUs on one host thread cannot tear a write that way: 0 crashes in 50 JVM starts
 * and a minute of scx_javaland, against 1 in 50 with a thread per vCPU. So one thread is
 * the default; {@link VmOptions#vcpuThreads()} asks for parallel vCPUs (the bench does),
 * and {@code SCX4J_VM_TCG=single|multi} overrides either.
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

    static Accelerator detect(Path cacheRoot, boolean vcpuThreads) {
        return detectKvmOrTcg(cacheRoot) == KVM ? KVM : tcg(System.getenv("SCX4J_VM_TCG"), vcpuThreads);
    }

    /** TCG as {@code SCX4J_VM_TCG} asks ("multi" or "single"), else as the VM's options do. */
    static Accelerator tcg(String threads, boolean vcpuThreads) {
        return switch (threads == null ? "" : threads.strip()) {
            case "" -> vcpuThreads ? TCG : TCG_SINGLE;
            case "multi" -> TCG;
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
