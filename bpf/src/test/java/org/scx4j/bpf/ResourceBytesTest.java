package org.scx4j.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An object's bytes come from the jar its anchor class was loaded from, or else from the class loader. */
class ResourceBytesTest {
    /** Loaded again from a jar of its own, as a scheduler's class is from the scx4j jar. */
    static final class Anchor {}

    @Test
    void readsTheResourceFromTheAnchorsJar(@TempDir Path dir) throws Exception {
        byte[] object = new byte[70_000];
        for (int i = 0; i < object.length; i++) object[i] = (byte) (i * 31 + (i >> 8));
        Path jar = dir.resolve("anchor.jar");
        String anchorFile = Anchor.class.getName().replace('.', '/') + ".class";
        try (var out = new JarOutputStream(Files.newOutputStream(jar));
                InputStream anchorClass = Anchor.class.getResourceAsStream("/" + anchorFile)) {
            out.putNextEntry(new JarEntry(anchorFile));
            anchorClass.transferTo(out);
            out.putNextEntry(new JarEntry("bpf/x.bpf.o"));
            out.write(object);
        }
        try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Class<?> fromJar = loader.loadClass(Anchor.class.getName());
            assertThat(fromJar).isNotSameAs(Anchor.class);
            assertThat(BpfObject.resourceBytes(fromJar, "/bpf/x.bpf.o")).isEqualTo(object);
            assertThatThrownBy(() -> BpfObject.resourceBytes(fromJar, "/bpf/nope.bpf.o"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/bpf/nope.bpf.o");
        }
    }

    @Test
    void readsTheResourceFromAClassesFolder() throws Exception {
        byte[] expected;
        try (InputStream in = ResourceBytesTest.class.getResourceAsStream("/bpf/rejected.bpf.o")) {
            expected = in.readAllBytes();
        }
        assertThat(BpfObject.resourceBytes(ResourceBytesTest.class, "/bpf/rejected.bpf.o")).isEqualTo(expected).isNotEmpty();
    }
}
