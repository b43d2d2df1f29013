package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Option parsing of {@code scx4j vm}, without booting anything. */
class VmCommandTest {

    @Test
    void optionsBecomeVmOptionsAndTheRestIsTheCommand() {
        VmCommand c = new VmCommand();
        new CommandLine(c).parseArgs("--cpus", "3", "--memory", "1536M", "--kernel", "7.2", "--share", "/tmp",
                "--", "sh", "-c", "exit 3");
        var o = c.options();
        assertThat(o.cpus()).isEqualTo(3);
        assertThat(o.memoryMiB()).isEqualTo(1536);
        assertThat(o.kernel()).isEqualTo("7.2");
        assertThat(o.shares()).containsExactly(Path.of("/tmp"));
        assertThat(c.command).containsExactly("sh", "-c", "exit 3");
    }

    @Test
    void topologyAndNumaBecomeTheLayout() {
        VmCommand c = new VmCommand();
        new CommandLine(c).parseArgs("--topology", "sockets=2,cores=2,threads=2", "--numa", "2", "--", "true");
        assertThat(c.options().topology()).isEqualTo(new org.scx4j.vm.VmTopology(2, 2, 2, 2));
        assertThat(c.options().cpus()).isEqualTo(8);
    }

    @Test
    void memorySizesParse() {
        assertThat(VmCommand.mebibytes("4G")).isEqualTo(4096);
        assertThat(VmCommand.mebibytes("2GiB")).isEqualTo(2048);
        assertThat(VmCommand.mebibytes("512m")).isEqualTo(512);
        assertThat(VmCommand.mebibytes("768")).isEqualTo(768);
        assertThatThrownBy(() -> VmCommand.mebibytes("lots")).hasMessageContaining("--memory").hasMessageContaining("lots");
    }

    @Test
    void badInputIsAClearErrorNotACrash() {
        StringWriter err = new StringWriter();
        var cl = new CommandLine(new VmCommand()).setErr(new PrintWriter(err));
        var stderr = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            assertThat(cl.execute("--cpus", "0", "--", "true")).isEqualTo(2);
            assertThat(cl.execute("--memory", "huge", "--", "true")).isEqualTo(2);
            assertThat(cl.execute("--cpus", "4", "--topology", "sockets=2,threads=2,cores=2", "--", "true")).isEqualTo(2);
            assertThat(cl.execute("--topology", "sockets=3", "--numa", "2", "--", "true")).isEqualTo(2);
        } finally {
            System.setErr(stderr);
        }
        assertThat(captured.toString()).contains("cpus must be at least 1").contains("--memory takes a size like 4G")
                .contains("--cpus 4 does not match --topology sockets=2,threads=2,cores=2, which makes 8 CPUs")
                .contains("2 NUMA nodes do not divide 3 sockets");
    }
}
