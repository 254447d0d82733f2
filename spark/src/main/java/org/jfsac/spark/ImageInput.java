package org.jfsac.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.jfsac.clip.image.ImageFile;
import org.jfsac.clip.image.ImagePreprocessor;
import org.jfsac.clip.image.PreprocessedImage;
import org.jfsac.fsac.towers.ClipBackbone;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The three image column forms the Transformer accepts, and how each becomes an image. Files (a path or URI
 * string) and file bytes (binaryFile content) go through clip-loader's decoder ({@link ImageFile}), the one
 * the command line uses: the same pixels, in the mode Pillow opens the file in, and the same refusals in the
 * same words (pixel limit, truncated file, CMYK JPEG, oversized PNG chunks, not an image...). The image
 * source's struct was decoded by Spark already (its own ImageIO decoding, with none of those refusals); of
 * them only the pixel limit still applies, with the checks that the struct is consistent.
 */
public enum ImageInput {
    /** A file path or URI string. */
    PATH,
    /** Encoded file bytes (the {@code content} column of the {@code binaryFile} source). */
    BYTES,
    /** Spark's {@code image} source struct: decoded pixels, BGR(A) order, row-major. */
    IMAGE_STRUCT;

    /**
     * The most bytes one row's image file may have: 256 MiB, far above any compressed photo within the pixel limit
     * (a 179-Mpixel JPEG is ~60 MB), so that one hostile or mistaken row (a video, a disk image) cannot take an
     * executor's memory. A larger file is refused before it is read (path/URI) or decoded (binaryFile content, which
     * Spark has read already: bound that with {@code spark.sql.sources.binaryFile.maxLength}).
     */
    public static final int MAX_IMAGE_BYTES = 256 << 20;

    private static final Set<String> IMAGE_FIELDS = Set.of("origin", "height", "width", "nChannels", "mode", "data");
    /** OpenCV's CV_8UC1, CV_8UC3 and CV_8UC4 type codes, the modes Spark's image source writes, by channel count. */
    private static final int[] OPENCV_8U_MODE = {-1, 0, -1, 16, 24};

    /** The form of a column of this type; a clear message for any other type. */
    public static ImageInput of(String column, DataType type) {
        if (type instanceof StringType) return PATH;
        if (type instanceof BinaryType) return BYTES;
        if (type instanceof StructType st && Set.of(st.fieldNames()).containsAll(IMAGE_FIELDS)) return IMAGE_STRUCT;
        throw new IllegalArgumentException("image column '" + column + "' has type " + type.simpleString()
                + ": expected a path/URI string, binary file content, or the image source's struct");
    }

    /** The column that names binary content in messages: the binaryFile source's {@code path}, when the input has it; else -1. */
    int nameIndex(StructType schema) {
        if (this != BYTES || !java.util.Arrays.asList(schema.fieldNames()).contains("path")) return -1;
        int i = schema.fieldIndex("path");
        return schema.apply(i).dataType() instanceof StringType ? i : -1;
    }

    /**
     * Where a row's image is before decoding: a local file, or file bytes, with the name messages give it.
     * For the struct form, the decoded image itself.
     */
    private record Source(Path file, byte[] bytes, String name, BufferedImage decoded) {}

    /**
     * The image at row[index], decoded as {@link ImageFile#read(Path)} decodes the file.
     *
     * @param nameIndex for binary content, the column naming the file in messages (binaryFile's {@code path}); -1 for none
     * @throws IOException one line naming the image and the problem
     */
    public BufferedImage read(Row row, int index, int nameIndex) throws IOException {
        Source s = source(row, index, nameIndex);
        if (s.decoded != null) return s.decoded;
        return s.file != null ? ImageFile.read(s.file) : ImageFile.read(s.bytes, s.name);
    }

    /**
     * The image at row[index] as the backbone's input, preprocessed as the command line preprocesses the file
     * (in the mode Pillow opens it in).
     *
     * @param nameIndex as for {@link #read}
     * @throws IOException one line naming the image and the problem
     */
    public PreprocessedImage preprocess(Row row, int index, int nameIndex, ClipBackbone clip) throws IOException {
        Source s = source(row, index, nameIndex);
        if (s.decoded != null) return clip.preprocess(s.decoded);
        return s.file != null ? clip.preprocess(s.file)
                : ImagePreprocessor.preprocess(s.bytes, s.name, clip.imageSize(), clip.resize);
    }

