package org.jfsac.clip.checkpoint;

import net.razorvine.pickle.PickleException;
import org.jfsac.core.errors.ErrorLine;
import org.jfsac.core.io.ElementType;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.TensorFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads PyTorch's zip checkpoints ({@code torch.save}, PyTorch 1.6 and later): {@code <prefix>/data.pkl}
 * describes the objects, {@code <prefix>/data/<key>} hold raw storages, {@code <prefix>/byteorder}
 * their byte order (little when absent). The pickle is read by {@link SafeUnpickler}, which refuses
 * any global outside a short allow-list, so loading a checkpoint never runs code.
 *
 * <p>Memory: opening reads only data.pkl and checks every tensor view against its storage; {@link #stream}
 * then reads the storages one at a time, straight from the archive (random access, no copy of the whole
 * file), converting each to float32, so a consumer that keeps no tensor needs one storage at a time.
 */
public final class TorchCheckpoint implements StateDictSource {
    private static final int CHUNK_BYTES = 1 << 20;

    private final String file;
    private final ZipFile zip;
    private final String prefix;
    private final ByteOrder order;
    /** Tensors under their pickled names, in pickled order. */
    private final LinkedHashMap<String, TensorRef> refs;
    /** Pickled names grouped by storage, in order of first use: each group is read with one storage read. */
    private final List<List<String>> groups;
    private final UnaryOperator<String> rename;

    private TorchCheckpoint(String file, ZipFile zip, String prefix, ByteOrder order, LinkedHashMap<String, TensorRef> refs)
            throws TensorFormatException {
        this.file = file;
        this.zip = zip;
        this.prefix = prefix;
        this.order = order;
        this.refs = refs;
        Map<String, List<String>> users = new LinkedHashMap<>();
        refs.forEach((name, ref) -> users.computeIfAbsent(ref.storage().key(), k -> new ArrayList<>()).add(name));
        this.groups = List.copyOf(users.values());
        for (List<String> group : groups) checkViews(group, refs, refs.get(group.get(0)).storage(), file);
        this.rename = StateDicts.prefixStripper(refs.keySet(), StateDicts.DATA_PARALLEL_PREFIX);
    }

    /**
     * The state dict of a checkpoint as float32 tensors, in pickled order. Accepts a bare state dict
     * or a dict holding one under "state_dict" or "model"; a DataParallel {@code module.} prefix on
     * every name is removed.
     */
    public static LinkedHashMap<String, HostTensor> read(Path file) throws IOException {
        try (TorchCheckpoint c = open(file)) {
            return c.readAll();
        }
    }

    /** Picks the tensors out of an unpickled checkpoint. */
    interface Layout {
        Map<?, ?> select(Object root, String file) throws TensorFormatException;
    }

    /** Reads and checks the archive layout and data.pkl; no storage is read yet. */
    static TorchCheckpoint open(Path file) throws IOException {
        return open(file, StateDicts::select);
    }

    /** As {@link #open(Path)}, with the state dict found by {@code layout}. */
    static TorchCheckpoint open(Path file, Layout layout) throws IOException {
        String name = file.toString();
        ZipFile zip = openZip(file);
        try {
            String prefix = prefix(zip, name);
            ByteOrder order = byteOrder(zip, prefix, name);
            Map<?, ?> stateDict = layout.select(unpickle(zip, prefix, name), name);
            return new TorchCheckpoint(name, zip, prefix, order, tensors(stateDict, name));
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    /** In pickled order. */
    @Override
    public LinkedHashMap<String, int[]> shapes() {
        LinkedHashMap<String, int[]> out = new LinkedHashMap<>();
        refs.forEach((name, ref) -> out.put(rename.apply(name), ref.size().clone()));
        return out;
    }

    /** Reads each storage once, in order of first use, and delivers every tensor view cut out of it. */
    @Override
    public void stream(CheckpointReader.Sink sink) throws IOException {
        for (List<String> group : groups) deliver(group, sink);
    }

    @Override
    public void close() throws IOException { zip.close(); }

    /** One storage group; its own method so that no frame keeps the storage array alive once it is delivered. */
    private void deliver(List<String> group, CheckpointReader.Sink sink) throws IOException {
        StorageRef storage = refs.get(group.get(0)).storage();
        float[] data = readStorage(zip, prefix + "data/" + storage.key(), storage, order, file);
        boolean shared = group.size() > 1;
        for (String name : group) {
            TensorRef ref = refs.get(name);
            boolean whole = !shared && ref.coversStorageContiguously();
            sink.accept(rename.apply(name), new HostTensor(ref.size(), whole ? data : gather(data, ref)));
        }
    }

    private static ZipFile openZip(Path file) throws IOException {
        CheckpointOpens.opened(file);
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new TensorFormatException("checkpoint " + file + ": not a readable zip archive (truncated or corrupt?): "
                    + e.getMessage(), e);
        }
    }

    /** The folder holding data.pkl; torch names it after the file it first saved to, so it varies. */
    private static String prefix(ZipFile zip, String file) throws TensorFormatException {
        List<String> found = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            String n = e.nextElement().getName();
            if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length()) found.add(n);
            else if (n.equals("data.pkl")) found.add(n);
        }
        if (found.size() != 1) {
            throw new TensorFormatException("checkpoint " + file + ": expected one <prefix>/data.pkl in the archive, found "
                    + (found.isEmpty() ? "none (not a PyTorch checkpoint?)" : found));
        }
        return found.get(0).substring(0, found.get(0).length() - "data.pkl".length());
    }

    private static ByteOrder byteOrder(ZipFile zip, String prefix, String file) throws IOException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) return ByteOrder.LITTLE_ENDIAN; // written only since PyTorch 1.12; before, always little
        try (InputStream in = zip.getInputStream(e)) {
            String s = new String(in.readNBytes(16), StandardCharsets.US_ASCII).strip();
            return switch (s) {
                case "little" -> ByteOrder.LITTLE_ENDIAN;
                case "big" -> ByteOrder.BIG_ENDIAN;
                default -> throw new TensorFormatException("checkpoint " + file + ": unknown byteorder '" + s + "'");
            };
        }
    }

    private static Object unpickle(ZipFile zip, String prefix, String file) throws IOException {
        ZipEntry pkl = zip.getEntry(prefix + "data.pkl");
        Map<String, StorageRef> seen = new HashMap<>();
        SafeUnpickler unpickler = new SafeUnpickler(file, pid -> storage(zip, prefix, pid, seen, file));
        try (InputStream in = CheckedZipEntry.open(zip, pkl, "checkpoint " + file + ": data.pkl")) {
            return unpickle(unpickler, in, pkl.getSize(), file);
        }
    }

    /** Runs the unpickler, turning every way a malformed pickle can fail into one TensorFormatException naming the file. */
    static Object unpickle(SafeUnpickler unpickler, InputStream in, long length, String file) throws IOException {
        try {
            return unpickler.load(in, length);
        } catch (TensorFormatException e) {
            throw e;
        } catch (ZipException e) {
            throw new TensorFormatException("checkpoint " + file + ": corrupt archive entry data.pkl: " + e.getMessage(), e);
        } catch (CheckpointContentException e) {
            throw new TensorFormatException("checkpoint " + file + ": " + e.getMessage(), e);
        } catch (IOException | PickleException e) {
            // invalid opcodes, premature end of data.pkl
            throw new TensorFormatException("checkpoint " + file + ": corrupt data.pkl: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // malformed opcode sequences surface as bad casts or empty-stack errors inside the library
            throw new TensorFormatException("checkpoint " + file + ": corrupt data.pkl: " + ErrorLine.bound(e.toString(), 200), e);
        }
    }

    /** Checks a persistent id against the archive: the entry exists and holds exactly numel elements. */
    private static StorageRef storage(ZipFile zip, String prefix, Object[] pid, Map<String, StorageRef> seen, String file) {
        if (!(pid[1] instanceof TorchGlobals.StorageType type) || !(pid[2] instanceof String key)) {
            throw new CheckpointContentException("malformed storage persistent id " + ErrorLine.describe(pid));
        }
        long numel = TorchGlobals.nonNegative(pid[4], "storage size");
        StorageRef ref = new StorageRef(key, type.type(), numel);
        StorageRef earlier = seen.putIfAbsent(key, ref);
        if (earlier != null && !earlier.equals(ref)) {
            throw new CheckpointContentException("storage '" + key + "' is described twice, differently");
        }
        ZipEntry e = zip.getEntry(prefix + "data/" + key);
        if (e == null) throw new CheckpointContentException("storage '" + key + "' is missing from the archive");
        if (numel > Long.MAX_VALUE / type.type().bytes() || e.getSize() != numel * type.type().bytes()) {
            throw new CheckpointContentException("storage '" + key + "' declares " + numel + " " + type.name() + " elements ("
                    + numel * type.type().bytes() + " bytes) but the archive entry holds " + e.getSize() + " bytes");
        }
        return ref;
    }

    private static LinkedHashMap<String, TensorRef> tensors(Map<?, ?> stateDict, String file) throws TensorFormatException {
        LinkedHashMap<String, TensorRef> refs = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : stateDict.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new TensorFormatException("checkpoint " + file + ": state dict key " + ErrorLine.describe(e.getKey()) + " is not a string");
            }
            if (!(e.getValue() instanceof TensorRef ref)) {
                throw new TensorFormatException("checkpoint " + file + ": state dict entry " + ErrorLine.describe(key) + " is not a tensor (found "
                        + (e.getValue() == null ? "None" : e.getValue().getClass().getSimpleName()) + ")");
            }
            refs.put(key, ref);
        }
        return refs;
    }

    private static void checkViews(List<String> names, Map<String, TensorRef> refs, StorageRef storage, String file)
            throws TensorFormatException {
        for (String name : names) {
            TensorRef ref = refs.get(name);
            String where = "checkpoint " + file + ": tensor '" + name + "' " + Arrays.toString(ref.size());
            long extent;
            try {
                extent = ref.extent();
                if (ref.numel() > Integer.MAX_VALUE - 8) throw new TensorFormatException(where + " is too large for a Java array");
            } catch (ArithmeticException e) {
                throw new TensorFormatException(where + ": its size and strides overflow");
            }
            if (extent > storage.numel()) {
                throw new TensorFormatException(where + " (offset " + ref.offset() + ", stride " + Arrays.toString(ref.stride())
                        + ") needs " + extent + " elements but its storage '" + storage.key() + "' holds only " + storage.numel());
            }
        }
        if (storage.numel() > Integer.MAX_VALUE - 8) {
            throw new TensorFormatException("checkpoint " + file + ": storage '" + storage.key() + "' has " + storage.numel()
                    + " elements, more than a Java array holds");
        }
    }

    /** Streams one storage entry into float32, converting a chunk at a time. */
    private static float[] readStorage(ZipFile zip, String entryName, StorageRef storage, ByteOrder order, String file)
            throws IOException {
        ElementType type = storage.type();
        long need = storage.numel() * 4L;
        if (need > Runtime.getRuntime().maxMemory()) {
            throw new TensorFormatException("checkpoint " + file + ": storage '" + storage.key() + "' needs " + (need >> 20)
                    + " MiB as float32, more than the whole Java heap (" + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB; raise -Xmx in JFSAC_JAVA_OPTS)");
        }
        float[] out = new float[(int) storage.numel()];
        byte[] chunk = new byte[CHUNK_BYTES / type.bytes() * type.bytes()];
        try (InputStream in = CheckedZipEntry.open(zip, zip.getEntry(entryName), "checkpoint " + file + ": storage '" + storage.key() + "'")) {
            int done = 0;
            while (done < out.length) {
                int want = (int) Math.min(chunk.length, (long) (out.length - done) * type.bytes());
                int got = in.readNBytes(chunk, 0, want);
                if (got != want) {
                    throw new TensorFormatException("checkpoint " + file + ": storage '" + storage.key() + "' ends after "
                            + ((long) done * type.bytes() + got) + " of " + storage.numel() * type.bytes() + " bytes");
                }
                type.toFloat(ByteBuffer.wrap(chunk, 0, got).order(order), out, done, got / type.bytes());
                done += got / type.bytes();
            }
            if (in.read() >= 0) throw new TensorFormatException("checkpoint " + file + ": storage '" + storage.key() + "' is longer than declared");
        } catch (ZipException e) {
            throw new TensorFormatException("checkpoint " + file + ": cannot read storage '" + storage.key() + "': " + e.getMessage(), e);
        }
        return out;
    }

    /** Copies a strided view (bounds already checked) into a new row-major array. */
    private static float[] gather(float[] storage, TensorRef ref) {
        int[] size = ref.size();
        long[] stride = ref.stride();
        float[] out = new float[(int) ref.numel()];
        if (out.length == 0) return out;
        if (size.length == 0) {
            out[0] = storage[(int) ref.offset()];
            return out;
        }
        int last = size.length - 1;
        int[] index = new int[size.length];
        long base = ref.offset();
        for (int o = 0; o < out.length; ) {
            long p = base;
            for (int j = 0; j < size[last]; j++, p += stride[last]) out[o++] = storage[(int) p];
            // advance the outer dimensions like an odometer
            int d = last - 1;
            while (d >= 0 && ++index[d] == size[d]) {
                base -= (size[d] - 1L) * stride[d];
                index[d--] = 0;
            }
            if (d >= 0) base += stride[d];
        }
        return out;
    }
}
