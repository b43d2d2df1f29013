package org.scx4j.bpf;

import java.io.IOException;
import java.io.InputStream;

/**
 * Which libbpf the binding loads. The jar carries one built from the kernel tree
 * ({@code bpf/build-libbpf}), newer than most distributions' (Debian 12 has 1.4): it finds
 * kernel types by binary search where older ones scan the whole kernel BTF for each name,
 * several times per load. {@code scx4j install} writes it beside the jar and its launchers
 * name it in {@value #PROPERTY}; without that property (a bare {@code java -jar}) the
 * system's libbpf.so.1 is loaded, which must be 1.4 or newer.
 */
public final class LibbpfLibrary {
    /** The system property naming the libbpf shared object to load instead of the system's. */
    public static final String PROPERTY = "scx4j.libbpf";
    /** Its file name, in the jar beside this class and where it is installed. */
    public static final String FILE = "libbpf.so.1";

    private LibbpfLibrary() {}

    /** The libbpf.so.1 this jar carries. */
    public static byte[] bundled() throws IOException {
        try (InputStream in = LibbpfLibrary.class.getResourceAsStream(FILE)) {
            if (in == null) throw new IOException("this scx4j jar carries no " + FILE + ": build it with scripts/build");
            return in.readAllBytes();
        }
    }

    /** What the binding dlopens: the property's file, else the system's libbpf.so.1. */
    static String toLoad() {
        String path = System.getProperty(PROPERTY);
        return path == null || path.isEmpty() ? FILE : path;
    }
}
