package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scx4j.cli.GuestScheduler.awaitEnabled;
import static org.scx4j.cli.GuestScheduler.ops;
import static org.scx4j.cli.GuestScheduler.scx4j;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;
import org.scx4j.vm.junit.VmConfig;
import org.scx4j.vm.junit.VmExtension;

/**
 * scx_layered on a guest with two packages, one LLC each: an Open layer that names {@code llcs}
 * runs its tasks only on that LLC's CPUs, even with CPUs idle elsewhere.
 */
@ExtendWith(VmExtension.class)
@VmConfig(topology = "sockets=2,cores=2", memoryMiB = 2048)
class ScxLayeredLlcVmIT {
    private Spawned running;

    @AfterEach
    void stopLeftover(Vm vm) {
        vm.run(Duration.ofSeconds(30), "sh", "-c", "[ -f /tmp/hogs ] && kill $(cat /tmp/hogs); rm -f /tmp/hogs; true");
        GuestScheduler.stopLeftover(running);
    }

    @Test
    void anOpenLayerThatNamesAnLlcRunsOnlyThere(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_layered", """
                [{"name": "llc1", "matches": [[{"CommPrefix": "llchog"}]], "kind": {"Open": {"llcs": [1]}}},
                 {"name": "rest", "matches": [[]], "kind": {"Open": {}}}]"""));
        awaitEnabled(vm, running);
        assertThat(ops(vm)).isEqualTo("layered");
        // Three hogs for the two CPUs of LLC 1 (the second package), while the first package idles.
        Result r = vm.run(Duration.ofMinutes(4), "sh", "-c", """
                P=""; for i in 1 2 3; do sh -c 'printf llchog > /proc/self/comm; while :; do :; done' & P="$P $!"; done
                echo $P > /tmp/hogs
                sleep 2
                for s in $(seq 20); do for p in $P; do read -r l < /proc/$p/stat; set -- $l; echo "hog ${39}"; done; sleep 0.1; done
                for c in /sys/devices/system/cpu/cpu[0-9]*; do echo "package ${c##*cpu} $(cat $c/topology/physical_package_id)"; done
                """);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Set<String> hogCpus = new TreeSet<>(), llc1 = new TreeSet<>();
        for (String line : r.stdout().lines().toList()) {
            String[] f = line.split(" ");
            if (f[0].equals("hog")) hogCpus.add(f[1]);
            if (f[0].equals("package") && f[2].equals("1")) llc1.add(f[1]);
        }
        String what = "the hogs ran on " + hogCpus + "; the second package's CPUs: " + llc1;
        System.out.println("scx_layered llcs: " + what);
        assertThat(llc1).as(what).hasSize(2);
        assertThat(llc1).as("the hogs run only on their layer's LLC: " + what).containsAll(hogCpus);
        GuestScheduler.stopCleanly(vm, running);
    }
}
