package org.scx4j.cli.bench;

import java.util.List;
import java.util.Map;
import org.scx4j.schedulers.Catalog;

/**
 * How the guest starts a scheduler: the host's JDK and a jar, both at host
 * paths the guest sees unchanged, for the catalog's schedulers, and the
 * command line of each external one. Gives the command line of a scheduler
 * run and of a warm-up start.
 *
 * @param java      the {@code java} executable
 * @param jar       the scx4j jar
 * @param externals each external label's command line in the guest
 */
record GuestLauncher(String java, String jar, Map<String, List<String>> externals) {

    GuestLauncher {
        externals = Map.copyOf(externals);
    }

    /** {@code scx4j run NAME}, as a user starts a scheduler, or the external command of that label. */
    List<String> run(String scheduler) {
        List<String> external = externals.get(scheduler);
        if (external != null) return external;
        List<String> argv = new java.util.ArrayList<>(List.of(java));
        argv.addAll(Catalog.require(scheduler).kind().jvmOptions()); // as its installed launcher starts it
        argv.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-jar", jar, "run", scheduler));
        return List.copyOf(argv);
    }

    /**
     * {@code scx4j list}: the first JVM start in a fresh guest reads the JDK and
     * the jar through 9p under emulation and can take minutes; doing it once
     * before the first run keeps that cost out of every scheduler's load time.
     */
    List<String> warmUp() {
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", jar, "list");
    }
}
