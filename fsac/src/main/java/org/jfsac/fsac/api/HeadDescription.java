package org.jfsac.fsac.api;

import org.jfsac.fsac.towers.ClipBackbone;

import java.io.IOException;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A fitted head as a plain serializable value (class name, CLIP weights id, the saved head file's bytes),
 * for hosts that ship heads between JVMs (Spark broadcasts, RMI, queues). It holds no tensors, so it can be
 * described on a machine without the model and turned into a classifier where the backbone lives.
 */
public record HeadDescription(String className, String clipWeights, byte[] safetensors) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Checks the parts and keeps a private copy of the bytes. */
    public HeadDescription {
        if (className == null || clipWeights == null || safetensors == null) throw new IllegalArgumentException("head description needs class, weights id and bytes");
        safetensors = safetensors.clone();
    }

    /** Describes a fitted classifier. */
    public static HeadDescription of(FsacClassifier c) throws IOException {
        return new HeadDescription(c.className(), c.weightsId(), c.toBytes());
    }

    /** Describes a head file saved by {@link FsacClassifier#save}. */
    public static HeadDescription read(java.nio.file.Path file) throws IOException {
        var meta = FsacClassifier.readMetadata(file);
        return new HeadDescription(meta.get("class_name"), meta.get("clip_weights"), java.nio.file.Files.readAllBytes(file));
    }

    /** A copy of the head file's bytes. */
    @Override
    public byte[] safetensors() { return safetensors.clone(); }

    /** SHA-256 of the head bytes: a stable key for caching loaded heads. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(safetensors));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The classifier on the given backbone (which must carry the weights the head was trained on). */
    public FsacClassifier load(ClipBackbone clip) throws IOException {
        return FsacClassifier.load(clip, safetensors);
    }
}
