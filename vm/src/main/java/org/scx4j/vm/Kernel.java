package org.scx4j.vm;

import java.nio.file.Path;

/**
 * A kernel unpacked in the cache and checked to have sched_ext and BTF: where its
 * image, config and modules are. Booting needs nothing else from the package.
 *
 * @param release the kernel release, as {@code uname -r} prints it ("7.3.4+deb13-amd64")
 * @param dir     the cache folder holding it
 */
public record Kernel(String release, Path dir) {

    /** The compressed kernel image qemu boots. */
    public Path vmlinuz() {
        return moduleRoot().resolve("vmlinuz");
    }

    /** The uncompressed ELF kernel, when {@link KernelImage} could unpack it (boots faster). */
    public Path vmlinux() {
        return dir.resolve("vmlinux");
    }

    /** What qemu boots: vmlinux when unpacked, else vmlinuz. */
    public Path bootImage() {
        return java.nio.file.Files.isRegularFile(vmlinux()) ? vmlinux() : vmlinuz();
    }

    /** The kernel's build configuration. */
    public Path config() {
        return moduleRoot().resolve("config");
    }

    /** The folder holding {@code kernel/...ko.xz} and {@code modules.builtin}. */
    public Path moduleRoot() {
        return dir.resolve("usr/lib/modules").resolve(release);
    }
}
