package org.scx4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kept kernel values are used only for the kernel and the questions they were read for, and only from root's file. */
class KernelCompatCacheTest {
    @TempDir
    Path tmp;
    Path proc, btf, dir;
    KernelCompatCache cache;
    static final KernelCompat COMPAT = compat();

    static KernelCompat compat() {
        Map<String, Long> values = new LinkedHashMap<>();
        long v = 1;
        for (String name : KernelCompat.REQUIRED) values.put(name, v++);
        values.put("SCX_EXIT_UNREG", 64L);
        values.put("SCX_DSQ_LOCAL", 0x8000000000000002L); // an unsigned 64-bit value
        Map<String, Boolean> kfuncs = new LinkedHashMap<>();
        for (String f : KernelCompat.KFUNCS) kfuncs.put(f, f.startsWith("scx_bpf_dsq"));
        return new KernelCompat(values, kfuncs);
    }

    @BeforeEach
    void kernel() throws IOException {
        proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve("sys/kernel"));
        Files.writeString(proc.resolve("sys/kernel/osrelease"), "7.3.4+deb13-amd64\n");
        Files.writeString(proc.resolve("sys/kernel/version"), "#1 SMP PREEMPT_DYNAMIC Debian 7.3.4-1 (2026-11-20)\n");
        btf = tmp.resolve("vmlinux");
        Files.write(btf, new byte[1000]);
        dir = tmp.resolve("cache/kernel-values");
        cache = new KernelCompatCache(dir, proc, btf);
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Writes COMPAT (root only: only a file root owns is trusted); its file. */
    Path kept() {
        assumeTrue(root(), "only a file root owns is trusted");
        assertThat(cache.write(COMPAT)).isTrue();
        return dir.resolve("7.3.4+deb13-amd64");
    }

    @Test
    void nothingKeptYet() {
        assertThat(cache.read()).isEmpty();
    }

    @Test
    void keptValuesReadBackForTheSameKernel() throws IOException {
        assumeTrue(root(), "only a file root owns is trusted");
        assertThat(cache.write(COMPAT)).isTrue();
        assertThat(cache.read()).contains(COMPAT);
        Path file = dir.resolve("7.3.4+deb13-amd64");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(file)).contains("release=7.3.4+deb13-amd64", "value.SCX_EXIT_UNREG=64",
                "kfunc.scx_bpf_now=false");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file); // no temporary file left
        }
    }

    @Test
    void anotherBuildOfTheSameReleaseIsNotMatched() throws IOException {
        kept();
        Files.writeString(proc.resolve("sys/kernel/version"), "#2 SMP PREEMPT_DYNAMIC Debian 7.3.4-2 (2026-12-01)\n");
        assertThat(cache.read()).isEmpty();
    }

    @Test
    void aChangedBtfIsNotMatched() throws IOException {
        kept();
        Files.write(btf, new byte[1004]);
        assertThat(cache.read()).isEmpty();
    }

    @Test
    void anotherReleaseHasItsOwnFile() throws IOException {
        kept();
        Files.writeString(proc.resolve("sys/kernel/osrelease"), "7.2.9+deb13-amd64\n");
        assertThat(cache.read()).isEmpty();
    }

    @Test
    void aFileWrittenForOtherQuestionsIsNotUsed() throws IOException {
        Path file = kept();
        Files.writeString(file, Files.readString(file).replaceFirst("(?m)^kfuncs=.*$", "kfuncs=scx_bpf_now"));
        assertThat(cache.read()).isEmpty();
    }

    @Test
    void aMalformedOrIncompleteFileIsNotUsed() throws IOException {
        Path file = kept();
        String good = Files.readString(file);
        Files.writeString(file, good.replace("value.SCX_SLICE_DFL=", "value.SCX_SLICE_DFL=x"));
        assertThat(cache.read()).isEmpty();
        Files.writeString(file, good.replaceFirst("(?m)^value.SCX_SLICE_DFL=.*\n", ""));
        assertThat(cache.read()).isEmpty();
        Files.writeString(file, good.substring(0, good.length() / 2));
        assertThat(cache.read()).isEmpty();
    }

    @Test
    void aFileOthersMayWriteIsNotTrusted() throws IOException {
        Path file = kept();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(cache.read()).isEmpty();
    }

    @Test
    void nothingIsWrittenIntoAFolderOthersMayChange() throws IOException {
        assumeTrue(root(), "only a file root owns is trusted");
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(cache.write(COMPAT)).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anUnwritableFolderOnlyCostsTheBtfRead() throws IOException {
        Files.writeString(tmp.resolve("cache"), "a file where the folder would be");
        assertThat(cache.write(COMPAT)).isFalse();
        assertThat(cache.read()).isEmpty();
    }
}
