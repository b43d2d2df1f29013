package org.scx4j.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.junit.VmExtension;

/** Background commands, signals, timeouts and file sharing, in one boot. */
@ExtendWith(VmExtension.class)
class GuestLifecycleTest {

    @Test
    void aCommandPastItsTimeoutIsKilledAndTheVmStaysUsable(Vm vm) {
        var e = catchThrowableOfType(CommandTimeoutException.class,
                () -> vm.run(Duration.ofSeconds(2), "sh", "-c", "echo before; sleep 617; echo never"));
        assertThat(e).hasMessageContaining("timed out after 2 s").hasMessageContaining("sleep 617");
        assertThat(e.partial().stdout()).isEqualTo("before\n");
        assertThat(e.partial().exitCode()).isEqualTo(128 + 9);
        assertThat(vm.run("pgrep", "-f", "sleep 617").exitCode()).as("the whole process group was killed").isEqualTo(1);
        assertThat(vm.run("echo", "still here").stdout()).isEqualTo("still here\n");
    }

    @Test
    void aKernelOopsWouldPanicAndSoEndTheVm(Vm vm) {
        // An oops leaves a guest that may never answer again; a panic ends qemu and is reported (GuestPanicTest).
        assertThat(vm.run("cat", "/proc/sys/kernel/panic_on_oops").stdout()).isEqualTo("1\n");
    }

    @Test
    void aSpawnedCommandRunsAlongsideOthersAndTakesSignals(Vm vm) throws Exception {
        Spawned s = vm.spawn("sh", "-c", "echo started; exec sleep 600");
        awaitOutput(s, "started\n");
        long pid = s.pid();
        assertThat(vm.run("cat", "/proc/" + pid + "/comm").stdout()).isEqualTo("sleep\n");
        s.signal("STOP");
        assertThat(state(vm, pid)).isEqualTo("T");
        s.signal("SIGCONT");
        assertThat(state(vm, pid)).isEqualTo("S");
        assertThat(s.isDone()).isFalse();
        s.signal("INT");
        assertThat(s.await(Duration.ofSeconds(60))).isEqualTo(new Result(130, "started\n", ""));
    }

    @Test
    void followCopiesOutputAsItAppearsAndEnforcesTheTimeout(Vm vm) {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        Result r = vm.spawn("sh", "-c", "echo one; sleep 0.3; echo two >&2; exit 5").follow(Duration.ofSeconds(60), out, err);
        assertThat(r).isEqualTo(new Result(5, "one\n", "two\n"));
        assertThat(out.toString()).isEqualTo("one\n");
        assertThat(err.toString()).isEqualTo("two\n");
        var late = new java.io.ByteArrayOutputStream();
        var e = catchThrowableOfType(CommandTimeoutException.class,
                () -> vm.spawn("sh", "-c", "echo begun; sleep 600").follow(Duration.ofSeconds(2), late, OutputStream.nullOutputStream()));
        assertThat(e.partial().stdout()).isEqualTo("begun\n");
        assertThat(late.toString()).isEqualTo("begun\n");
    }

    @Test
    void spawnedCommandsRunConcurrently(Vm vm) {
        Spawned waiter = vm.spawn("sh", "-c", "while [ ! -e /tmp/go ]; do sleep 0.05; done; echo released");
        Spawned releaser = vm.spawn("sh", "-c", "sleep 0.2; touch /tmp/go");
        assertThat(releaser.await(Duration.ofSeconds(60)).exitCode()).isZero();
        assertThat(waiter.await(Duration.ofSeconds(60)).stdout()).isEqualTo("released\n");
    }

    @Test
    void aFileWrittenInTheProjectFolderAppearsOnTheHost(Vm vm) throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        Path file = target.resolve("vm-share-" + ProcessHandle.current().pid() + ".txt");
        Files.deleteIfExists(file);
        assertThat(vm.run("sh", "-c", "echo written in the guest > " + file).exitCode()).isZero();
        assertThat(Files.readString(file)).isEqualTo("written in the guest\n");
        Files.delete(file);
    }

    @Test
    void theHostRootStaysUnmodified(Vm vm) {
        Path probe = Path.of("/usr/scx4j-guest-probe-" + ProcessHandle.current().pid());
        Result r = vm.run("sh", "-c", "echo x > " + probe + " && cat " + probe + " && rm /etc/debian_version && echo removed");
        assertThat(r).isEqualTo(new Result(0, "x\nremoved\n", ""));
        assertThat(probe).doesNotExist();
        assertThat(Path.of("/etc/debian_version")).exists();
    }

    private static String state(Vm vm, long pid) {
        // Field 3 of /proc/PID/stat; a signal takes effect asynchronously, so look a few times.
        String s = "";
        for (int i = 0; i < 50; i++) {
            s = vm.run("sh", "-c", "cut -d' ' -f3 /proc/" + pid + "/stat").stdout().strip();
            if (!s.equals("R")) break;
        }
        return s;
    }

    private static void awaitOutput(Spawned s, String expected) throws InterruptedException {
        for (int i = 0; i < 600 && !s.outputSoFar().equals(expected); i++) TimeUnit.MILLISECONDS.sleep(100);
        assertThat(s.outputSoFar()).isEqualTo(expected);
    }
}
