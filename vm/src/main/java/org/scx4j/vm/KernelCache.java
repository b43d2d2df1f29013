package org.scx4j.vm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The folder of unpacked sched_ext kernels (and their initramfs images), so only
 * the first boot of a kernel downloads anything. Folder: {@code $SCX4J_CACHE} or
 * /var/cache/scx4j; each kernel in kernels/RELEASE, moved there whole once it has
 * been unpacked and checked, so a half-finished download is never used. A file
 * lock keeps concurrent JVMs from provisioning the same kernel twice.
 */
public final class KernelCache {

    private static final Path APT_LISTS = Path.of("/var/lib/apt/lists");
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private final Path root;

    public KernelCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * The cache at {@code $SCX4J_CACHE}; else /var/cache/scx4j when this user may write
     * there (root, or whoever it was given to); else the user's own cache folder
     * ({@code $XDG_CACHE_HOME/scx4j}, {@code ~/.cache/scx4j}), so the VM needs no root.
     */
    public static KernelCache standard() {
        String env = System.getenv("SCX4J_CACHE");
        if (env != null && !env.isBlank()) return new KernelCache(Path.of(env));
        Path system = Path.of("/var/cache/scx4j");
        if (Files.isDirectory(system) ? Files.isWritable(system) : Files.isWritable(system.getParent())) {
            return new KernelCache(system);
        }
        String xdg = System.getenv("XDG_CACHE_HOME"), home = System.getenv("HOME");
        Path userCache = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".cache");
        return new KernelCache(userCache.resolve("scx4j"));
    }

    public Path root() {
        return root;
    }

    /** Releases already unpacked here, newest first. */
    public List<String> cached() {
        Path kernels = root.resolve("kernels");
        if (!Files.isDirectory(kernels)) return List.of();
        try (Stream<Path> dirs = Files.list(kernels)) {
            return dirs.map(d -> d.getFileName().toString())
                    .filter(r -> Files.isRegularFile(new Kernel(r, kernels.resolve(r)).vmlinuz()))
                    .sorted(AptKernels.NEWEST_FIRST).toList();
        } catch (IOException e) {
            throw new VmException("cannot list the kernel cache " + kernels + ": " + e.getMessage(), e);
        }
    }

    /**
     * The kernel matching wanted (a release or its prefix; null: the newest in
     * the default suite), downloading and unpacking it first when it is not cached.
     */
    public Kernel kernel(String wanted, Progress progress) {
        String release = resolve(wanted, progress);
        return locked(() -> {
            Kernel k = new Kernel(release, root.resolve("kernels").resolve(release));
            if (!Files.isRegularFile(k.vmlinuz())) provision(release, progress);
            if (!Files.isRegularFile(k.vmlinux()) && !Files.exists(k.dir().resolve("vmlinux-unavailable"))) {
                if (KernelImage.unpack(k)) progress.step("unpacked vmlinux of " + release + " (boots without in-guest decompression)");
                else markNoVmlinux(k);
            }
            return k;
        });
    }

    /** Runs action while holding this cache's lock (in this JVM and across processes). */
    <T> T locked(Supplier<T> action) {
        IN_PROCESS.lock();
        try {
            Files.createDirectories(root);
            try (FileChannel ch = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw new VmException("cannot lock the kernel cache " + root + " (" + e.getMessage()
                    + "); set SCX4J_CACHE to a writable folder", e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private String resolve(String wanted, Progress progress) {
        List<String> cached = cached();
        if (wanted != null) {
            if (cached.contains(wanted)) return wanted;
            var hit = cached.stream().filter(r -> r.startsWith(wanted)).findFirst();
            if (hit.isPresent()) return hit.get();
        } else {
            String remembered = rememberedDefault();
            if (remembered != null && cached.contains(remembered)) return remembered;
        }
        Map<String, String> available;
        try {
            available = AptKernels.available();
        } catch (VmException e) {
            // No apt here (or it failed): what is cached still boots.
            var usable = cached.stream().filter(r -> wanted == null || r.startsWith(wanted)).findFirst();
            if (usable.isPresent()) return usable.get();
            throw e;
        }
        if (available.isEmpty() && cached.isEmpty()) {
            AptKernels.update(progress);
            available = AptKernels.available();
        }
        if (wanted == null) {
            var inSuite = available.entrySet().stream().filter(e -> e.getValue().equals(AptKernels.DEFAULT_SUITE)).findFirst();
            if (inSuite.isPresent()) {
                rememberDefault(inSuite.get().getKey());
                return inSuite.get().getKey();
            }
            if (!cached.isEmpty()) return cached.getFirst();
            throw new VmException("no sched_ext kernel found: apt offers none from " + AptKernels.DEFAULT_SUITE
                    + " and the cache " + root + " is empty; run scripts/setup (it adds that suite) and apt-get update");
        }
        var match = available.keySet().stream().filter(r -> r.startsWith(wanted)).findFirst();
        if (match.isPresent()) return match.get();
        throw new VmException("no kernel matches '" + wanted + "'. Cached: " + (cached.isEmpty() ? "none" : cached)
                + "; available: " + (available.isEmpty() ? "none (run apt-get update)" : available.keySet()));
    }

    private void provision(String release, Progress progress) {
        Path work = root.resolve("tmp-" + release + "-" + ProcessHandle.current().pid());
        try {
            deleteTree(work);
            Path debs = Files.createDirectories(work.resolve("debs"));
            Path tree = Files.createDirectories(work.resolve("tree"));
            List<Path> files = AptKernels.download(release, debs, progress);
            long started = System.nanoTime();
            for (Path deb : files) {
                HostProcess.run(null, Duration.ofMinutes(10), List.of("dpkg-deb", "-x", deb.toString(), tree.toString()));
            }
            Kernel unpacked = new Kernel(release, tree);
            if (!Files.isRegularFile(unpacked.vmlinuz()) || !Files.isRegularFile(unpacked.config())) {
                throw new VmException("the packages of linux " + release + " lack vmlinuz or config under " + unpacked.moduleRoot());
            }
            KernelConfig.verify(release, unpacked.config());
            progress.step(String.format("unpacked and checked linux %s in %.1f s", release, (System.nanoTime() - started) / 1e9));
            Path target = root.resolve("kernels").resolve(release);
            Files.createDirectories(target.getParent());
            deleteTree(target);
            Files.move(tree, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VmException("cannot unpack linux " + release + " into " + root + ": " + e.getMessage(), e);
        } finally {
            try {
                deleteTree(work);
            } catch (IOException ignored) {
                // a leftover temporary folder is harmless; the next provisioning replaces it
            }
        }
    }

    private static void markNoVmlinux(Kernel k) {
        try {
            Files.writeString(k.dir().resolve("vmlinux-unavailable"), "not a zstd bzImage with PVH: booting vmlinuz\n");
        } catch (IOException ignored) {
            // the next boot tries again
        }
    }

    private String rememberedDefault() {
        try {
            String[] f = Files.readString(root.resolve("default-kernel")).strip().split(" ");
            return f.length == 2 && f[0].equals(listsStamp()) ? f[1] : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void rememberDefault(String release) {
        try {
            Files.createDirectories(root);
            Files.writeString(root.resolve("default-kernel"), listsStamp() + " " + release + "\n");
        } catch (IOException ignored) {
            // only a speed-up: the next boot asks apt again
        }
    }

    /** Changes whenever apt-get update replaces a package list. */
    private static String listsStamp() throws IOException {
        return Long.toString(Files.getLastModifiedTime(APT_LISTS).toMillis());
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
