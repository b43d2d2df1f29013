package org.scx4j.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks a kernel's build configuration for what scx4j cannot work without, so a
 * kernel lacking sched_ext is rejected when it is provisioned instead of failing
 * in a confusing way inside the guest.
 */
final class KernelConfig {

    static final List<String> REQUIRED = List.of("CONFIG_SCHED_CLASS_EXT=y", "CONFIG_DEBUG_INFO_BTF=y",
            "CONFIG_BPF_SYSCALL=y", "CONFIG_VIRTIO_CONSOLE=y", "CONFIG_DEVTMPFS=y");

    private KernelConfig() {}

    /** Throws naming every missing option when the config at {@code path} lacks one. */
    static void verify(String release, Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the config of kernel " + release + " at " + path, e);
        }
        List<String> missing = REQUIRED.stream().filter(opt -> !lines.contains(opt)).toList();
        if (!missing.isEmpty()) {
            throw new VmException("kernel " + release + " cannot run sched_ext: its config lacks " + missing
                    + "; pick another with --kernel");
        }
    }
}
