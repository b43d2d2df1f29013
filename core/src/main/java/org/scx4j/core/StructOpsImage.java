package org.scx4j.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a {@code struct sched_ext_ops} variable inside a BPF ELF object, so the
 * runtime can set fields the kernel reads at registration ({@code hotplug_seq},
 * {@code timeout_ms}, {@code exit_dump_len}) before libbpf opens the object: libbpf copies
 * a struct_ops map's initial value from exactly these bytes. Works on a copy of the ELF;
 * member offsets come from the object's BTF ({@code Btf.memberOffset("sched_ext_ops", ...)}).
 */
public final class StructOpsImage {
    private static final int SHT_SYMTAB = 2, SHT_NOBITS = 8;

    private final byte[] elf;
    private final ByteBuffer buf;
    private final long varStart; // file offset of the variable's first byte
    private final long varSize;

    /** Finds variable {@code symbol} in a copy of {@code elf}. */
    public StructOpsImage(byte[] elf, String symbol) {
        this.elf = elf.clone();
        this.buf = ByteBuffer.wrap(this.elf).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.length < 64 || buf.getInt(0) != 0x464c457f || elf[4] != 2 || elf[5] != 1)
            throw new IllegalArgumentException("not a 64-bit little-endian ELF object");
        long shoff = buf.getLong(0x28);
        int shentsize = Short.toUnsignedInt(buf.getShort(0x3a));
        int shnum = Short.toUnsignedInt(buf.getShort(0x3c));
        long found = -1, size = 0;
        for (int i = 0; i < shnum && found < 0; i++) {
            long sh = shoff + (long) i * shentsize;
            if (buf.getInt((int) sh + 4) != SHT_SYMTAB) continue;
            long symOff = buf.getLong((int) sh + 24), symSize = buf.getLong((int) sh + 32);
            long entSize = buf.getLong((int) sh + 56);
            long strOff = buf.getLong((int) (shoff + (long) buf.getInt((int) sh + 40) * shentsize) + 24);
            for (long s = symOff; s + entSize <= symOff + symSize; s += entSize) {
                if (!symbol.equals(string(strOff + Integer.toUnsignedLong(buf.getInt((int) s))))) continue;
                int shndx = Short.toUnsignedInt(buf.getShort((int) s + 6));
                long target = shoff + (long) shndx * shentsize;
                if (shndx == 0 || shndx >= shnum || buf.getInt((int) target + 4) == SHT_NOBITS) break;
                found = buf.getLong((int) target + 24) + buf.getLong((int) s + 8);
                size = buf.getLong((int) s + 16);
                break;
            }
        }
        if (found < 0) throw new IllegalArgumentException("no initialized variable '" + symbol + "' in the object");
        this.varStart = found;
        this.varSize = size;
    }

    public void putInt(long memberOffset, int value) {
        buf.putInt(position(memberOffset, 4), value);
    }

    public void putLong(long memberOffset, long value) {
        buf.putLong(position(memberOffset, 8), value);
    }

    public int getInt(long memberOffset) {
        return buf.getInt(position(memberOffset, 4));
    }

    public long getLong(long memberOffset) {
        return buf.getLong(position(memberOffset, 8));
    }

    /** Writes {@code value} at {@code memberOffset}, e.g. a char array member such as {@code name}. */
    public void putBytes(long memberOffset, byte[] value) {
        int at = position(memberOffset, value.length);
        System.arraycopy(value, 0, elf, at, value.length);
    }

    /** The patched ELF. */
    public byte[] bytes() {
        return elf.clone();
    }

    private int position(long memberOffset, int width) {
        if (memberOffset < 0 || memberOffset + width > varSize)
            throw new IllegalArgumentException("member offset " + memberOffset + " is outside the " + varSize + "-byte variable");
        return Math.toIntExact(varStart + memberOffset);
    }

    private String string(long offset) {
        int end = (int) offset;
        while (end < elf.length && elf[end] != 0) end++;
        return new String(elf, (int) offset, end - (int) offset, StandardCharsets.UTF_8);
    }
}
