package org.jfsac.core.io;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * Element types met in .npy, safetensors and PyTorch files, with bulk conversion from raw bytes.
 * The caller sets the byte order of the source buffer; each conversion consumes {@code n} elements
 * from the buffer's position.
 */
public enum ElementType {
    FLOAT64(8, true), FLOAT32(4, true), FLOAT16(2, true), BFLOAT16(2, true),
    INT64(8, false), INT32(4, false), INT16(2, false), INT8(1, false),
    UINT32(4, false), UINT16(2, false), UINT8(1, false), BOOL(1, false);

    private final int bytes;
    private final boolean floating;

    ElementType(int bytes, boolean floating) {
        this.bytes = bytes;
        this.floating = floating;
    }

    public int bytes() { return bytes; }

    public boolean isFloating() { return floating; }

    /**
     * Converts {@code n} elements to float32. Integers are converted like a C cast: values
     * beyond 2^24 in magnitude lose their low bits.
     */
    public void toFloat(ByteBuffer src, float[] dst, int off, int n) {
        int start = src.position();
        switch (this) {
            case FLOAT32 -> src.asFloatBuffer().get(dst, off, n);
            case FLOAT64 -> { DoubleBuffer b = src.asDoubleBuffer(); for (int i = 0; i < n; i++) dst[off + i] = (float) b.get(i); }
            case FLOAT16 -> { ShortBuffer b = src.asShortBuffer(); for (int i = 0; i < n; i++) dst[off + i] = Half.toFloat(b.get(i)); }
            case BFLOAT16 -> { ShortBuffer b = src.asShortBuffer(); for (int i = 0; i < n; i++) dst[off + i] = Half.bf16ToFloat(b.get(i)); }
            case INT64 -> { LongBuffer b = src.asLongBuffer(); for (int i = 0; i < n; i++) dst[off + i] = b.get(i); }
            case INT32 -> { IntBuffer b = src.asIntBuffer(); for (int i = 0; i < n; i++) dst[off + i] = b.get(i); }
            case INT16 -> { ShortBuffer b = src.asShortBuffer(); for (int i = 0; i < n; i++) dst[off + i] = b.get(i); }
            case UINT32 -> { IntBuffer b = src.asIntBuffer(); for (int i = 0; i < n; i++) dst[off + i] = b.get(i) & 0xFFFFFFFFL; }
            case UINT16 -> { ShortBuffer b = src.asShortBuffer(); for (int i = 0; i < n; i++) dst[off + i] = b.get(i) & 0xFFFF; }
            case INT8 -> { for (int i = 0; i < n; i++) dst[off + i] = src.get(start + i); }
            case UINT8 -> { for (int i = 0; i < n; i++) dst[off + i] = src.get(start + i) & 0xFF; }
            case BOOL -> { for (int i = 0; i < n; i++) dst[off + i] = src.get(start + i) != 0 ? 1f : 0f; }
        }
        src.position(start + n * bytes);
    }

    /** Converts {@code n} integer elements to int64 exactly; floating types are refused. */
    public void toLong(ByteBuffer src, long[] dst, int off, int n) {
        int start = src.position();
        switch (this) {
            case INT64 -> src.asLongBuffer().get(dst, off, n);
            case INT32 -> { IntBuffer b = src.asIntBuffer(); for (int i = 0; i < n; i++) dst[off + i] = b.get(i); }
            case INT16 -> { ShortBuffer b = src.asShortBuffer(); for (int i = 0; i < n; i++) dst[off + i] = b.get(i); }
            case UINT32 -> { IntBuffer b = src.asIntBuffer(); for (int i = 0; i < n; i++) dst[off + i] = b.get(i) & 0xFFFFFFFFL; }
            case UINT16 -> { ShortBuffer b = src.asShortBuffer(); for (int i = 0; i < n; i++) dst[off + i] = b.get(i) & 0xFFFF; }
            case INT8 -> { for (int i = 0; i < n; i++) dst[off + i] = src.get(start + i); }
            case UINT8 -> { for (int i = 0; i < n; i++) dst[off + i] = src.get(start + i) & 0xFF; }
            case BOOL -> { for (int i = 0; i < n; i++) dst[off + i] = src.get(start + i) != 0 ? 1 : 0; }
            default -> throw new IllegalArgumentException(this + " is not an integer type");
        }
        src.position(start + n * bytes);
    }

    /** Encodes {@code n} floats as this type (FLOAT32, FLOAT16 or BFLOAT16 only) at the buffer's position. */
    public void fromFloat(float[] src, int off, int n, ByteBuffer dst) {
        int start = dst.position();
        switch (this) {
            case FLOAT32 -> dst.asFloatBuffer().put(src, off, n);
            case FLOAT16 -> { ShortBuffer b = dst.asShortBuffer(); for (int i = 0; i < n; i++) b.put(i, Half.fromFloat(src[off + i])); }
            case BFLOAT16 -> { ShortBuffer b = dst.asShortBuffer(); for (int i = 0; i < n; i++) b.put(i, Half.bf16FromFloat(src[off + i])); }
            default -> throw new IllegalArgumentException("cannot write float data as " + this);
        }
        dst.position(start + n * bytes);
    }

    /** Encodes {@code n} longs as INT64 at the buffer's position. */
    public void fromLong(long[] src, int off, int n, ByteBuffer dst) {
        if (this != INT64) throw new IllegalArgumentException("cannot write long data as " + this);
        int start = dst.position();
        dst.asLongBuffer().put(src, off, n);
        dst.position(start + n * bytes);
    }
}
