package org.jfsac.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** The three image column forms the Transformer accepts, and how each becomes a {@link BufferedImage}. */
public enum ImageInput {
    /** A file path or URI string. */
    PATH,
    /** Encoded file bytes (the {@code content} column of the {@code binaryFile} source). */
    BYTES,
    /** Spark's {@code image} source struct: decoded pixels, BGR(A) order, row-major. */
    IMAGE_STRUCT;

    private static final Set<String> IMAGE_FIELDS = Set.of("origin", "height", "width", "nChannels", "mode", "data");
    /** Refuse pictures larger than this before allocating them (a corrupt or hostile header). */
    private static final long MAX_PIXELS = 1L << 28;

    /** The form of a column of this type; a clear message for any other type. */
    public static ImageInput of(String column, DataType type) {
        if (type instanceof StringType) return PATH;
        if (type instanceof BinaryType) return BYTES;
        if (type instanceof StructType st && Set.of(st.fieldNames()).containsAll(IMAGE_FIELDS)) return IMAGE_STRUCT;
        throw new IllegalArgumentException("image column '" + column + "' has type " + type.simpleString()
                + ": expected a path/URI string, binary file content, or the image source's struct");
    }

    /** The image at row[index]; IOException with one line naming the image and the problem. */
    public BufferedImage read(Row row, int index) throws IOException {
        if (row.isNullAt(index)) throw new IOException("image is null");
        return switch (this) {
            case PATH -> decode(readPath(row.getString(index)), row.getString(index));
            case BYTES -> decode((byte[]) row.get(index), "binary content");
            case IMAGE_STRUCT -> fromStruct(row.getStruct(index));
        };
    }

    private static byte[] readPath(String s) throws IOException {
        URI uri = s.contains("://") || s.startsWith("file:") ? URI.create(s) : null;
        if (uri == null || "file".equals(uri.getScheme())) {
            Path p = uri == null ? Path.of(s) : Path.of(uri);
            if (!Files.isRegularFile(p)) throw new IOException(s + ": no such file");
            return Files.readAllBytes(p);
        }
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(uri);
        FileSystem fs = hp.getFileSystem(new Configuration());
        try (FSDataInputStream in = fs.open(hp)) {
            return in.readAllBytes();
        }
    }

    static BufferedImage decode(byte[] bytes, String what) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        if (img == null) throw new IOException(what + ": not an image or unsupported format");
        return img;
    }

    /** Spark's ImageSchema: bytes B,G,R(,A) per pixel, rows of width*nChannels bytes; alpha is dropped. */
    static BufferedImage fromStruct(Row s) throws IOException {
        String origin = s.isNullAt(s.fieldIndex("origin")) ? "image" : s.getString(s.fieldIndex("origin"));
        int h = s.getInt(s.fieldIndex("height")), w = s.getInt(s.fieldIndex("width")), n = s.getInt(s.fieldIndex("nChannels"));
        byte[] data = (byte[]) s.get(s.fieldIndex("data"));
        if (h <= 0 || w <= 0 || (n != 1 && n != 3 && n != 4) || data == null)
            throw new IOException(origin + ": not a decodable image (the image source marked it invalid)");
        if ((long) h * w > MAX_PIXELS || data.length != (long) h * w * n)
            throw new IOException(origin + ": image struct of " + w + "x" + h + "x" + n + " holds " + (data == null ? 0 : data.length) + " bytes");
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * n;
                int b = data[o] & 0xff, g = n == 1 ? b : data[o + 1] & 0xff, r = n == 1 ? b : data[o + 2] & 0xff;
                rgb[x] = (r << 16) | (g << 8) | b;
            }
            img.setRGB(0, y, w, 1, rgb, 0, w);
        }
        return img;
    }
}
