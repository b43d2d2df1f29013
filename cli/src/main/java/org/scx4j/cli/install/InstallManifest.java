package org.scx4j.cli.install;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The list of files {@code scx4j install} wrote, each with the SHA-256 of what it
 * wrote, so {@code scx4j uninstall} removes exactly those and keeps any the
 * administrator has changed since (an edited {@code /etc/default/scx} survives).
 *
 * @param files system path to content hash, in install order
 */
public record InstallManifest(Map<Path, String> files) {

    public InstallManifest {
        files = new LinkedHashMap<>(files);
    }

    public static InstallManifest empty() {
        return new InstallManifest(Map.of());
    }

    /** Reads the manifest at {@code file} (a path on disk), if there is one. */
    public static Optional<InstallManifest> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<String, Object> json;
        try {
            json = JSON.std.mapFrom(Files.readString(file));
        } catch (IOException e) {
            throw new IOException("the install record " + file + " is damaged (" + e.getMessage()
                    + "); remove the installed files by hand", e);
        }
        var files = new LinkedHashMap<Path, String>();
        if (json.get("files") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && m.get("path") instanceof String p && m.get("sha256") instanceof String h) {
                    files.put(Path.of(p), h);
                }
            }
        }
        return Optional.of(new InstallManifest(files));
    }

    public void write(Path file) throws IOException {
        var list = new ArrayList<Map<String, Object>>();
        files.forEach((path, hash) -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("path", path.toString());
            m.put("sha256", hash);
            list.add(m);
        });
        Files.writeString(file, JSON.std.asString(Map.of("files", list)) + "\n");
    }

    public boolean contains(Path path) {
        return files.containsKey(path);
    }

    public void record(Path path, byte[] content) {
        files.put(path, sha256(content));
    }

    /** True when the file on disk still holds what was installed. */
    public boolean unchanged(Path path, Path onDisk) throws IOException {
        return Files.isRegularFile(onDisk) && sha256(Files.readAllBytes(onDisk)).equals(files.get(path));
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
