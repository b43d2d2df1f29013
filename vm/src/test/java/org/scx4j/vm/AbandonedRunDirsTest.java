package org.scx4j.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A boot sweeps the run folders that killed JVMs left, and only those. */
class AbandonedRunDirsTest {

    @Test
    void anHourOldFolderWithoutALiveQemuGoesAndTheOthersStay(@TempDir Path tmp) throws Exception {
        Path noPid = runDir(tmp, "no-pid", Duration.ofHours(2), null);
        Path deadPid = runDir(tmp, "dead-pid", Duration.ofHours(2), deadPid());
        Path livePid = runDir(tmp, "live-pid", Duration.ofHours(2), ProcessHandle.current().pid());
        Path recent = runDir(tmp, "recent", Duration.ofMinutes(5), null);
        Path other = Files.createDirectory(tmp.resolve("someone-else"));
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        BootPlan.removeAbandonedRunDirs(tmp);

        assertThat(noPid).doesNotExist();
        assertThat(deadPid).doesNotExist();
        assertThat(livePid).as("its qemu still runs").exists();
        assertThat(recent).as("it may be starting").exists();
        assertThat(other).as("not a VM's").exists();
    }

    private static Path runDir(Path tmp, String name, Duration age, Long pid) throws Exception {
        Path d = Files.createDirectories(tmp.resolve("scx4j-vm-" + name).resolve("ctl")).getParent();
        if (pid != null) Files.writeString(d.resolve("qemu.pid"), pid + "\n");
        Files.setLastModifiedTime(d, FileTime.from(Instant.now().minus(age)));
        return d;
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
