package org.scx4j.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Release ordering, config checks and module dependency reading, without a VM. */
class KernelDetailsTest {

    @Test
    void releasesSortNumericallyNewestFirst() {
        List<String> r = new ArrayList<>(List.of("7.2.9+deb13-amd64", "7.3.4+deb13-amd64", "7.2.13+deb14-amd64", "7.10.1+deb13-amd64"));
        r.sort(AptKernels.NEWEST_FIRST);
        assertThat(r).containsExactly("7.10.1+deb13-amd64", "7.3.4+deb13-amd64", "7.2.13+deb14-amd64", "7.2.9+deb13-amd64");
    }

    @Test
    void aConfigWithoutSchedExtIsRejectedNamingWhatIsMissing(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config");
        Files.writeString(config, String.join("\n", KernelConfig.REQUIRED).replace("CONFIG_SCHED_CLASS_EXT=y", "# CONFIG_SCHED_CLASS_EXT is not set"));
        assertThatThrownBy(() -> KernelConfig.verify("6.1.0-test", config))
                .isInstanceOf(VmException.class).hasMessageContaining("6.1.0-test").hasMessageContaining("CONFIG_SCHED_CLASS_EXT=y");
        Files.writeString(config, String.join("\n", KernelConfig.REQUIRED) + "\n");
        KernelConfig.verify("7.3.4-test", config);
    }

    @Test
    void moduleDependenciesComeFromTheModinfoTag() {
        byte[] ko = "\u007fELF junk\0license=GPL\0depends=9pnet,netfs\0name=9p\0".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(KernelModules.depends(ko)).containsExactly("9pnet", "netfs");
        assertThat(KernelModules.depends("x\0depends=\0name=overlay\0".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
    }

    @Test
    void badOptionsAreRejectedClearly() {
        assertThatThrownBy(() -> VmOptions.defaults().withCpus(0)).hasMessageContaining("cpus");
        assertThatThrownBy(() -> VmOptions.defaults().withMemoryMiB(10)).hasMessageContaining("256 MiB");
        assertThatThrownBy(() -> BootPlan.shares(VmOptions.defaults().withShare(Path.of("/no/such/dir"))))
                .isInstanceOf(VmException.class).hasMessageContaining("/no/such/dir");
    }
}
