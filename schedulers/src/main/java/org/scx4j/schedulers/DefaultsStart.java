package org.scx4j.schedulers;

import java.util.concurrent.Callable;

/**
 * A scheduler's command that starts without picocli when every option is at its default,
 * with or without {@code -v}: how the service and most users start a scheduler. picocli's
 * model of the options (annotations read through generated proxies, reflection) took most
 * of a second of an interpreted start under emulation, and two with the JIT's threads
 * competing. The fields already hold what picocli would leave in them for no options, which
 * CatalogTest checks for every scheduler.
 */
public interface DefaultsStart extends Callable<Integer> {

    /** Whether {@code args} leave every option at its default: none, or only {@code -v}. */
    static boolean takesDefaults(String... args) {
        return args.length == 0 || (args.length == 1 && args[0].equals("-v"));
    }

    /** Sets {@code -v}, as picocli would. */
    void setVerbose(boolean verbose);

    /** Runs with the defaults ({@code -v} when {@code verbose}); an exception is printed and exits 1, as picocli does. */
    default int runWithDefaults(boolean verbose) {
        setVerbose(verbose);
        try {
            return call();
        } catch (Exception e) {
            e.printStackTrace();
            return 1;
        }
    }
}
