package org.scx4j.vm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a cpio archive in the "newc" format, the one the kernel unpacks as an
 * initramfs. Only what an initramfs needs: folders, regular files, device nodes.
 */
final class NewcArchive implements AutoCloseable {

    private static final int DIR = 0040000, FILE = 0100000, CHAR_DEVICE = 0020000;

    private final OutputStream out;
    private long written;
    private int inode = 1;

    NewcArchive(OutputStream out) {
        this.out = out;
    }

    void directory(String path) throws IOException {
        entry(path, DIR | 0755, new byte[0], 0, 0);
    }

    void file(String path, int permissions, byte[] data) throws IOException {
        entry(path, FILE | permissions, data, 0, 0);
    }

    void charDevice(String path, int permissions, int major, int minor) throws IOException {
        entry(path, CHAR_DEVICE | permissions, new byte[0], major, minor);
    }

    private void entry(String path, int mode, byte[] data, int rdevMajor, int rdevMinor) throws IOException {
        byte[] name = (path + "\0").getBytes(StandardCharsets.UTF_8);
        String header = "070701" + hex(inode++) + hex(mode) + hex(0) + hex(0) + hex((mode & DIR) != 0 ? 2 : 1)
                + hex(0) + hex(data.length) + hex(0) + hex(0) + hex(rdevMajor) + hex(rdevMinor)
                + hex(name.length) + hex(0);
        write(header.getBytes(StandardCharsets.US_ASCII));
        write(name);
        pad();
        write(data);
        pad();
    }

    @Override
    public void close() throws IOException {
        entry("TRAILER!!!", 0, new byte[0], 0, 0);
        out.close();
    }

    private static String hex(int v) {
        return String.format("%08x", v);
    }

    private void write(byte[] b) throws IOException {
        out.write(b);
        written += b.length;
    }

    private void pad() throws IOException {
        while (written % 4 != 0) write(new byte[1]);
    }
}
