package org.jfsac.clip.image;

import org.jfsac.core.limits.Limit;

import javax.imageio.stream.ImageInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The refusals Pillow makes before or while decoding, made here too, with Pillow's words: images
 * over the pixel limit ("decompression bomb"), compressed PNG text and ICC chunks that inflate past
 * 1 MiB ("Decompressed Data Too Large"), truncated files ("image file is truncated"), plus JPEGs in
 * CMYK or YCCK, which ImageIO decodes differently from Pillow and are therefore refused by name.
 * The checks read the image's stream from its start (a file's or bytes in memory: {@link PillowDecoding})
 * and name the image {@code name} in their messages.
 */
final class ImageSafety {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final Set<String> COMPRESSED_CHUNKS = Set.of("zTXt", "iTXt", "iCCP");

    private ImageSafety() {}

    /** Pillow's {@code _decompression_bomb_check}, with the limit from {@link Limit#IMAGE_PIXELS}. */
    static void checkPixels(String name, long width, long height) throws IOException {
        long pixels = width * height;
        long limit = Limit.IMAGE_PIXELS.value();
        if (pixels > limit) {
            throw new IOException(name + ": image size (" + pixels + " pixels, " + width + "x" + height + ") exceeds limit of "
                    + limit + " pixels, could be decompression bomb DOS attack (raise it with --max-image-pixels or -D"
                    + Limit.IMAGE_PIXELS.property() + "=N)");
        }
    }

    /** Walks a PNG's chunks and inflates the compressed ancillary ones with a bound, as Pillow's _safe_zlib_decompress does. */
    static void checkPngChunks(ImageInputStream in, long size, String name) throws IOException {
        long limit = Limit.IMAGE_CHUNK_BYTES.value();
        in.seek(0);
        try {
            byte[] sig = new byte[PNG_SIGNATURE.length];
            in.readFully(sig);
            if (!java.util.Arrays.equals(sig, PNG_SIGNATURE)) return;
            byte[] type = new byte[4];
            while (true) {
                long length = in.readInt() & 0xFFFFFFFFL;
                in.readFully(type);
                String t = new String(type, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (t.equals("IEND")) return;
                if (COMPRESSED_CHUNKS.contains(t) && length <= Math.min(size, Integer.MAX_VALUE - 8)) {
                    byte[] data = new byte[(int) length];
                    in.readFully(data);
                    inflatedSize(data, t, limit, name);
                } else {
                    in.seek(in.getStreamPosition() + length);
                }
                in.seek(in.getStreamPosition() + 4); // CRC
            }
        } catch (EOFException e) {
            // truncation is the decoder's to report
        }
    }

    /** Inflates the compressed part of one chunk into a small buffer, counting, and stops past the limit. */
    private static void inflatedSize(byte[] data, String type, long limit, String name) throws IOException {
        int start = 0;
        while (start < data.length && data[start] != 0) start++; // keyword / profile name
        start += type.equals("iTXt") ? 3 : 2; // NUL, (compression flag,) method
        if (type.equals("iTXt")) {
            if (start - 2 >= data.length || data[start - 2] == 0) return; // uncompressed iTXt
            for (int nul = 0; nul < 2 && start < data.length; start++) if (data[start] == 0) nul++; // language, translated keyword
        }
        if (start >= data.length) return;
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, start, data.length - start);
            byte[] sink = new byte[8192];
            long total = 0;
            while (!inflater.finished() && !inflater.needsInput()) {
                total += inflater.inflate(sink);
                if (total > limit) {
                    throw new IOException(name + ": PNG " + type + " chunk: decompressed data too large (over " + limit
                            + " bytes; raise it with -D" + Limit.IMAGE_CHUNK_BYTES.property() + "=N)");
                }
                if (inflater.needsDictionary()) return;
            }
        } catch (DataFormatException e) {
            // Pillow ignores a broken text chunk's contents; so do we
        } finally {
            inflater.end();
        }
    }

    /**
     * The number of colour components a baseline/progressive JPEG declares in its SOF marker, or -1
     * when the file is not a JPEG or has no SOF.
     */
    static int jpegComponents(ImageInputStream in) throws IOException {
        in.seek(0);
        try {
            if (in.readUnsignedByte() != 0xFF || in.readUnsignedByte() != 0xD8) return -1;
            while (true) {
                int b = in.readUnsignedByte();
                if (b != 0xFF) return -1;
                int marker;
                do marker = in.readUnsignedByte(); while (marker == 0xFF);
                if (marker == 0xD9 || marker == 0xDA) return -1; // end of image, start of scan before any SOF
                int length = in.readUnsignedShort();
                boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
                if (sof) {
                    in.seek(in.getStreamPosition() + 5); // precision, height, width
                    return in.readUnsignedByte();
                }
                in.seek(in.getStreamPosition() + Math.max(0, length - 2));
            }
        } catch (EOFException e) {
            return -1;
        }
    }

    /** Pillow decodes 4-component JPEGs (CMYK, Adobe-inverted CMYK, YCCK) with its own conversion, which ImageIO does not match. */
    static void checkJpegColour(ImageInputStream in, String name) throws IOException {
        int n = jpegComponents(in);
        if (n == 4) {
            throw new IOException(name + ": CMYK/YCCK JPEG is not supported (its colours would differ from Pillow's);"
                    + " convert it to RGB first");
        }
    }

    /** Pillow's error for a JPEG whose data ends early (libjpeg's "Premature end of JPEG file" warning). */
    static IOException truncated(String name) {
        return new IOException(name + ": image file is truncated");
    }
}
