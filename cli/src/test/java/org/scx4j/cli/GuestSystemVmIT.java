package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;
import org.scx4j.vm.junit.VmConfig;
import org.scx4j.vm.junit.VmExtension;

/**
 * The guest is a normal Linux system for what users run in it (one boot): bash process
 * substitution and the /dev links, a cgroup with the cpu controller, the project's launchers
 * on PATH, {@code ./scx4j} and {@code bin/scx_simple} working without trying to set up or
 * build, and a scheduler started in a script's background stopping on SIGINT.
 */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 2, memoryMiB = 2048)
class GuestSystemVmIT {
    private static final Path ROOT = GuestScheduler.jar().getParent().getParent().getParent();

    @Test
    void aNormalSystemForShellsAndCgroups(Vm vm) {
        Result r = vm.run("bash", "-c", "cat <(echo substituted); for f in fd stdin stdout stderr shm; do [ -e /dev/$f ] && echo dev-$f; done;"
                + " [ -w /tmp ] && echo tmp-writable; grep -c ' / ' /proc/self/mounts >/dev/null && echo mounts; hostname;"
                + " command -v scx_simple");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().toList()).containsExactly("substituted", "dev-fd", "dev-stdin", "dev-stdout", "dev-stderr",
                "dev-shm", "tmp-writable", "mounts", "scx4j-vm", ROOT.resolve("bin/scx_simple").toString());

        Result cg = vm.run("sh", "-c", "mkdir /sys/fs/cgroup/try.slice && echo 300 > /sys/fs/cgroup/try.slice/cpu.weight"
                + " && cat /sys/fs/cgroup/try.slice/cpu.weight && rmdir /sys/fs/cgroup/try.slice");
        assertThat(cg.exitCode()).as(cg.stderr()).isZero();
        assertThat(cg.stdout().strip()).isEqualTo("300");
    }

    @Test
    void theProjectsCommandsRunAsOnAHostWithSchedExt(Vm vm) throws Exception {
        Result state = vm.run(Duration.ofMinutes(3), "sh", "-c", "cd " + ROOT + " && ./scx4j state --json");
        assertThat(state.exitCode()).as(state.stderr()).isZero();
        assertThat(state.stderr()).doesNotContain("setup:").doesNotContain("building");
        Map<String, Object> json = JSON.std.mapFrom(state.stdout());
        assertThat(((Map<?, ?>) json.get("sched_ext")).get("state")).as(state.stdout()).isEqualTo("disabled");

        // A script's background job starts with SIGINT ignored; the scheduler must stop on it all the same.
        Result ignored = vm.run("sh", "-c", "sleep 3 & sleep 0.5; grep SigIgn /proc/$!/status");
        assertThat(Long.parseLong(ignored.stdout().replaceAll("\\D*([0-9a-f]+)\\s*", "$1"), 16) & 2).as(ignored.stdout()).isEqualTo(2);
        Spawned script = vm.spawn("sh", "-c", "cd " + ROOT + " && bin/scx_simple 2>&1 & echo $! > /tmp/simple.pid; wait $!");
        GuestScheduler.awaitEnabled(vm, script);
        GuestScheduler.awaitLines(script, "local=\\d+ global=\\d+", 1, Duration.ofSeconds(60));
        assertThat(vm.run("sh", "-c", "kill -INT $(cat /tmp/simple.pid)").exitCode()).isZero();
        Result stopped = script.await(Duration.ofSeconds(60));
        assertThat(stopped.exitCode()).as(stopped.stdout()).isZero();
        assertThat(stopped.stdout()).doesNotContain("setup:").doesNotContain("building").contains("EXIT: ");
        assertThat(GuestScheduler.state(vm)).isEqualTo("disabled");
    }
}
