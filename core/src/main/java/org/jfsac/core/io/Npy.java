package org.jfsac.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * NumPy .npy files (format versions 1, 2 and 3; C order; either byte order).
 * Floating files read as float32 ({@link #readFloat}); integer files as int64 ({@link #readLong}).
 * Writes float32 or int64, version 1 (version 2 when the header would not fit), atomically.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy's own bound on header length; anything longer is not a numpy file. */
    private static final int MAX_HEADER = 1 << 20;

    private Npy() {}

    public static HostTensor readFloat(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout l = layout(ch, file);
            if (!l.header.type().isFloating()) {
                throw new TensorFormatException(file + ": holds " + l.header.type() + " data; read it with Npy.readLong");
            }
            return new HostTensor(l.header.shape(), ChannelIO.readFloats(ch, l.dataOffset, l.count, l.header.type(), l.header.order()));
        }
    }

    public static LongTensor readLong(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout l = layout(ch, file);
            if (l.header.type().isFloating()) {
                throw new TensorFormatException(file + ": holds " + l.header.type() + " data; read it with Npy.readFloat");
            }
            return new LongTensor(l.header.shape(), ChannelIO.readLongs(ch, l.dataOffset, l.count, l.header.type(), l.header.order()));
        }
    }

    public static void write(Path file, HostTensor t) throws IOException {
        NpyHeader h = new NpyHeader(ElementType.FLOAT32, ByteOrder.LITTLE_ENDIAN, t.shape());
        AtomicFiles.write(file, ch -> {
            ChannelIO.writeFully(ch, encodeHeader(h));
            ChannelIO.writeFloats(ch, t.data(), ElementType.FLOAT32);
        });
    }

    public static void write(Path file, LongTensor t) throws IOException {
        NpyHeader h = new NpyHeader(ElementType.INT64, ByteOrder.LITTLE_ENDIAN, t.shape());
        AtomicFiles.write(file, ch -> {
            ChannelIO.writeFully(ch, encodeHeader(h));
            ChannelIO.writeLongs(ch, t.data());
        });
    }

    private record Layout(NpyHeader header, long dataOffset, int count) {}

    private static Layout layout(FileChannel ch, Path file) throws IOException {
        String name = file.toString();
        long size = ch.size();
        if (size < 10) throw new TensorFormatException(name + ": too short to be a .npy file (" + size + " bytes)");
        ByteBuffer pre = ChannelIO.readExactly(ch, 0, 10, name).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        pre.get(magic);
        if (!Arrays.equals(magic, MAGIC)) throw new TensorFormatException(name + ": not a .npy file (bad magic)");
        int major = pre.get() & 0xFF;
        pre.get(); // minor version: no format differences
        long headerLen;
        int prefix;
        if (major == 1) {
            headerLen = pre.getShort(8) & 0xFFFF;
            prefix = 10;
        } else if (major == 2 || major == 3) {
            if (size < 12) throw new TensorFormatException(name + ": truncated .npy header");
            headerLen = ChannelIO.readExactly(ch, 8, 4, name).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
            prefix = 12;
        } else {
            throw new TensorFormatException(name + ": unsupported .npy format version " + major);
        }
        if (headerLen > MAX_HEADER || prefix + headerLen > size) {
            throw new TensorFormatException(name + ": .npy header length " + headerLen + " is invalid for a " + size + "-byte file");
        }
        byte[] raw = new byte[(int) headerLen];
        ChannelIO.readExactly(ch, prefix, raw.length, name).get(raw);
        // versions 1 and 2 are latin-1; version 3 allows utf-8
        String text = new String(raw, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h = NpyHeader.parse(text, name);
        long numel = Shapes.numelOrNegative(h.shape());
        if (numel < 0) throw new TensorFormatException(name + ": shape " + Arrays.toString(h.shape()) + " overflows");
        int count = Shapes.toArrayLength(numel, name);
        long dataOffset = prefix + headerLen;
        long expected = numel * h.type().bytes();
        if (size - dataOffset != expected) {
            throw new TensorFormatException(name + ": shape " + Arrays.toString(h.shape()) + " of " + h.type() + " needs "
                    + expected + " data bytes but the file has " + (size - dataOffset));
        }
        return new Layout(h, dataOffset, count);
    }

    /** Magic, version, length and the dict padded with spaces and a newline so data starts 64-byte aligned. */
    private static ByteBuffer encodeHeader(NpyHeader h) {
        byte[] dict = h.format().getBytes(StandardCharsets.ISO_8859_1);
        int prefix = dict.length + 64 < 65536 ? 10 : 12; // version 1 stores the length in 16 bits
        int total = (prefix + dict.length + 1 + 63) / 64 * 64;
        int len = total - prefix;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (prefix == 10 ? 1 : 2)).put((byte) 0);
        if (prefix == 10) b.putShort((short) len);
        else b.putInt(len);
        b.put(dict);
        while (b.position() < total - 1) b.put((byte) ' ');
        b.put((byte) '\n');
        return b.flip();
    }
}
