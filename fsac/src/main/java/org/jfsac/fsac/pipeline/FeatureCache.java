package org.jfsac.fsac.pipeline;

import org.jfsac.core.io.AtomicFiles;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * On-disk cache of frozen-encoder outputs: one small file per (checkpoint, image, preprocessing) key, so
 * each test image is encoded once per class and checkpoint, not once per epoch, seed or shot, and re-runs
 * cost no encoding. Keys should include the checkpoint hash, the image path, size and modification time,
 * and the preprocessing. Writes are atomic; a corrupt entry is treated as a miss.
 */
public final class FeatureCache {
    private static final int MAGIC = 0x4a465343; // "JFSC"
    private final Path dir;

    public FeatureCache(Path dir) { this.dir = dir; }

    /** A cache that never stores anything. */
    public static FeatureCache disabled() { return new FeatureCache(null); }

    public static String key(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(p.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key for an image file: path, size and modification time, so an edited file is re-encoded. */
    public static String imageKey(String model, String preprocessing, Path image) throws IOException {
        return key(model, preprocessing, image.toAbsolutePath().normalize().toString(),
                Long.toString(Files.size(image)), Long.toString(Files.getLastModifiedTime(image).toMillis()));
    }

    private Path file(String key) { return dir.resolve(key.substring(0, 2)).resolve(key + ".f32"); }

    /** The cached vector, or null. */
    public float[] get(String key) {
        if (dir == null) return null;
        Path f = file(key);
        if (!Files.isRegularFile(f)) return null;
        try (InputStream in = Files.newInputStream(f); DataInputStream d = new DataInputStream(in)) {
            if (d.readInt() != MAGIC) return null;
            int n = d.readInt();
            if (n < 0 || n > (1 << 24)) return null;
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = d.readFloat();
            return v;
        } catch (IOException e) {
            return null;
        }
    }

    public void put(String key, float[] v) {
        if (dir == null) return;
        Path f = file(key);
        try {
            AtomicFiles.writeStream(f, out -> {
                DataOutputStream d = new DataOutputStream(out);
                d.writeInt(MAGIC);
                d.writeInt(v.length);
                for (float x : v) d.writeFloat(x);
                d.flush();
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("feature cache: cannot write " + f + ": " + e.getMessage(), e);
        }
    }
}
