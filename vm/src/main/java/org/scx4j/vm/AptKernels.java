package org.scx4j.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Debian kernels apt can fetch, found through apt-cache and downloaded with
 * apt-get without installing anything on the host. Debian packages each kernel as
 * linux-binary-RELEASE (image), linux-modules-RELEASE and linux-base-RELEASE (config).
 */
final class AptKernels {

    /** The suite whose newest kernel is the default: today the one that carries sched_ext. */
    static final String DEFAULT_SUITE = "trixie-backports";

    private static final Pattern BINARY = Pattern.compile("linux-binary-(\\d+\\.\\d+(?:\\.\\d+)?\\+deb\\d+-amd64)");
    private static final Pattern MADISON = Pattern.compile(
            "\\s*linux-binary-(\\S+)\\s*\\|\\s*(\\S+)\\s*\\|\\s*\\S+\\s+([^/\\s]+)/\\S+.*");
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

    /** Newest first: compares the numbers in a release ("7.10.1+deb13" after "7.9.4+deb14"). */
    static final Comparator<String> NEWEST_FIRST = ((Comparator<String>) AptKernels::compareReleases).reversed();

    private AptKernels() {}

    /** Kernel releases apt knows, newest first, each with the suite it comes from. */
    static Map<String, String> available() {
        List<String> releases = new ArrayList<>();
        for (String line : HostProcess.run(null, QUERY_TIMEOUT, List.of("apt-cache", "pkgnames", "linux-binary-")).lines().toList()) {
            Matcher m = BINARY.matcher(line.strip());
            if (m.matches()) releases.add(m.group(1));
        }
        releases.sort(NEWEST_FIRST);
        Map<String, String> suites = new LinkedHashMap<>();
        if (releases.isEmpty()) return suites;
        List<String> argv = new ArrayList<>(List.of("apt-cache", "madison"));
        releases.forEach(r -> argv.add("linux-binary-" + r));
        for (String line : HostProcess.run(null, QUERY_TIMEOUT, argv).lines().toList()) {
            Matcher m = MADISON.matcher(line);
            if (m.matches()) suites.putIfAbsent(m.group(1), m.group(3));
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        releases.stream().filter(suites::containsKey).forEach(r -> ordered.put(r, suites.get(r)));
        return ordered;
    }

    /** Refreshes apt's package lists (used once when they lack every kernel). */
    static void update(Progress progress) {
        progress.step("apt-get update (the package lists know no sched_ext kernel yet)");
        HostProcess.run(null, Duration.ofMinutes(10), List.of("apt-get", "update"));
    }

    /** Downloads the three packages of release into dir, reporting progress; returns the .deb files. */
    static List<Path> download(String release, Path dir, Progress progress) {
        List<String> argv = List.of("apt-get", "download", "-q",
                "linux-binary-" + release, "linux-modules-" + release, "linux-base-" + release);
        progress.step("downloading linux " + release + " (image, modules, config) into " + dir);
        long started = System.nanoTime();
        Process p = HostProcess.start(dir, argv);
        StringBuilder log = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var in = p.inputReader()) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (log) { log.append(line).append('\n'); }
                    if (line.startsWith("Get:")) progress.step("  " + line.replaceFirst("^Get:\\d+ \\S+ ", ""));
                }
            } catch (IOException ignored) {
                // the process ended; its exit code tells the rest
            }
        });
        try {
            long shown = 0;
            while (!p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                long mb = directorySize(dir) >> 20;
                if (mb != shown) progress.step(String.format("  %,d MB so far", mb));
                shown = mb;
                if (System.nanoTime() - started > Duration.ofMinutes(30).toNanos()) {
                    p.destroyForcibly();
                    throw new VmException("downloading linux " + release + " took over 30 minutes; check the network");
                }
            }
            reader.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new VmException("interrupted while downloading linux " + release, e);
        }
        if (p.exitValue() != 0) {
            throw new VmException("apt-get could not download linux " + release + ":\n" + HostProcess.tail(log.toString())
                    + "\nIf the archive replaced this version, run apt-get update; if the suite is missing, run scripts/setup.");
        }
        progress.step(String.format("  downloaded %,d MB in %.1f s", directorySize(dir) >> 20,
                (System.nanoTime() - started) / 1e9));
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".deb")).sorted().toList();
        } catch (IOException e) {
            throw new VmException("cannot list the downloaded packages in " + dir, e);
        }
    }

    private static long directorySize(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    static int compareReleases(String a, String b) {
        String[] x = a.split("\\D+");
        String[] y = b.split("\\D+");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i].isEmpty() || y[i].isEmpty()) continue;
            int c = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
            if (c != 0) return c;
        }
        return Integer.compare(x.length, y.length);
    }
}
