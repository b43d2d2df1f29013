package org.scx4j.vm;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Quotes words for the guest's POSIX shell, so any argument (spaces, quotes, $)
 * reaches the command unchanged.
 */
final class Shell {

    private Shell() {}

    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** A script that enters cwd (or /) and execs argv, prefixed by the script's own arguments (a wrapper). */
    static String execScript(String cwd, List<String> argv) {
        return "cd " + quote(cwd) + " 2>/dev/null || cd /\nexec \"$@\" "
                + argv.stream().map(Shell::quote).collect(Collectors.joining(" ")) + "\n";
    }
}
