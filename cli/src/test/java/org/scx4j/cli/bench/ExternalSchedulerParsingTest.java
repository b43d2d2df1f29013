package org.scx4j.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ext:LABEL=COMMAND} entries of {@code --schedulers}, and where their executables are found. */
class ExternalSchedulerParsingTest {

    @Test
    void labelThenCommandWithItsOptions() {
        assertThat(ExternalScheduler.isSpec("ext:upstream-simple=/usr/sbin/scx_simple")).isTrue();
        assertThat(ExternalScheduler.isSpec("scx_simple")).isFalse();
        assertThat(ExternalScheduler.parse("ext:upstream-simple=/usr/sbin/scx_simple"))
                .isEqualTo(new ExternalScheduler("upstream-simple", List.of("/usr/sbin/scx_simple")));
        ExternalScheduler fifo = ExternalScheduler.parse("ext:c-simple-fifo=/tmp/scx_simple  -f -s 5000 ");
        assertThat(fifo.label()).isEqualTo("c-simple-fifo");
        assertThat(fifo.command()).containsExactly("/tmp/scx_simple", "-f", "-s", "5000");
        assertThat(fifo.commandLine()).isEqualTo("/tmp/scx_simple -f -s 5000");
        // Only the first '=' ends the label: the command may carry its own.
        assertThat(ExternalScheduler.parse("ext:v1.2_x=sched --slice=20").command()).containsExactly("sched", "--slice=20");
    }

    @Test
    void malformedEntriesSayHowTheyShouldLook() {
        assertThatThrownBy(() -> ExternalScheduler.parse("ext:/usr/sbin/scx_simple"))
                .hasMessageContaining("ext:LABEL=COMMAND").hasMessageContaining("ext:upstream-simple=/usr/sbin/scx_simple");
        assertThatThrownBy(() -> ExternalScheduler.parse("ext:=/usr/sbin/scx_simple")).hasMessageContaining("the label ''");
        assertThatThrownBy(() -> ExternalScheduler.parse("ext:my sched=/bin/x")).hasMessageContaining("the label 'my sched'")
                .hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> ExternalScheduler.parse("ext:-x=/bin/x")).hasMessageContaining("starting with a letter or digit");
        assertThatThrownBy(() -> ExternalScheduler.parse("ext:" + "a".repeat(41) + "=/bin/x")).hasMessageContaining("1 to 40");
        assertThatThrownBy(() -> ExternalScheduler.parse("ext:empty=  ")).hasMessageContaining("no command after '='");
    }

    @Test
    void theExecutableIsPinnedToAnAbsoluteHostPath(@TempDir Path dir) throws Exception {
        Path program = executable(dir.resolve("bin").resolve("my_sched"));
        ExternalScheduler relative = ExternalScheduler.parse("ext:mine=bin/my_sched -v").located(dir, "");
        assertThat(relative.command()).containsExactly(program.toString(), "-v");
        ExternalScheduler onPath = ExternalScheduler.parse("ext:mine=my_sched").located(Path.of("/"), "/nonexistent:" + program.getParent());
        assertThat(onPath.command()).containsExactly(program.toString());
    }

    @Test
    void aMissingFolderOrNonExecutableCommandIsNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ExternalScheduler.parse("ext:gone=" + dir.resolve("scx_gone")).located(dir, ""))
                .hasMessageContaining("ext:gone").hasMessageContaining(dir.resolve("scx_gone") + " does not exist on the host");
        assertThatThrownBy(() -> ExternalScheduler.parse("ext:gone=scx_gone").located(dir, dir.toString()))
                .hasMessageContaining("command 'scx_gone' not found on the host's PATH");
        assertThatThrownBy(() -> ExternalScheduler.parse("ext:dir=" + dir).located(dir, ""))
                .hasMessageContaining(dir + " is a folder");
        Path plain = Files.writeString(dir.resolve("notes.txt"), "not a program\n");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ExternalScheduler.parse("ext:notes=" + plain + " -f").located(dir, ""))
                .hasMessageContaining(plain + " is not executable").hasMessageContaining("chmod +x");
        // A bare name only counts on the PATH when it is executable there.
        assertThatThrownBy(() -> ExternalScheduler.parse("ext:notes=notes.txt").located(dir, dir.toString()))
                .hasMessageContaining("not found on the host's PATH");
    }

    @Test
    void commandsInFoldersTheGuestMountsAfreshAreCopiedWhereItSeesThem(@TempDir Path dir) throws Exception {
        assertThat(GuestCommands.hiddenInGuest(Path.of("/tmp/scx_simple"))).isTrue();
        assertThat(GuestCommands.hiddenInGuest(Path.of("/run/user/0/sched"))).isTrue();
        assertThat(GuestCommands.hiddenInGuest(Path.of("/usr/sbin/scx_simple"))).isFalse();
        assertThat(GuestCommands.hiddenInGuest(Path.of("/tmpfoo/scx_simple"))).isFalse();

        Path program = executable(dir.resolve("scx_tmp"));
        ExternalScheduler hidden = new ExternalScheduler("hidden", List.of(program.toString(), "-f"));
        ExternalScheduler visible = new ExternalScheduler("visible", List.of("/usr/bin/true"));
        Path copy;
        try (GuestCommands commands = GuestCommands.of(List.of(hidden, visible))) {
            assertThat(commands.commands().get("visible")).containsExactly("/usr/bin/true");
            List<String> guest = commands.commands().get("hidden");
            copy = Path.of(guest.getFirst());
            assertThat(guest.subList(1, guest.size())).containsExactly("-f");
            if (GuestCommands.hiddenInGuest(program)) {
                assertThat(copy).isNotEqualTo(program).hasFileName("scx_tmp").startsWith(JarSnapshot.folder());
                assertThat(GuestCommands.hiddenInGuest(copy)).isFalse();
                assertThat(Files.isExecutable(copy)).isTrue();
                assertThat(Files.readString(copy)).isEqualTo(Files.readString(program));
            } else {
                assertThat(copy).isEqualTo(program);
            }
        }
        if (!copy.equals(program)) {
            assertThat(copy.getParent()).as("the copy is removed with the bench").doesNotExist();
        }
    }

    private static Path executable(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
