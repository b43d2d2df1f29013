package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;
import org.scx4j.vm.junit.VmExtension;

/**
 * {@code scx4j install} in the VM (its root is a throw-away overlay), then the
 * installed unit's ExecStart line run the way systemd runs it (environment from the
 * EnvironmentFile, {@code $$} unescaped), which must start the configured scheduler
 * with the configured flags. The guest has no systemd, so the test plays its part.
 */
@ExtendWith(VmExtension.class)
class ServiceIT {

    static final String UNIT = "/etc/systemd/system/scx.service";

    static String unitValue(String unit, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(unit);
        assertThat(m.find()).as("%s= in the unit", key).isTrue();
        return m.group(1);
    }

    @Test
    void theInstalledUnitStartsTheConfiguredSchedulerWithItsFlags(Vm vm) {
        // Installing trains both start-up caches: a minute or two under emulation.
        Result install = vm.run(Duration.ofMinutes(6),
                StatsProtocolIT.scx4j("install", "--scheduler", "scx_simple", "--flags", "-f --stats 1"));
        assertThat(install.exitCode()).as(install.stderr()).isZero();
        assertThat(install.stdout()).contains("/usr/local/bin/scx_simple").contains(UNIT).contains("/etc/default/scx");

        String unit = vm.run("cat", UNIT).stdout();
        String environmentFile = unitValue(unit, "EnvironmentFile");
        String path = unitValue(unit, "Environment").replaceFirst("^PATH=", "");
        String execStart = unitValue(unit, "ExecStart").replace("$$", "$"); // systemd's escape for a literal $
        assertThat(environmentFile).isEqualTo("/etc/default/scx");

        // systemd: environment from the file, then exec the line; our outer shell execs too, so
        // the spawned pid ends up being the scheduler's JVM.
        Spawned service = vm.spawn("sh", "-c",
                "set -a; . " + environmentFile + "; set +a; export PATH='" + path + "'; exec " + execStart);
        try {
            String ops = awaitOps(vm, service);
            assertThat(ops).isEqualTo("simple");
            String cmdline = vm.run("sh", "-c", "tr '\\0' ' ' < /proc/" + service.pid() + "/cmdline").stdout();
            assertThat(cmdline).contains("-cp /usr/local/lib/scx4j/scx4j.jar org.scx4j.cli.Main run scx_simple -f --stats 1");
            awaitLine(service);
            assertThat(service.outputSoFar()).containsPattern("(?m)^local=\\d+ global=\\d+$");
        } finally {
            service.signal("INT");
        }
        Result end = service.await(Duration.ofMinutes(1));
        assertThat(end.exitCode()).as(end.stderr()).isZero();

        // An override wins over the configured flags, as upstream's variables do.
        Result override = vm.run("sh", "-c", "set -a; . " + environmentFile
                + "; SCX_FLAGS_OVERRIDE=--help-stats; set +a; export PATH='" + path + "'; exec " + execStart);
        assertThat(override.exitCode()).as(override.stderr()).isZero();
        assertThat(override.stdout()).startsWith("[scx_simple]");

        Result uninstall = vm.run(Duration.ofMinutes(2), StatsProtocolIT.scx4j("uninstall"));
        assertThat(uninstall.exitCode()).as(uninstall.stderr()).isZero();
        assertThat(vm.run("test", "-e", "/usr/local/bin/scx_simple").exitCode()).isEqualTo(1);
        assertThat(vm.run("test", "-e", UNIT).exitCode()).isEqualTo(1);
    }

    /** Waits until sched_ext reports an attached scheduler, failing with the service's output. */
    private static String awaitOps(Vm vm, Spawned service) {
        return Await.until(() -> GuestScheduler.ops(vm), ops -> !ops.isEmpty(), service::isDone, Duration.ofMinutes(2),
                Duration.ofMillis(200), () -> "a scheduler attached; service output:\n" + service.outputSoFar() + service.errorSoFar());
    }

    private static void awaitLine(Spawned service) {
        Await.until(() -> service.outputSoFar().contains("local="), seen -> seen, service::isDone, Duration.ofMinutes(2),
                Duration.ofMillis(200), () -> "a stats line; service output:\n" + service.outputSoFar() + service.errorSoFar());
    }
}
