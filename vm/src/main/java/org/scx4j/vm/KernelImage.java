package org.scx4j.vm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Unpacks the plain ELF kernel (vmlinux) from a bzImage (vmlinuz) once, so qemu can
 * start it directly through its PVH entry. Under TCG this skips decompressing the
 * kernel inside the guest, which costs seconds per boot. Only zstd payloads are
 * handled (what Debian uses); otherwise the guest boots the bzImage as before.
 */
final class KernelImage {

    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    private KernelImage() {}

    /** Writes kernel's vmlinux next to it if the kernel supports PVH and uses zstd; true when it exists. */
    static boolean unpack(Kernel kernel) {
        Path target = kernel.vmlinux();
        if (Files.isRegularFile(target)) return true;
        try {
            if (!Files.readAllLines(kernel.config()).contains("CONFIG_PVH=y")) return false;
            byte[] image = Files.readAllBytes(kernel.vmlinuz());
            ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
            int setupSectors = Byte.toUnsignedInt(image[0x1f1]);
            // Setup header: payload_offset and payload_length, relative to the protected-mode code;
            // the payload's last 4 bytes hold the uncompressed size, not compressed data.
            int start = ((setupSectors == 0 ? 4 : setupSectors) + 1) * 512 + b.getInt(0x248);
            int length = b.getInt(0x24c) - 4;
            if (start < 0 || length <= 0 || start + length > image.length) return false;
            for (int i = 0; i < ZSTD_MAGIC.length; i++) if (image[start + i] != ZSTD_MAGIC[i]) return false;
            Path tmp = target.resolveSibling("vmlinux.tmp" + ProcessHandle.current().pid());
            Process p = new ProcessBuilder(List.of("zstd", "-dcq")).redirectOutput(tmp.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(image, start, length);
            }
            if (p.waitFor() != 0 || !isElf(tmp)) {
                Files.deleteIfExists(tmp);
                return false;
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            return false; // zstd missing or the disk full: the bzImage still boots, only slower
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isElf(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] m = in.readNBytes(4);
            return m.length == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
        }
    }
}
