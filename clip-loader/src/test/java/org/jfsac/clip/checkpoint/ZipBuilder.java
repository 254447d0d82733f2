package org.jfsac.clip.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes an archive laid out like torch.save's: archive/data.pkl, archive/data/N, archive/version. */
final class ZipBuilder {
    private ZipBuilder() {}

    static Path checkpoint(Path file, byte[] pickle, byte[]... storages) throws IOException {
        return checkpoint(file, null, pickle, storages);
    }

    /** As above, with an archive/byteorder entry when {@code byteOrder} is not null. */
    static Path checkpoint(Path file, String byteOrder, byte[] pickle, byte[]... storages) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            if (byteOrder != null) put(zip, "archive/byteorder", byteOrder.getBytes());
            put(zip, "archive/data.pkl", pickle);
            for (int i = 0; i < storages.length; i++) put(zip, "archive/data/" + i, storages[i]);
            put(zip, "archive/version", "3\n".getBytes());
        }
        return file;
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    static byte[] floats(float... v) {
        return floats(ByteOrder.LITTLE_ENDIAN, v);
    }

    static byte[] floats(ByteOrder order, float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
        for (float x : v) b.putFloat(x);
        return b.array();
    }
}
