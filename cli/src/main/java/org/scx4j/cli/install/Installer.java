package org.scx4j.cli.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.scx4j.bpf.LibbpfLibrary;
import org.scx4j.cli.Main;
import org.scx4j.schedulers.Catalog;

/**
 * Installs scx4j as a system service: the jar and the libbpf it carries (which every
 * launcher loads, {@link LibbpfLibrary}), an {@code scx4j} launcher and one
 * {@code scx_NAME} launcher per scheduler, {@code scx.service}, and
 * {@code /etc/default/scx} unless one exists already (an administrator's config is
 * never overwritten). Files that exist but were not installed by scx4j (say, an
 * upstream {@code scx_simple} binary) are left alone unless forced. Installing into
 * {@code /} (not a packager's root) also trains a {@link StartupCache} for each kind of
 * scheduler, which its launchers then use. Everything written is recorded in the
 * {@link InstallManifest}.
 */
public final class Installer {

    /**
     * What to install.
     *
     * @param jar        the scx4j jar to copy
     * @param java       the java executable the launchers run (Java 25 or newer)
     * @param schedulers every scheduler name (one launcher each)
     * @param scheduler  SCX_SCHEDULER for a newly written config
     * @param flags      SCX_FLAGS for a newly written config
     * @param force      overwrite files that exist and were not installed by scx4j
     */
    public record Request(Path jar, Path java, List<String> schedulers, String scheduler, String flags, boolean force) {}

    /** One file and what happened to it, for the printed summary. */
    public record Step(Path path, String action) {}

    private final InstallLayout layout;

    public Installer(InstallLayout layout) {
        this.layout = layout;
    }

    public List<Step> install(Request request) throws IOException {
        return install(request, line -> {});
    }

    /** Installs, telling {@code progress} about the slow steps before each starts. */
    public List<Step> install(Request request, Consumer<String> progress) throws IOException {
        check(request);
        Path manifestFile = layout.onDisk(layout.manifest());
        var manifest = InstallManifest.read(manifestFile).orElse(InstallManifest.empty());
        // Refuse before writing anything, so a refused install changes nothing.
        var targets = new ArrayList<Path>(List.of(layout.jar(), layout.binDir().resolve("scx4j"), layout.unit()));
        request.schedulers().forEach(s -> targets.add(layout.binDir().resolve(s)));
        if (!request.force()) {
            for (Path p : targets) {
                if (Files.exists(layout.onDisk(p)) && !manifest.contains(p)) {
                    throw new IOException(layout.onDisk(p) + " exists and was not installed by scx4j:"
                            + " remove it, or pass --force to replace it");
                }
            }
        }
        var steps = new ArrayList<Step>();
        write(manifest, steps, layout.jar(), Files.readAllBytes(request.jar()), "rw-r--r--");
        Path libbpf = layout.libDir().resolve(LibbpfLibrary.FILE);
        write(manifest, steps, libbpf, LibbpfLibrary.bundled(), "rw-r--r--");
        String useLibbpf = "-D" + LibbpfLibrary.PROPERTY + "=" + libbpf;
        Map<Catalog.Kind, String> caches = layout.root().equals(Path.of("/"))
                ? trainCaches(manifest, steps, request, progress, useLibbpf) : Map.of();
        String quotedUseLibbpf = "'" + useLibbpf + "'"; // launchers are shell scripts
        write(manifest, steps, layout.binDir().resolve("scx4j"), launcher("scx4j", "", List.of(quotedUseLibbpf), "", request),
                "rwxr-xr-x");
        for (String name : request.schedulers()) {
            Catalog.Kind kind = Catalog.require(name).kind();
            var jvm = jvmOptions(kind, quotedUseLibbpf);
            String choice = caches.getOrDefault(kind, "");
            if (!choice.isEmpty()) jvm.addAll(StartupCache.options());
            write(manifest, steps, layout.binDir().resolve(name), launcher(name, "run " + name, jvm, choice, request), "rwxr-xr-x");
        }
        write(manifest, steps, layout.unit(), text(InstallTemplates.fill("scx.service", Map.of(
                "BIN_DIR", layout.binDir().toString(), "CONFIG_FILE", layout.configFile().toString()))), "rw-r--r--");
        if (Files.exists(layout.onDisk(layout.configFile()))) {
            steps.add(new Step(layout.configFile(), "kept (existing config)"));
        } else {
            write(manifest, steps, layout.configFile(), text(InstallTemplates.fill("scx.default", Map.of(
                    "SCHEDULERS", String.join(" ", request.schedulers()),
                    "SCHEDULER", request.scheduler(),
                    "FLAGS", request.flags().isBlank() ? "" : "'" + request.flags() + "'"))), "rw-r--r--");
        }
        Files.createDirectories(manifestFile.getParent());
        manifest.write(manifestFile);
        return steps;
    }

