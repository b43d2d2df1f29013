package org.scx4j.vm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Finds the modules a kernel needs loaded for the 9p root with its overlay, with
 * their dependencies (read from each module's own "depends=" tag, since the package
 * ships no modules.dep), in load order and decompressed; modules built into the
 * kernel are skipped. Differs between kernels, hence computed per kernel.
 */
final class KernelModules {

    /** What the guest's root needs: 9p over virtio and overlayfs. */
    static final List<String> ROOTS = List.of("9pnet_virtio", "9p", "overlay");

    private KernelModules() {}

    /** Module name -> decompressed bytes, dependencies before dependents. */
    static Map<String, byte[]> forRoot(Kernel kernel) {
        Map<String, Path> files = index(kernel.moduleRoot().resolve("kernel"));
        Set<String> builtin = builtin(kernel.moduleRoot().resolve("modules.builtin"));
        Map<String, byte[]> ordered = new LinkedHashMap<>();
        for (String m : ROOTS) add(m, files, builtin, ordered, new ArrayList<>());
        return ordered;
    }

    private static void add(String name, Map<String, Path> files, Set<String> builtin, Map<String, byte[]> out, List<String> chain) {
        if (out.containsKey(name) || builtin.contains(name)) return;
        if (chain.contains(name)) throw new VmException("module dependency cycle: " + chain + " -> " + name);
        Path file = files.get(name);
        if (file == null) throw new VmException("the kernel has no module " + name + " (needed for the 9p root), neither built in nor as a file");
        byte[] bytes = decompress(file);
        chain.add(name);
        for (String dep : depends(bytes)) add(dep, files, builtin, out, chain);
        chain.removeLast();
        out.put(name, bytes);
    }

    /** The names in the module's ".modinfo" entry depends=a,b (NUL-terminated). */
    static List<String> depends(byte[] ko) {
        byte[] key = "\0depends=".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length <= ko.length; i++) {
            for (int j = 0; j < key.length; j++) if (ko[i + j] != key[j]) continue outer;
            int start = i + key.length, end = start;
            while (end < ko.length && ko[end] != 0) end++;
            String list = new String(ko, start, end - start, StandardCharsets.US_ASCII);
            return list.isEmpty() ? List.of() : List.of(list.split(","));
        }
        return List.of();
    }

    private static Map<String, Path> index(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            Map<String, Path> byName = new HashMap<>();
            all.filter(p -> p.getFileName().toString().matches(".*\\.ko(\\.xz|\\.zst|\\.gz)?"))
                    .forEach(p -> byName.put(moduleName(p.getFileName().toString()), p));
            return byName;
        } catch (IOException e) {
            throw new VmException("cannot read the kernel modules under " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Set<String> builtin(Path list) {
        try (Stream<String> lines = Files.lines(list)) {
            return lines.map(l -> moduleName(l.substring(l.lastIndexOf('/') + 1))).collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static String moduleName(String fileName) {
        return fileName.substring(0, fileName.indexOf(".ko")).replace('-', '_');
    }

    private static byte[] decompress(Path file) {
        String f = file.toString();
        try {
            if (f.endsWith(".ko")) return Files.readAllBytes(file);
            if (f.endsWith(".gz")) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    return in.readAllBytes();
                }
            }
            String tool = f.endsWith(".xz") ? "xz" : "zstd";
            Process p = HostProcess.start(null, List.of(tool, "-dc", f));
            p.getOutputStream().close();
            byte[] bytes = p.getInputStream().readAllBytes();
            if (!p.waitFor(Duration.ofMinutes(1)) || p.exitValue() != 0) {
                throw new VmException(tool + " could not decompress " + f + "; install xz-utils and zstd (scripts/setup)");
            }
            return bytes;
        } catch (IOException e) {
            throw new VmException("cannot read module " + f + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmException("interrupted while decompressing " + f, e);
        }
    }
}
