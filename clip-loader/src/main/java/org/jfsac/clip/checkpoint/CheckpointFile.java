package org.jfsac.clip.checkpoint;

import org.jfsac.core.io.TensorFormatException;
import org.jfsac.core.limits.Finite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A checkpoint opened once for everything loading needs from it: its format, the tensor shapes (to infer or check
 * the architecture), the safetensors metadata (a converted file's embedded config), the weights one tensor at a
 * time, and the SHA-256 that identifies them. All of it is read through one file handle (a PyTorch zip adds the
 * one {@link java.util.zip.ZipFile} opens by name), and the pickle or header is parsed once.
 */
public final class CheckpointFile implements StateDictSource {
    private final Path file;
    private final FileChannel channel;
    private final CheckpointReader.Format format;
    private final StateDictSource source;
    private final Map<String, String> metadata;
    private String sha256;

    private CheckpointFile(Path file, FileChannel channel, CheckpointReader.Format format, StateDictSource source,
                           Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.format = format;
        this.source = source;
        this.metadata = metadata;
    }

    /**
     * Opens and validates a checkpoint of any supported format, recognised by its first bytes; no tensor data is
     * read yet.
     *
     * @param file a PyTorch zip checkpoint or a safetensors file
     * @return the opened checkpoint; close it when done
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws IOException naming the file when it is not a checkpoint this reader accepts
     */
    public static CheckpointFile open(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new TensorFormatException("checkpoint " + file + ": is a directory, not a checkpoint file");
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new TensorFormatException("checkpoint " + file + ": not a regular file (a device or pipe?)");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        CheckpointOpens.opened(file);
        try {
            ByteBuffer head = ByteBuffer.allocate(9);
            while (head.hasRemaining() && ch.read(head, head.position()) > 0) { }
            CheckpointReader.Format format = CheckpointReader.detect(java.util.Arrays.copyOf(head.array(), head.position()), file);
            return switch (format) {
                case SAFETENSORS -> {
                    SafeTensorsSource s = SafeTensorsSource.open(file, ch);
                    yield new CheckpointFile(file, ch, format, s, s.metadata());
                }
                case TORCH_ZIP -> new CheckpointFile(file, ch, format, TorchCheckpoint.open(file), Map.of());
                case TORCH_LEGACY -> throw new TensorFormatException("checkpoint " + file
                        + ": legacy (pre-1.6) torch.save format is not supported; re-save it with a newer PyTorch or convert it to safetensors");
                case UNKNOWN -> throw new TensorFormatException("checkpoint " + file
                        + ": unrecognised format (expected a PyTorch zip checkpoint or a safetensors file)");
            };
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The file this was opened on. */
    public Path path() { return file; }

    /** The checkpoint's format (safetensors or a PyTorch zip). */
    public CheckpointReader.Format format() { return format; }

    /**
     * Every tensor's name (a DataParallel {@code module.} prefix removed) and shape, from the pickle or header alone.
     *
     * @return a new map in the order {@link CheckpointReader#read} returns the tensors
     */
    @Override
    public LinkedHashMap<String, int[]> shapes() { return source.shapes(); }

    /**
     * A safetensors file's {@code __metadata__} (where {@code jfsac convert} embeds the model config); empty for a
     * PyTorch checkpoint.
     *
     * @return the string map, unmodifiable
     */
    public Map<String, String> metadata() { return metadata; }

    /**
     * Hands every tensor to {@code sink} once, as float32, in the order of the data in the file, holding no more than
     * one storage (safetensors: one tensor) itself; a tensor holding NaN or an infinity is refused as it is delivered.
     *
     * @param sink receives each tensor and owns it
     * @throws IOException naming the file and tensor on damaged data; an exception from the sink passes through
     */
    @Override
    public void stream(CheckpointReader.Sink sink) throws IOException {
        source.stream((name, t) -> {
            Finite.check("checkpoint " + file, name, t.data());
            sink.accept(name, t);
        });
    }

    /**
     * The SHA-256 of the file's bytes (how weights are identified in caches and saved heads), read through the
     * handle already open and computed once.
     *
     * @return 64 lower-case hex digits
     * @throws IOException when the file cannot be read
     */
    public synchronized String sha256() throws IOException {
        if (sha256 == null) {
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK lacks SHA-256", e);
            }
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            for (long pos = 0; ; ) {
                buf.clear();
                int n = channel.read(buf, pos);
                if (n < 0) break;
                pos += n;
                buf.flip();
                md.update(buf);
            }
            sha256 = HexFormat.of().formatHex(md.digest());
        }
        return sha256;
    }

    @Override
    public void close() throws IOException {
        try (FileChannel ch = channel) {
            source.close();
        }
    }
}
