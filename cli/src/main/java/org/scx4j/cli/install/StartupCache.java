package org.scx4j.cli.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.scx4j.cli.Main;
import org.scx4j.core.SchedulerRuntime;
import org.scx4j.core.stats.StatsServerOptions;

/**
 * The JVM's ahead-of-time cache for one kind of scheduler ({@code -XX:AOTCache}): the
 * classes a start loads, already parsed, verified and linked, and the lambdas it spins,
 * so an installed launcher does not redo that work at every start. It is trained by
 * starting one scheduler of that kind exactly as its launcher does, with
 * {@value SchedulerRuntime#LOAD_ONLY} set: the kernel verifies its BPF programs and
 * nothing is attached. The JVM ignores a cache that no longer fits (another JDK, a
 * changed jar), so a stale one only costs the time it saved.
 */
final class StartupCache {
    /** How a training run went: whether the cache exists, and the scheduler's last line, how far it got. */
    record Training(boolean trained, String lastLine) {}

    private StartupCache() {}

    /** The launcher options that use {@code cache}, silent when it does not fit. */
    static List<String> options(Path cache) {
        return List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off,cds=off");
    }

    /** Starts {@code scheduler} from {@code jar} as its launcher does, to load only, writing what it used to {@code cache}. */
    static Training train(Path java, List<String> jvmOptions, Path jar, String scheduler, Path cache)
            throws IOException {
        Files.deleteIfExists(cache);
        var command = new ArrayList<String>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        // The stats socket at its default changes nothing, but as an option it takes the start
        // through picocli, so the cache also holds picocli's classes for starts with options
        // (a start without any skips picocli).
        command.addAll(List.of("-XX:AOTCacheOutput=" + cache, "--enable-native-access=ALL-UNNAMED",
                "-cp", jar.toString(), Main.class.getName(), "run", scheduler, "--stats-socket", StatsServerOptions.DEFAULT_SOCKET.toString()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(SchedulerRuntime.LOAD_ONLY, "1");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            process.waitFor(); // its output ended: it has exited or is about to
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Training(false, "interrupted");
        }
        // The scheduler's own last word (without its name), not the JVM's notes on writing the cache.
        String last = output.lines().filter(l -> l.startsWith(scheduler + ": ")).reduce((a, b) -> b)
                .map(l -> l.substring(scheduler.length() + 2))
                .orElse(output.lines().reduce((a, b) -> b).orElse("no output"));
        return new Training(Files.isRegularFile(cache), last);
    }
}
