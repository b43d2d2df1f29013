package org.scx4j.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host tool (apt-cache, apt-get, dpkg-deb, xz) to completion and returns
 * its output, turning a missing tool, a hang or a failure into an error that says
 * which command failed and how to fix it.
 */
final class HostProcess {

    private HostProcess() {}

    /** Runs argv in dir (null: the current folder), returning stdout+stderr; throws on a non-zero exit. */
    static String run(Path dir, Duration timeout, List<String> argv) {
        Process p = start(dir, argv);
        try {
            byte[] out = readAll(p, timeout, argv);
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new VmException(String.join(" ", argv) + " failed (exit " + p.exitValue() + "):\n" + tail(text));
            }
            return text;
        } finally {
            p.destroyForcibly();
        }
    }

    static Process start(Path dir, List<String> argv) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (dir != null) pb.directory(dir.toFile());
        pb.environment().put("LC_ALL", "C");
        try {
            return pb.start();
        } catch (IOException e) {
            throw new VmException("cannot run " + argv.getFirst() + " (" + e.getMessage()
                    + "); install what scx4j needs with scripts/setup", e);
        }
    }

    private static byte[] readAll(Process p, Duration timeout, List<String> argv) {
        try {
            Thread.Builder b = Thread.ofVirtual();
            byte[][] holder = new byte[1][];
            Thread reader = b.start(() -> {
                try {
                    holder[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    holder[0] = new byte[0];
                }
            });
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new VmException(String.join(" ", argv) + " did not finish within " + timeout.toSeconds() + " s");
            }
            reader.join();
            return holder[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmException("interrupted while running " + argv.getFirst(), e);
        }
    }

    static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
