package org.scx4j.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host facts a bench report names: its CPU model and whether qemu can use
 * KVM. Read from /proc and /dev so the report says what actually ran the VM.
 */
public final class HostCpu {

    private HostCpu() {}

    /** The first "model name" of /proc/cpuinfo, or "unknown CPU". */
    public static String model() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip().replaceAll("\\s+", " "))
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    /** {@code kvm} when /dev/kvm is usable (qemu then uses it), else {@code tcg}. */
    public static String accelerator() {
        Path kvm = Path.of("/dev/kvm");
        return Files.isReadable(kvm) && Files.isWritable(kvm) ? "kvm" : "tcg";
    }
}
