package org.jfsac.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Moves tensor data between files and Java arrays. Reads map the file region (no second copy of
 * the file in heap memory) a window at a time, because one mapping cannot exceed 2 GiB; writes
 * encode through a small reusable buffer so only one tensor is ever held in memory.
 */
final class ChannelIO {
    /** Elements per window: small enough to map on any JVM, large enough to amortise the call. */
    private static final int WINDOW_ELEMENTS = 1 << 24;
    private static final int WRITE_ELEMENTS = 1 << 16;

    private ChannelIO() {}

    static float[] readFloats(FileChannel ch, long offset, int count, ElementType type, ByteOrder order)
            throws IOException {
        float[] out = new float[count];
        for (int done = 0; done < count; ) {
            int n = Math.min(WINDOW_ELEMENTS, count - done);
            type.toFloat(map(ch, offset + (long) done * type.bytes(), n, type, order), out, done, n);
            done += n;
        }
        return out;
    }

    static long[] readLongs(FileChannel ch, long offset, int count, ElementType type, ByteOrder order)
            throws IOException {
        long[] out = new long[count];
        for (int done = 0; done < count; ) {
            int n = Math.min(WINDOW_ELEMENTS, count - done);
            type.toLong(map(ch, offset + (long) done * type.bytes(), n, type, order), out, done, n);
            done += n;
        }
        return out;
    }

    private static ByteBuffer map(FileChannel ch, long offset, int n, ElementType type, ByteOrder order)
            throws IOException {
        MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, offset, (long) n * type.bytes());
        return m.order(order);
    }

    static void writeFloats(WritableByteChannel ch, float[] data, ElementType type) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(WRITE_ELEMENTS * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < data.length; ) {
            int n = Math.min(WRITE_ELEMENTS, data.length - done);
            buf.clear();
            type.fromFloat(data, done, n, buf);
            writeFully(ch, buf.flip());
            done += n;
        }
    }

    static void writeLongs(WritableByteChannel ch, long[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(WRITE_ELEMENTS * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < data.length; ) {
            int n = Math.min(WRITE_ELEMENTS, data.length - done);
            buf.clear();
            ElementType.INT64.fromLong(data, done, n, buf);
            writeFully(ch, buf.flip());
            done += n;
        }
    }

    static void writeFully(WritableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }

    /** Reads exactly {@code n} bytes at {@code offset}, or fails naming the file. */
    static ByteBuffer readExactly(FileChannel ch, long offset, int n, String file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            int r = ch.read(buf, offset + buf.position());
            if (r < 0) throw new TensorFormatException(file + ": unexpected end of file at byte " + (offset + buf.position()));
        }
        return buf.flip();
    }
}
