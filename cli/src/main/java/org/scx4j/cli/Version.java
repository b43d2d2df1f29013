package org.scx4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.scx4j.bpf.LibbpfLog;
import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code --version}, taken from the build (one source of truth: the POM). */
public final class Version implements IVersionProvider {

    /** The project version, e.g. {@code 0.1.0}. */
    public static String number() {
        try (InputStream in = Version.class.getResourceAsStream("/scx4j-version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** With the runtime it found: the JVM, and the libbpf it loads ({@link org.scx4j.bpf.LibbpfLibrary}) or why none. */
    @Override
    public String[] getVersion() {
        String libbpf;
        try {
            libbpf = "libbpf " + LibbpfLog.libbpfVersion();
        } catch (IllegalStateException e) {
            libbpf = e.getMessage();
        }
        return new String[] {"scx4j " + number() + " (Java " + Runtime.version() + ", " + libbpf + ")"};
    }
}
