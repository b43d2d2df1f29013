package org.scx4j.core.sysfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.scx4j.core.topology.CpuMask;

/**
 * One directory of sysfs (or of a fixture tree shaped like it) with typed reads of its
 * one-value attribute files. Every reader of kernel state goes through it so that a
 * missing or malformed file always produces the same clear {@link SysfsException}
 * naming the file, and so that tests can point any reader at a fixture root.
 *
 * @param path the directory
 */
public record SysfsDir(Path path) {

    public SysfsDir resolve(String relative) {
        return new SysfsDir(path.resolve(relative));
    }

    public boolean exists() {
        return Files.isDirectory(path);
    }

    /** Whether the attribute file {@code name} exists. */
    public boolean has(String name) {
        return Files.isRegularFile(path.resolve(name));
    }

    /** The file's text with surrounding whitespace (the trailing newline) removed. */
    public String read(String name) {
        Path file = path.resolve(name);
        try {
            return Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            throw new SysfsException("cannot read " + file + ": no such file", e);
        } catch (IOException | RuntimeException e) {
            throw new SysfsException("cannot read " + file + ": " + e, e);
        }
    }

    /** The file's text, or empty when the file does not exist (an attribute this kernel lacks). */
    public Optional<String> readIfPresent(String name) {
        return has(name) ? Optional.of(read(name)) : Optional.empty();
    }

    public long readLong(String name) {
        String text = read(name);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new SysfsException(path.resolve(name) + " holds '" + text + "', expected an integer", e);
        }
    }

    public int readInt(String name) {
        long v = readLong(name);
        if (v != (int) v) {
            throw new SysfsException(path.resolve(name) + " holds " + v + ", which does not fit in an int");
        }
        return (int) v;
    }

    /** Reads an integer attribute, or {@code fallback} when this kernel lacks the file. */
    public int readInt(String name, int fallback) {
        return has(name) ? readInt(name) : fallback;
    }

    public CpuMask readCpuList(String name) {
        String text = read(name);
        try {
            return CpuMask.parseList(text);
        } catch (IllegalArgumentException e) {
            throw new SysfsException(path.resolve(name) + " is not a cpulist: " + e.getMessage(), e);
        }
    }

    public CpuMask readCpuMap(String name) {
        String text = read(name);
        try {
            return CpuMask.parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new SysfsException(path.resolve(name) + " is not a hex CPU mask: " + e.getMessage(), e);
        }
    }

    /** Names of the entries whose name matches {@code glob} (e.g. {@code "index*"}), sorted; empty if the directory is missing. */
    public List<String> list(String glob) {
        List<String> names = new ArrayList<>();
        if (!exists()) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path, glob)) {
            for (Path p : entries) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            throw new SysfsException("cannot list " + path + ": " + e, e);
        }
        names.sort(null);
        return names;
    }
}
