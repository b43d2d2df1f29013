package org.scx4j.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command script hands every argument, however odd, to the command unchanged. */
class ShellTest {

    @Test
    void oddArgumentsSurviveQuoting(@TempDir Path dir) throws Exception {
        List<String> argv = List.of("printf", "[%s]", "it's", "$HOME", "a b", "\"q\"", "`x`", "\\", "");
        Path script = dir.resolve("c.sh");
        Files.writeString(script, Shell.execScript("/nonexistent-folder", argv));
        String out = HostProcess.run(dir, Duration.ofSeconds(30), List.of("/bin/busybox", "sh", script.toString()));
        assertThat(out).isEqualTo("[it's][$HOME][a b][\"q\"][`x`][\\][]");
    }

    @Test
    void theScriptsArgumentsWrapTheCommand(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("c.sh");
        Files.writeString(script, Shell.execScript(dir.toString(), List.of("pwd")));
        String out = HostProcess.run(null, Duration.ofSeconds(30), List.of("/bin/busybox", "sh", script.toString(), "env", "--"));
        assertThat(out).isEqualTo(dir + "\n");
    }
}
