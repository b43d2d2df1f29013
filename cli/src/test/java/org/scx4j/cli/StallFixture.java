package org.scx4j.cli;

import java.time.Duration;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.BpfScheduler;
import org.scx4j.core.KernelCompat;
import org.scx4j.core.SchedulerRuntime;

/**
 * Test-only scheduler (src/test/bpf/scx_stall.bpf.c) that never runs one chosen task, with
 * a 3 s watchdog, so the kernel must end it with a stall. Run in the guest as
 * {@code java -cp scx4j.jar:test-classes org.scx4j.cli.StallFixture PID}.
 */
public final class StallFixture implements BpfScheduler {
    private final int pid;

    StallFixture(int pid) {
        this.pid = pid;
    }

    public static void main(String[] args) {
        System.exit(SchedulerRuntime.run(new StallFixture(Integer.parseInt(args[0]))));
    }

    @Override
    public String name() {
        return "scx_stall";
    }

    @Override
    public String objectResource() {
        return "/bpf/scx_stall.bpf.o";
    }

    @Override
    public String opsMap() {
        return "stall_ops";
    }

    @Override
    public Duration watchdogTimeout() {
        return Duration.ofSeconds(3);
    }

    @Override
    public void configure(GlobalData rodata, KernelCompat kernel) {
        rodata.setInt("stall_pid", pid);
    }
}
