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
 *
 * <p>The JVM loads every class of the cache before {@code main}, so a cache should hold
 * what its starts use and no more. A start with options goes through picocli; one with
 * every option at its default skips it ({@link org.scx4j.schedulers.DefaultsStart}), and
 * gets a cache trained without options: under emulation, picocli's classes in the cache
 * cost such a start about 0.2 s before {@code main}.
 */
final class StartupCache {
    /** How a training run went: whether the cache exists, and the scheduler's last line, how far it got. */
    record Training(boolean trained, String lastLine) {}

    private StartupCache() {}

    /** Starts {@code scheduler} from {@code jar} as its launcher does, to load only, writing what it used to {@code cache}. */
    static Training train(Path java, List<String> jvmOptions, Path jar, String scheduler, boolean withOptions, Path cache)
            throws IOException {
        Files.deleteIfExists(cache);
        var command = new ArrayList<String>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:AOTCacheOutput=" + cache, "--enable-native-access=ALL-UNNAMED",
                "-cp", jar.toString(), Main.class.getName(), "run", scheduler));
        // The stats socket at its default changes nothing, but as an option it takes the start through picocli.
        if (withOptions) command.addAll(List.of("--stats-socket", StatsServerOptions.DEFAULT_SOCKET.toString()));
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

    /**
     * The launcher's lines that choose its cache into {@code $cache}: {@code defaults} (may be
     * null) for a start that skips picocli, as {@link org.scx4j.schedulers.DefaultsStart#takesDefaults}
     * decides, else {@code withOptions}.
     */
    static String choice(Path withOptions, Path defaults) {
        String lines = "cache='" + withOptions + "'\n";
        if (defaults == null) return lines;
        return lines + "# No options, or only -v: the start skips picocli, and its cache leaves picocli's classes out.\n"
                + "if [ $# -eq 0 ] || { [ $# -eq 1 ] && [ \"$1\" = -v ]; }; then cache='" + defaults + "'; fi\n";
    }

    /** The launcher's JVM options that use the cache {@link #choice} chose, silent when it does not fit. */
    static List<String> options() {
        return List.of("-XX:AOTCache=\"$cache\"", "-Xlog:aot=off,cds=off");
    }
}
