package org.scx4j.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link KernelCompat}'s values for the running kernel, kept in a file so that a start does
 * not read the kernel's BTF for them each time (libbpf loads and parses all of it, several
 * MiB, and libbpf reads it again to load the scheduler). One file per kernel release in
 * {@code dir}, holding what identifies the kernel's BTF (release, build string as in
 * {@code uname -v}, size of {@code /sys/kernel/btf/vmlinux}) and the names asked for: a
 * file that does not match the running kernel or this scx4j's questions in every one of
 * them is not used, and the values are read from BTF again and the file rewritten.
 *
 * <p>Only root writes the file (a scheduler runs as root), into a folder only root may
 * change, and a file is trusted only when root owns it and nobody else may write it;
 * otherwise it is ignored. A file that cannot
 * be written (a read-only {@code /var}) costs only the BTF read each start.
 *
 * @param dir      the folder of the files ({@code /var/cache/scx4j/kernel-values})
 * @param procRoot a directory laid out like {@code /proc}
 * @param btf      the kernel's BTF file ({@code /sys/kernel/btf/vmlinux})
 */
record KernelCompatCache(Path dir, Path procRoot, Path btf) {
    private static final String HEADER = "# sched_ext values of this kernel, read from its BTF by scx4j;"
            + " rewritten when they do not match the running kernel";
    private static final String VALUE = "value.", KFUNC = "kfunc.";

    static KernelCompatCache live() {
        return new KernelCompatCache(Path.of("/var/cache/scx4j/kernel-values"), Path.of("/proc"),
                Path.of("/sys/kernel/btf/vmlinux"));
    }

    /** What identifies the running kernel's BTF and the questions asked of it, one {@code key=value} line each. */
    Map<String, String> identity() throws IOException {
        Map<String, String> id = new LinkedHashMap<>();
        id.put("release", read(procRoot.resolve("sys/kernel/osrelease")));
        id.put("version", read(procRoot.resolve("sys/kernel/version")));
        id.put("btf-size", Long.toString(Files.size(btf)));
        id.put("values", String.join(",", KernelCompat.REQUIRED) + "," + String.join(",", KernelCompat.OPTIONAL));
        id.put("kfuncs", String.join(",", KernelCompat.KFUNCS));
        return id;
    }

    /** The file for the running kernel. */
    Path file() throws IOException {
        return dir.resolve(read(procRoot.resolve("sys/kernel/osrelease")).replaceAll("[^A-Za-z0-9._+-]", "_"));
    }

    /** The values kept for the running kernel, if a trusted file matches it. */
    Optional<KernelCompat> read() {
        try {
            Path file = file();
            if (!trusted(file)) return Optional.empty();
            Map<String, String> id = identity();
            Map<String, Long> values = new LinkedHashMap<>();
            Map<String, Boolean> kfuncs = new LinkedHashMap<>();
            Map<String, String> seen = new LinkedHashMap<>();
            for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                int eq = line.indexOf('=');
                if (eq < 0) return Optional.empty();
                String key = line.substring(0, eq), value = line.substring(eq + 1);
                if (key.startsWith(VALUE)) values.put(key.substring(VALUE.length()), Long.parseLong(value));
                else if (key.startsWith(KFUNC)) kfuncs.put(key.substring(KFUNC.length()), Boolean.parseBoolean(value));
                else seen.put(key, value);
            }
            if (!seen.equals(id) || !kfuncs.keySet().containsAll(KernelCompat.KFUNCS)
                    || !values.keySet().containsAll(KernelCompat.REQUIRED))
                return Optional.empty();
            return Optional.of(new KernelCompat(values, kfuncs));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or malformed: read BTF instead
        }
    }

    /**
     * Keeps {@code compat} for the running kernel (written aside, then renamed over the old
     * file); whether it was kept and reads back equal. Failing to write is not an error.
     */
    boolean write(KernelCompat compat) {
        Path tmp = null;
        try {
            Path file = file();
            StringBuilder text = new StringBuilder(HEADER).append('\n');
            identity().forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            compat.values().forEach((k, v) -> text.append(VALUE).append(k).append('=').append(v).append('\n'));
            compat.kfuncs().forEach((k, v) -> text.append(KFUNC).append(k).append('=').append(v).append('\n'));
            Files.createDirectories(dir);
            // Root writes here: only into folders nobody else may change, and never through a
            // file someone placed (CREATE_NEW does not follow a symlink).
            if (!onlyRootWrites(dir) || !onlyRootWrites(dir.getParent())) return false;
            tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid());
            Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--")); // whatever the umask
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            // Read back: a later start takes this path, and what it reads must be what was probed.
            if (read().filter(compat::equals).isPresent()) return true;
            Files.deleteIfExists(file);
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
        }
    }

    /** A regular file (no symlink) owned by root that only root may write. */
    private static boolean trusted(Path file) throws IOException {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && onlyRootWrites(file);
    }

    /** Owned by root, and neither its group nor others may write it. */
    private static boolean onlyRootWrites(Path p) throws IOException {
        int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return uid == 0 && (mode & 0022) == 0;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p).strip();
    }
}