    private Source source(Row row, int index, int nameIndex) throws IOException {
        if (row.isNullAt(index)) throw new IOException("image is null");
        return switch (this) {
            case PATH -> fromPath(row.getString(index));
            case BYTES -> {
                String name = nameIndex < 0 || row.isNullAt(nameIndex) ? "binary content" : displayName(row.getString(nameIndex));
                byte[] bytes = (byte[]) row.get(index);
                checkSize(name, bytes.length);
                yield new Source(null, bytes, name, null);
            }
            case IMAGE_STRUCT -> new Source(null, null, null, fromStruct(row.getStruct(index)));
        };
    }

    /** A local file (a plain path or a {@code file:} URI) is read as the command line reads it; any other URI through Hadoop. */
    private static Source fromPath(String s) throws IOException {
        Path local = localFile(s);
        if (local != null) {
            if (Files.isRegularFile(local)) checkSize(local.toString(), Files.size(local));
            return new Source(local, null, local.toString(), null);
        }
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(s);
        FileSystem fs = hp.getFileSystem(HadoopConf.CONF);
        checkSize(s, fs.getFileStatus(hp).getLen());
        try (FSDataInputStream in = fs.open(hp)) {
            byte[] bytes = in.readNBytes(MAX_IMAGE_BYTES + 1); // bounded even if the file grew since
            checkSize(s, bytes.length);
            return new Source(null, bytes, s, null);
        }
    }

    /** One Hadoop configuration per JVM: building one reads its XML resources, too slow to do per row. */
    private static final class HadoopConf {
        static final Configuration CONF = new Configuration();
    }

    /** The local file a plain path or {@code file:} URI names (Hadoop's reading of the string, as Spark's sources use), else null. */
    static Path localFile(String s) {
        URI uri = new org.apache.hadoop.fs.Path(s).toUri();
        if (uri.getScheme() == null) return Path.of(s);
        return "file".equals(uri.getScheme()) ? Path.of(uri.getPath()) : null;
    }

    /** How messages name a file: its local path for a local file (as the command line names it), else the URI. */
    static String displayName(String pathOrUri) {
        Path local = localFile(pathOrUri);
        return local != null ? local.toString() : pathOrUri;
    }

    private static void checkSize(String name, long bytes) throws IOException {
        if (bytes > MAX_IMAGE_BYTES)
            throw new IOException(name + ": " + bytes + " bytes, more than an image file may have here (" + MAX_IMAGE_BYTES
                    + " bytes, ImageInput.MAX_IMAGE_BYTES)");
    }

    /**
     * Spark's ImageSchema as an image, without copying its pixels: bytes B,G,R(,A) (or grey) per pixel, rows of
     * width*nChannels bytes; alpha is kept (Pillow's RGBA, as for the file). Refused: rows the source marked
     * invalid, channel counts and modes other than 8-bit 1/3/4 channels, images over the pixel limit, and data
     * whose length is not height*width*nChannels.
     */
    static BufferedImage fromStruct(Row s) throws IOException {
        String origin = s.isNullAt(s.fieldIndex("origin")) ? "image" : displayName(s.getString(s.fieldIndex("origin")));
        int h = s.getInt(s.fieldIndex("height")), w = s.getInt(s.fieldIndex("width")), n = s.getInt(s.fieldIndex("nChannels"));
        int mode = s.getInt(s.fieldIndex("mode"));
        byte[] data = s.isNullAt(s.fieldIndex("data")) ? null : (byte[]) s.get(s.fieldIndex("data"));
        if (h <= 0 || w <= 0 || data == null || data.length == 0)
            throw new IOException(origin + ": not a decodable image (the image source marked it invalid)");
        if (n != 1 && n != 3 && n != 4)
            throw new IOException(origin + ": image struct with " + n + " channels (1, 3 or 4 are supported)");
        if (mode != OPENCV_8U_MODE[n])
            throw new IOException(origin + ": image struct mode " + mode + " (OpenCV type) is not 8-bit " + n
                    + "-channel CV_8UC" + n + " = " + OPENCV_8U_MODE[n]);
        ImageFile.checkPixels(origin, w, h);
        if (data.length != (long) h * w * n)
            throw new IOException(origin + ": image struct of " + w + "x" + h + "x" + n + " needs " + (long) h * w * n
                    + " bytes of data, holds " + data.length);
        int[] bands = n == 1 ? new int[]{0} : n == 3 ? new int[]{2, 1, 0} : new int[]{2, 1, 0, 3};
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(n == 1 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB),
                n == 4, false, n == 4 ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(cm, Raster.createInterleavedRaster(new DataBufferByte(data, data.length), w, h, w * n, n, bands, null),
                false, null);
    }
}
