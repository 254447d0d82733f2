package org.jfsac.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Random access to the tensors of a validated safetensors file. The header is checked when the
 * file is opened; tensor data is read straight from a memory mapping of its byte range, one tensor
 * at a time, so a large file is never copied into the heap as a whole.
 */
public final class SafeTensorsReader implements Closeable {

    /** One tensor's header entry; offsets are relative to the start of the data section. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        public Entry {
            shape = shape.clone();
        }

        @Override
        public long[] shape() { return shape.clone(); }
    }

    private final Path file;
    private final FileChannel channel;
    private final SafeTensorsHeader header;
    private final Map<String, Entry> byName = new LinkedHashMap<>();

    private SafeTensorsReader(Path file, FileChannel channel, SafeTensorsHeader header) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        header.entries().stream()
                .sorted((a, b) -> Long.compare(a.begin(), b.begin()))
                .forEach(e -> byName.put(e.name(), e));
    }

    public static SafeTensorsReader open(Path file) throws IOException {
        return open(file, FileChannel.open(file, StandardOpenOption.READ));
    }

    /**
     * A reader over a channel already open on {@code file} (so that one handle serves other reads too); the reader
     * owns the channel from here on and closes it, also when the header is refused.
     */
    public static SafeTensorsReader open(Path file, FileChannel ch) throws IOException {
        try {
            return new SafeTensorsReader(file, ch, SafeTensorsHeader.read(ch, file.toString()));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path file() { return file; }

    /** The {@code __metadata__} string map (empty when absent). */
    public Map<String, String> metadata() { return header.metadata(); }

    /** Entries in file (data offset) order. */
    public List<Entry> entries() { return List.copyOf(byName.values()); }

    public Entry entry(String name) throws TensorFormatException {
        Entry e = byName.get(name);
        if (e == null) throw new TensorFormatException(file + ": no tensor named '" + name + "'");
        return e;
    }

    /** Reads a tensor as float32 (F32, F16, BF16 and F64 directly; integer and bool types by value). */
    public HostTensor readFloat(String name) throws IOException {
        Entry e = entry(name);
        ElementType type = convertible(e);
        int[] shape = intShape(e);
        return new HostTensor(shape, ChannelIO.readFloats(channel, header.dataStart() + e.begin(),
                Shapes.toArrayLength(Shapes.numelOrNegative(e.shape()), where(e)), type, ByteOrder.LITTLE_ENDIAN));
    }

    /** Reads an integer or bool tensor exactly as int64. */
    public LongTensor readLong(String name) throws IOException {
        Entry e = entry(name);
        ElementType type = convertible(e);
        if (type.isFloating()) throw new TensorFormatException(where(e) + " is " + e.dtype() + ", not an integer type");
        int[] shape = intShape(e);
        return new LongTensor(shape, ChannelIO.readLongs(channel, header.dataStart() + e.begin(),
                Shapes.toArrayLength(Shapes.numelOrNegative(e.shape()), where(e)), type, ByteOrder.LITTLE_ENDIAN));
    }

    /** Every tensor as float32, in file order. */
    public LinkedHashMap<String, HostTensor> readAllFloat() throws IOException {
        LinkedHashMap<String, HostTensor> out = new LinkedHashMap<>();
        for (String name : byName.keySet()) out.put(name, readFloat(name));
        return out;
    }

    @Override
    public void close() throws IOException { channel.close(); }

    private ElementType convertible(Entry e) throws TensorFormatException {
        ElementType type = SafeTensorsDType.elementType(e.dtype());
        if (type == null) throw new TensorFormatException(where(e) + " has dtype " + e.dtype() + ", which this reader cannot convert");
        return type;
    }

    private int[] intShape(Entry e) throws TensorFormatException {
        int[] shape = new int[e.shape().length];
        for (int i = 0; i < shape.length; i++) {
            long d = e.shape()[i];
            if (d > Integer.MAX_VALUE) throw new TensorFormatException(where(e) + ": dimension " + d + " is too large");
            shape[i] = (int) d;
        }
        return shape;
    }

    private String where(Entry e) {
        return file + ": tensor '" + e.name() + "' " + Arrays.toString(e.shape());
    }
}
