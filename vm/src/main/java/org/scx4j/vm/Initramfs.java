package org.scx4j.vm;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Builds the guest's initramfs for a kernel: a static busybox, the modules for the
 * 9p root, /init and the command agent. Cached next to the kernel under a name that
 * hashes everything that goes in, so it is built once and rebuilt only when busybox
 * or the scripts change. Uncompressed: it is small and the kernel unpacks it fastest.
 */
final class Initramfs {

    static final Path BUSYBOX = Path.of("/bin/busybox");

    private Initramfs() {}

    /** The cached initramfs for kernel, building it first if needed. */
    static Path forKernel(KernelCache cache, Kernel kernel, Progress progress) {
        byte[] busybox = staticBusybox();
        byte[] init = resource("init.sh");
        byte[] agent = resource("agent.sh");
        String name = "initramfs-" + hash(busybox, init, agent) + ".cpio";
        Path target = kernel.dir().resolve(name);
        if (Files.isRegularFile(target)) return target;
        return cache.locked(() -> {
            if (Files.isRegularFile(target)) return target;
            long started = System.nanoTime();
            Map<String, byte[]> modules = KernelModules.forRoot(kernel);
            Path tmp = kernel.dir().resolve(name + ".tmp" + ProcessHandle.current().pid());
            try (NewcArchive cpio = new NewcArchive(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                for (String d : new String[] {"bin", "dev", "etc", "etc/scx4j", "lib", "lib/modules"}) cpio.directory(d);
                cpio.charDevice("dev/console", 0600, 5, 1);
                cpio.file("bin/busybox", 0755, busybox);
                cpio.file("init", 0755, init);
                cpio.file("etc/scx4j/agent.sh", 0644, agent);
                cpio.file("etc/scx4j/kconfig", 0644, Files.readAllBytes(kernel.config()));
                cpio.file("etc/scx4j/modules", 0644, String.join("\n", modules.keySet()).concat("\n").getBytes(StandardCharsets.UTF_8));
                for (var m : modules.entrySet()) cpio.file("lib/modules/" + m.getKey() + ".ko", 0644, m.getValue());
            } catch (IOException e) {
                throw new VmException("cannot write the initramfs " + tmp + ": " + e.getMessage(), e);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new VmException("cannot store the initramfs at " + target + ": " + e.getMessage(), e);
            }
            removeStale(kernel.dir(), name);
            progress.step(String.format("built the initramfs for %s (modules %s) in %.1f s",
                    kernel.release(), modules.keySet(), (System.nanoTime() - started) / 1e9));
            return target;
        });
    }

    /** Deletes initramfs images of older scx4j builds (not fresh ones: a qemu may be about to read them). */
    private static void removeStale(Path dir, String keep) {
        long cutoff = System.currentTimeMillis() - 3_600_000;
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith("initramfs-") && !n.equals(keep) && Files.getLastModifiedTime(f).toMillis() < cutoff) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException ignored) {
            // stale images only cost disk space
        }
    }

    private static byte[] staticBusybox() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(BUSYBOX);
        } catch (IOException e) {
            throw new VmException("no " + BUSYBOX + ": the guest needs a static busybox; install busybox-static (scripts/setup)", e);
        }
        if (new String(bytes, StandardCharsets.ISO_8859_1).contains("/lib64/ld-linux")) {
            throw new VmException(BUSYBOX + " is dynamically linked; the guest needs busybox-static (scripts/setup installs it)");
        }
        return bytes;
    }

    private static byte[] resource(String name) {
        try (InputStream in = Initramfs.class.getResourceAsStream(name)) {
            if (in == null) throw new VmException("the scx4j build lacks the resource org/scx4j/vm/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new VmException("cannot read the resource " + name, e);
        }
    }

    private static String hash(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) sha.update(p);
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