    /**
     * The start-up caches of each kind of scheduler, trained on the first of that kind: one
     * for starts with options and one for starts with the defaults, which skip picocli.
     * Returns, per kind whose training wrote a cache, the launcher's lines choosing one.
     */
    private Map<Catalog.Kind, String> trainCaches(InstallManifest manifest, List<Step> steps, Request request,
            Consumer<String> progress, String useLibbpf) throws IOException {
        var caches = new EnumMap<Catalog.Kind, String>(Catalog.Kind.class);
        for (Catalog.Kind kind : Catalog.Kind.values()) {
            var first = request.schedulers().stream().filter(n -> Catalog.require(n).kind() == kind).findFirst();
            if (first.isEmpty()) continue;
            String base = "scx4j-" + kind.name().toLowerCase(Locale.ROOT);
            var jvm = jvmOptions(kind, useLibbpf); // trained as its launchers start
            Path withOptions = train(manifest, steps, request, progress, jvm, kind, first.get(), true, base + ".aot");
            if (withOptions == null) continue;
            Path defaults = train(manifest, steps, request, progress, jvm, kind, first.get(), false, base + "-defaults.aot");
            caches.put(kind, StartupCache.choice(withOptions, defaults));
        }
        return caches;
    }

    /** The JVM options of a scheduler of {@code kind}: its kind's, and the installed libbpf. */
    private static List<String> jvmOptions(Catalog.Kind kind, String useLibbpf) {
        var jvm = new ArrayList<>(kind.jvmOptions());
        jvm.add(useLibbpf);
        return jvm;
    }

    /** Trains one cache in the library folder; its path, or null when the training wrote none. */
    private Path train(InstallManifest manifest, List<Step> steps, Request request, Consumer<String> progress,
            List<String> jvmOptions, Catalog.Kind kind, String scheduler, boolean withOptions, String file) throws IOException {
        Path cache = layout.libDir().resolve(file);
        boolean existed = Files.exists(cache);
        progress.accept("training the start-up cache of " + kind.name() + " schedulers started with "
                + (withOptions ? "options" : "their defaults") + ": " + scheduler + ", loaded without attaching ...");
        var training = StartupCache.train(request.java(), jvmOptions, layout.jar(), scheduler, withOptions, cache);
        progress.accept("  " + (training.trained() ? "trained" : "not written") + "; " + scheduler + " said: "
                + training.lastLine());
        if (!training.trained()) return null;
        manifest.record(cache, Files.readAllBytes(cache));
        steps.add(new Step(cache, existed ? "replaced" : "installed"));
        return cache;
    }

    private static void check(Request request) {
        if (!Files.isRegularFile(request.jar())) {
            throw new IllegalArgumentException("jar " + request.jar() + " not found: build it (scripts/build) or pass --jar");
        }
        if (!request.schedulers().contains(request.scheduler())) {
            throw new IllegalArgumentException("unknown scheduler '" + request.scheduler() + "' for the config; known: "
                    + String.join(", ", request.schedulers()));
        }
        for (String s : List.of(request.flags(), request.java().toString(), request.jar().toString())) {
            if (s.contains("'") || s.contains("\n")) {
                throw new IllegalArgumentException("quotes and newlines are not allowed in paths or --flags: " + s);
            }
        }
    }

    private byte[] launcher(String name, String command, List<String> jvmOptions, String cacheChoice, Request request) {
        String options = jvmOptions.stream().map(o -> o + " ").collect(java.util.stream.Collectors.joining());
        return text(InstallTemplates.fill("launcher.sh", Map.of("NAME", name, "COMMAND", command, "JAVA", request.java().toString(),
                "JVM_OPTIONS", options, "CACHE", cacheChoice, "JAR", layout.jar().toString(), "MAIN", Main.class.getName())));
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void write(InstallManifest manifest, List<Step> steps, Path path, byte[] content, String mode)
            throws IOException {
        Path target = layout.onDisk(path);
        Files.createDirectories(target.getParent());
        boolean existed = Files.exists(target);
        // Write beside and rename, so a running launcher or service never sees half a file.
        Path temporary = target.resolveSibling("." + target.getFileName() + ".scx4j-new");
        Files.write(temporary, content);
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(mode));
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        manifest.record(path, content);
        steps.add(new Step(path, existed ? "replaced" : "installed"));
    }
}
