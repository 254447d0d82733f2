package org.jfsac.clip.checkpoint;

import org.jfsac.core.io.SafeTensorsReader;
import org.jfsac.core.io.TensorFormatException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.UnaryOperator;

/** A safetensors file as a {@link StateDictSource}: shapes from its header, tensors read entry by entry from the mapping. */
final class SafeTensorsSource implements StateDictSource {
    private final SafeTensorsReader reader;
    private final List<SafeTensorsReader.Entry> entries;
    private final UnaryOperator<String> rename;
    private final LinkedHashMap<String, int[]> shapes = new LinkedHashMap<>();

    private SafeTensorsSource(SafeTensorsReader reader) throws TensorFormatException {
        this.reader = reader;
        this.entries = reader.entries();
        this.rename = StateDicts.prefixStripper(entries.stream().map(SafeTensorsReader.Entry::name).toList(),
                StateDicts.DATA_PARALLEL_PREFIX);
        for (SafeTensorsReader.Entry e : entries) shapes.put(rename.apply(e.name()), intShape(e));
    }

    /** Over a channel already open on {@code file}, which the source then owns. */
    static SafeTensorsSource open(Path file, FileChannel channel) throws IOException {
        SafeTensorsReader reader = SafeTensorsReader.open(file, channel);
        try {
            return new SafeTensorsSource(reader);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** In file (data offset) order, the order {@link #stream} reads them. */
    @Override
    public LinkedHashMap<String, int[]> shapes() { return StateDicts.copy(shapes); }

    @Override
    public void stream(CheckpointReader.Sink sink) throws IOException {
        for (SafeTensorsReader.Entry e : entries) sink.accept(rename.apply(e.name()), reader.readFloat(e.name()));
    }

    /** The header's {@code __metadata__} (empty when absent). */
    java.util.Map<String, String> metadata() { return reader.metadata(); }

    @Override
    public void close() throws IOException { reader.close(); }

    /** As SafeTensorsReader.readFloat converts it, with its message for a dimension beyond int. */
    private int[] intShape(SafeTensorsReader.Entry e) throws TensorFormatException {
        long[] shape = e.shape();
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > Integer.MAX_VALUE) {
                throw new TensorFormatException(reader.file() + ": tensor '" + e.name() + "' " + Arrays.toString(shape)
                        + ": dimension " + shape[i] + " is too large");
            }
            out[i] = (int) shape[i];
        }
        return out;
    }
}
