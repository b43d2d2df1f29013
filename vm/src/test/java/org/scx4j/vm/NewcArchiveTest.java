package org.scx4j.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive the kernel unpacks is one the real cpio tool reads back intact. */
class NewcArchiveTest {

    @Test
    void cpioExtractsWhatWasWritten(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (NewcArchive a = new NewcArchive(bytes)) {
            a.directory("bin");
            a.file("bin/tool", 0755, "#!/bin/sh\necho odd-length".getBytes(StandardCharsets.UTF_8));
            a.file("data", 0644, new byte[] {1, 2, 3, 4, 5});
        }
        Path archive = dir.resolve("a.cpio");
        Files.write(archive, bytes.toByteArray());
        Path out = Files.createDirectories(dir.resolve("out"));
        HostProcess.run(out, java.time.Duration.ofSeconds(30),
                List.of("sh", "-c", "cpio -i --make-directories --quiet < " + archive));
        assertThat(out.resolve("bin/tool")).hasContent("#!/bin/sh\necho odd-length").isExecutable();
        assertThat(Files.readAllBytes(out.resolve("data"))).containsExactly(1, 2, 3, 4, 5);
        assertThat(bytes.size() % 4).isZero();
    }
}
