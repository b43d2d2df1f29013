package org.scx4j.schedulers;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Upstream's {@code -i SECS}: how often the counters line is printed, in whole seconds (1 or more). */
public final class IntervalOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private Duration interval = Duration.ofSeconds(1);

    @Option(names = "-i", paramLabel = "SECS", description = "Print the counters every SECS seconds (default: 1).")
    void seconds(long seconds) {
        if (seconds < 1)
            throw new ParameterException(spec.commandLine(), "-i takes a whole number of seconds, 1 or more; got " + seconds);
        interval = Duration.ofSeconds(seconds);
    }

    public Duration interval() {
        return interval;
    }
}
