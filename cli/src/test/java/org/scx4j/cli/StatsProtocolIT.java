package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;
import org.scx4j.vm.junit.VmExtension;

/**
 * scx_simple running in the VM serves the stats protocol to a client that is not ours
 * (Python's socket module): stats and stats_meta in the upstream shape, EINVAL for
 * anything else on a connection that stays usable, and deltas per client.
 */
@ExtendWith(VmExtension.class)
class StatsProtocolIT {

    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final String JAR = System.getProperty("scx4j.jar");
    static final String SOCKET = "/var/run/scx/root/stats";

    static Spawned scheduler;

    static String[] scx4j(String... args) {
        var argv = new String[args.length + 4];
        argv[0] = JAVA;
        argv[1] = "--enable-native-access=ALL-UNNAMED";
        argv[2] = "-jar";
        argv[3] = JAR;
        System.arraycopy(args, 0, argv, 4, args.length);
        return argv;
    }

    @BeforeAll
    static void startScxSimple(Vm vm) {
        assertThat(JAR).as("system property scx4j.jar (set by failsafe)").isNotNull();
        scheduler = vm.spawn(scx4j("run", "scx_simple"));
        // A little load so the counters move while the clients watch.
        vm.spawn("sh", "-c", "for i in $(seq 3000); do sleep 0.2; done");
    }

    @AfterAll
    static void stopScxSimple(Vm vm) {
        scheduler.signal("INT");
        Result r = scheduler.await(Duration.ofMinutes(3));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(vm.run("test", "-e", SOCKET).exitCode()).as("socket removed at exit").isEqualTo(1);
    }

    static String probeScript() throws IOException {
        try (InputStream in = StatsProtocolIT.class.getResourceAsStream("/stats_probe.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    static Map<String, Object> resp(Object answer) {
        assertThat(map(answer).get("errno")).as("answer %s", answer).isEqualTo(0);
        return map(map(map(answer).get("args")).get("resp"));
    }

    @Test
    void aPythonClientGetsStatsMetaEinvalAndItsOwnDeltas(Vm vm) throws Exception {
        Result r = vm.run(Duration.ofMinutes(8), "python3", "-c", probeScript(), SOCKET);
        assertThat(r.exitCode()).as("stderr: %s\nscheduler: %s %s", r.stderr(), scheduler.outputSoFar(),
                scheduler.errorSoFar()).isZero();
        Map<String, Object> out = JSON.std.mapFrom(r.stdout());

        var meta = resp(out.get("meta"));
        var top = map(meta.get("scx_simple"));
        assertThat(top).containsEntry("name", "scx_simple").containsEntry("top", "true").containsKey("desc");
        var fields = map(top.get("fields"));
        assertThat(fields).containsKeys("local", "global");
        assertThat(map(fields.get("local"))).containsEntry("datum", "u64").containsKey("desc");

        var a1 = resp(out.get("a1"));
        var a2 = resp(out.get("a2"));
        var b1 = resp(out.get("b1"));
        assertThat(a1).containsKeys("local", "global");
        long a2Total = total(a2);
        long b1Total = total(b1);
        assertThat(a2Total).as("tasks dispatched in 1.5 s of load").isPositive();
        // b connected before a's first request and asks once, after a's second: its delta spans a's
        // whole interval. With one shared session it would only cover the instant since a2.
        assertThat(b1Total).isGreaterThanOrEqualTo(a2Total);

        for (Object bad : (List<?>) out.get("bad")) {
            assertThat(map(bad).get("errno")).as("answer %s", bad).isEqualTo(22);
            assertThat(map(map(bad).get("args")).get("resp")).isInstanceOf(String.class);
        }
        assertThat(resp(out.get("after_bad"))).containsKeys("local", "global");
    }

    static long total(Map<String, Object> values) {
        return ((Number) values.get("local")).longValue() + ((Number) values.get("global")).longValue();
    }

    @Test
    void theSocketIsRootOnly(Vm vm) {
        Result r = vm.run(Duration.ofMinutes(8), "sh", "-c",
                "for i in $(seq 900); do [ -S " + SOCKET + " ] && break; sleep 0.5; done; stat -c '%a %U %F' " + SOCKET);
        assertThat(r.stdout().strip()).isEqualTo("600 root socket");
    }

    @Test
    void scx4jMonitorAndHelpStatsDescribeTheRunningScheduler(Vm vm) {
        Result monitor = vm.run(Duration.ofMinutes(4), scx4j("monitor", "--interval", "0.5", "--count", "2"));
        assertThat(monitor.exitCode()).as(monitor.stderr()).isZero();
        assertThat(monitor.stdout().lines().toList()).hasSize(2)
                .allSatisfy(l -> assertThat(l).matches("local=\\d+ global=\\d+"));
        Result help = vm.run(Duration.ofMinutes(4), scx4j("run", "scx_simple", "--help-stats"));
        assertThat(help.exitCode()).as(help.stderr()).isZero();
        assertThat(help.stdout()).startsWith("[scx_simple]").contains("  local ").contains("  global ");
    }
}
