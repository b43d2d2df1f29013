package org.scx4j.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.scx4j.vm.junit.VmExtension;

/**
 * Provisioning from nothing: an empty cache gets the second kernel line (7.2,
 * from sid) downloaded, checked and given an initramfs, and it boots; the next
 * boot from that cache downloads and builds nothing. Uses a temporary cache so
 * the shared one is left alone. VmExtension only decides skip or run here.
 */
@ExtendWith(VmExtension.class)
class ColdStartTest {

    @Test
    void anEmptyCacheIsProvisionedOnceAndThenReused(@TempDir Path dir) throws Exception {
        KernelCache cache = new KernelCache(dir);
        List<String> steps = new CopyOnWriteArrayList<>();
        Progress recorded = line -> {
            steps.add(line);
            Progress.STDERR.step(line);
        };
        VmOptions options = VmOptions.defaults().withKernel("7.2").withCpus(2).withMemoryMiB(2048);

        long cold = System.nanoTime();
        String release;
        try (Vm vm = Vm.boot(options, cache, recorded)) {
            release = vm.kernelRelease();
            assertThat(release).startsWith("7.2.");
            assertThat(vm.run("cat", "/sys/kernel/sched_ext/state").stdout()).isEqualTo("disabled\n");
            System.out.printf("vm: cold start (download + unpack + initramfs + boot) of %s: %d ms%n",
                    release, (System.nanoTime() - cold) / 1_000_000);
        }
        assertThat(steps).anyMatch(s -> s.startsWith("downloading linux " + release)).anyMatch(s -> s.startsWith("built the initramfs"));
        assertThat(cache.cached()).containsExactly(release);
        try (Stream<Path> files = Files.list(dir.resolve("kernels").resolve(release))) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("initramfs-") && n.endsWith(".cpio"));
        }

        steps.clear();
        long warm = System.nanoTime();
        try (Vm vm = Vm.boot(options, cache, recorded)) {
            assertThat(vm.run("uname", "-r").stdout()).isEqualTo(release + "\n");
            System.out.printf("vm: warm start (cached) of %s to first command: %d ms%n", release, (System.nanoTime() - warm) / 1_000_000);
        }
        assertThat(steps).noneMatch(s -> s.startsWith("downloading") || s.startsWith("built the initramfs"));
    }
}
