package org.scx4j.cli.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A scheduler that is not in the catalog but is benched as a peer of its
 * own: any command that loads a sched_ext scheduler and unloads it on SIGINT,
 * such as the kernel's C examples or another project's binary. Written as
 * {@code ext:LABEL=COMMAND [ARGS...]} in {@code --schedulers}; the label names
 * it in every report. The guest runs the host's files, so the command's
 * executable must exist on the host; {@link #located} checks that before the
 * VM boots and pins it to an absolute path.
 *
 * @param label   the name in reports
 * @param command the executable and its arguments, as the guest runs them
 */
public record ExternalScheduler(String label, List<String> command) {

    /** What marks an entry of {@code --schedulers} as an external command. */
    public static final String PREFIX = "ext:";
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");
    private static final String EXAMPLE = PREFIX + "upstream-simple=/usr/sbin/scx_simple";

    public ExternalScheduler {
        command = List.copyOf(command);
    }

    /** Whether an entry of {@code --schedulers} is an external command rather than a name. */
    static boolean isSpec(String entry) {
        return entry.startsWith(PREFIX);
    }

    /**
     * Parses {@code ext:LABEL=COMMAND [ARGS...]}; the command's words are
     * separated by spaces.
     *
     * @throws IllegalArgumentException saying what is wrong and how it should look
     */
    static ExternalScheduler parse(String spec) {
        String body = spec.substring(PREFIX.length());
        int equals = body.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("'%s': write an external scheduler as %sLABEL=COMMAND, e.g. %s"
                    .formatted(spec, PREFIX, EXAMPLE));
        }
        String label = body.substring(0, equals).strip();
        if (!LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException(("'%s': the label '%s' must be 1 to 40 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit").formatted(spec, label));
        }
        String line = body.substring(equals + 1).strip();
        if (line.isEmpty()) {
            throw new IllegalArgumentException("'%s': no command after '=', e.g. %s".formatted(spec, EXAMPLE));
        }
        return new ExternalScheduler(label, Arrays.asList(line.split("\\s+")));
    }

    /**
     * The same scheduler with its executable as an absolute host path: a word
     * holding a '/' is taken relative to {@code cwd}, a bare name is looked up
     * in {@code searchPath} (like a shell does).
     *
     * @param searchPath the host's {@code PATH}
     * @throws IllegalArgumentException when the executable is missing, a folder or not executable
     */
    ExternalScheduler located(Path cwd, String searchPath) {
        String word = command.getFirst();
        Path program;
        if (word.contains("/")) {
            program = cwd.resolve(word).toAbsolutePath().normalize();
        } else {
            program = onPath(word, searchPath);
            if (program == null) {
                throw new IllegalArgumentException("%s%s: command '%s' not found on the host's PATH; give its full path"
                        .formatted(PREFIX, label, word));
            }
        }
        if (!Files.exists(program)) {
            throw new IllegalArgumentException("%s%s: command %s does not exist on the host".formatted(PREFIX, label, program));
        }
        if (Files.isDirectory(program)) {
            throw new IllegalArgumentException("%s%s: %s is a folder, not a program".formatted(PREFIX, label, program));
        }
        if (!Files.isExecutable(program)) {
            throw new IllegalArgumentException("%s%s: %s is not executable (chmod +x %s)".formatted(PREFIX, label, program, program));
        }
        List<String> words = new ArrayList<>(command);
        words.set(0, program.toString());
        return new ExternalScheduler(label, words);
    }

    /** The command line, as reports show it. */
    public String commandLine() {
        return String.join(" ", command);
    }

    private static Path onPath(String name, String searchPath) {
        if (searchPath == null) {
            return null;
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name).toAbsolutePath();
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
