package org.jfsac.clip.checkpoint;

import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.SafeTensors;
import org.jfsac.core.io.TensorFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;

/** Loads a state dict from any supported checkpoint file, recognised by its first bytes, not its name. */
public final class CheckpointReader {
    private CheckpointReader() {}

    public enum Format { SAFETENSORS, TORCH_ZIP, TORCH_LEGACY, UNKNOWN }

    /** The state dict as float32 tensors; a DataParallel {@code module.} prefix on every name is removed. */
    public static LinkedHashMap<String, HostTensor> read(Path file) throws IOException {
        return switch (detect(file)) {
            case SAFETENSORS -> StateDicts.stripPrefix(SafeTensors.read(file), StateDicts.DATA_PARALLEL_PREFIX);
            case TORCH_ZIP -> TorchCheckpoint.read(file);
            case TORCH_LEGACY -> throw new TensorFormatException("checkpoint " + file
                    + ": legacy (pre-1.6) torch.save format is not supported; re-save it with a newer PyTorch or convert it to safetensors");
            case UNKNOWN -> throw new TensorFormatException("checkpoint " + file
                    + ": unrecognised format (expected a PyTorch zip checkpoint or a safetensors file)");
        };
    }

    /**
     * Zip archives start with "PK\3\4"; safetensors with an 8-byte little-endian header length
     * followed by '{'; legacy torch files with a pickle protocol marker (0x80).
     */
    public static Format detect(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(9);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return Format.TORCH_ZIP;
        if (head.length == 9 && head[8] == '{') return Format.SAFETENSORS;
        if (head.length >= 2 && (head[0] & 0xFF) == 0x80) return Format.TORCH_LEGACY;
        if (file.getFileName().toString().endsWith(".safetensors")) return Format.SAFETENSORS; // let its validator explain
        if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') return Format.TORCH_ZIP; // damaged zip: let ZipFile explain
        return Format.UNKNOWN;
    }
}
