package org.jfsac.clip.checkpoint;

import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.TensorFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Loads a state dict from any supported checkpoint file, recognised by its first bytes, not its name:
 * whole ({@link #read}), or as its shapes alone ({@link #shapes}) and then one tensor at a time
 * ({@link #stream}), which lets a model take its weights without a second copy of them on the heap.
 */
public final class CheckpointReader {
    private CheckpointReader() {}

    public enum Format { SAFETENSORS, TORCH_ZIP, TORCH_LEGACY, UNKNOWN }

    /** Receives a checkpoint's tensors one at a time; it owns each tensor it is given. */
    public interface Sink {
        void accept(String name, HostTensor tensor) throws IOException;
    }

    /** The state dict as float32 tensors; a DataParallel {@code module.} prefix on every name is removed. */
    public static LinkedHashMap<String, HostTensor> read(Path file) throws IOException {
        try (CheckpointFile source = CheckpointFile.open(file)) {
            return source.readAll();
        }
    }

    /**
     * Every tensor's name (as {@link #read} names it) and shape, in the order read() returns them, from
     * the pickle or header alone: no tensor data is read. Rejects what read() rejects, except damage
     * inside the tensor data itself.
     */
    public static LinkedHashMap<String, int[]> shapes(Path file) throws IOException {
        try (CheckpointFile source = CheckpointFile.open(file)) {
            return source.shapes();
        }
    }

    /**
     * Hands every tensor of {@link #read}'s result to {@code sink}, one at a time and each exactly once,
     * holding no more than one storage (safetensors: one tensor) in memory itself. The order is that of
     * the data in the file, which may differ from read()'s; an exception from the sink ends the stream
     * and passes through unchanged.
     */
    public static void stream(Path file, Sink sink) throws IOException {
        try (CheckpointFile source = CheckpointFile.open(file)) {
            source.stream(sink);
        }
    }

    /**
     * The state dicts that a PyTorch checkpoint keeps side by side under the given top-level keys (as in
     * {@code torch.save({"image_state_dict": a.state_dict(), "text_state_dict": b.state_dict()})}), as
     * float32 tensors named {@code <key>.<name>}; other top-level entries are ignored. Read through the same
     * allow-list unpickler and checks as {@link #read}; every key must be present.
     */
    public static LinkedHashMap<String, HostTensor> readNested(Path file, List<String> keys) throws IOException {
        switch (detect(file)) {
            case TORCH_ZIP -> { }
            case SAFETENSORS -> throw new TensorFormatException("checkpoint " + file + ": a safetensors file holds one flat state dict, not "
                    + keys + "; expected the PyTorch file they were saved to");
            default -> CheckpointFile.open(file).close(); // legacy or unknown: refused with the usual one line
        }
        try (StateDictSource source = TorchCheckpoint.open(file, (root, name) -> StateDicts.selectNested(root, name, keys))) {
            return source.readAll();
        }
    }

    /**
     * Zip archives start with "PK\3\4"; safetensors with an 8-byte little-endian header length
     * followed by '{'; legacy torch files with a pickle protocol marker (0x80).
     */
    public static Format detect(Path file) throws IOException {
        byte[] head;
        CheckpointOpens.opened(file);
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(9);
        }
        return detect(head, file);
    }

    /** {@link #detect(Path)} on the file's first (up to) 9 bytes. */
    static Format detect(byte[] head, Path file) {
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return Format.TORCH_ZIP;
        if (head.length == 9 && head[8] == '{') return Format.SAFETENSORS;
        if (head.length >= 2 && (head[0] & 0xFF) == 0x80) return Format.TORCH_LEGACY;
        if (file.getFileName().toString().endsWith(".safetensors")) return Format.SAFETENSORS; // let its validator explain
        if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') return Format.TORCH_ZIP; // damaged zip: let ZipFile explain
        return Format.UNKNOWN;
    }
}
