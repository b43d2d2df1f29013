package org.scx4j.schedulers.javaland;

import org.junit.jupiter.api.Test;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.StructView;
import org.scx4j.schedulers.jfifo.ScxJfifo;
import org.scx4j.userspace.UserSchedBpf;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java schedulers' options reach the kernel-facing ops struct, and bad ones fail clearly before loading. */
class ScxJavalandOptionsTest {
    @Test
    void opsNameAndPartialModeAreSetInTheStructOps() {
        ScxJfifo jfifo = new ScxJfifo();
        jfifo.setPartial(true);
        try (BpfObject obj = BpfObject.openResource(UserSchedBpf.class, UserSchedBpf.OBJECT)) {
            StructView ops = obj.structOps(UserSchedBpf.OPS_MAP);
            jfifo.configureOps(ops);
            String name = new String(ops.getBytes("name"), StandardCharsets.US_ASCII).replace("\0", "");
            assertThat(name).isEqualTo("jfifo");
            assertThat(ops.getLong("flags") & 8).as("SCX_OPS_SWITCH_PARTIAL").isEqualTo(8);
        }
        ScxJavaland full = new ScxJavaland();
        new CommandLine(full).parseArgs("-s", "30000");
        full.common.applyTo(full);
        try (BpfObject obj = BpfObject.openResource(UserSchedBpf.class, UserSchedBpf.OBJECT)) {
            StructView ops = obj.structOps(UserSchedBpf.OPS_MAP);
            full.configureOps(ops);
            assertThat(new String(ops.getBytes("name"), StandardCharsets.US_ASCII)).startsWith("javaland\0");
            assertThat(ops.getLong("flags") & 8).isZero();
        }
    }

    @Test
    void aMinimumSliceAboveTheMaximumIsRejectedBeforeLoading() {
        StringWriter err = new StringWriter();
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new ScxJavaland()).setErr(new PrintWriter(err)).execute("-s", "1000", "-S", "5000");
            assertThat(code).isEqualTo(2);
        } finally {
            System.setErr(saved);
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("--slice-us-min").contains("1000");
    }

    @Test
    void helpListsTheUpstreamOptions() {
        String help = new CommandLine(new ScxJavaland()).getUsageMessage();
        assertThat(help).contains("--slice-us").contains("--slice-us-min").contains("--partial").contains("-v")
                .doesNotContain("--gc-stress").doesNotContain("--fail-after");
    }
}
