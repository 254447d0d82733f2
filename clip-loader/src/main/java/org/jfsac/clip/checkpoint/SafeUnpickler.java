package org.jfsac.clip.checkpoint;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import org.jfsac.core.io.TensorFormatException;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Pyrolite's unpickler with the dangerous parts taken away. Every opcode that names a Python
 * global (GLOBAL, STACK_GLOBAL, INST) is checked against {@link TorchGlobals} before anything is
 * pushed, so a hostile pickle fails at the name, before any REDUCE could use it. BUILD only accepts
 * the state torch attaches to an OrderedDict ({@code _metadata}); the extension registry is refused;
 * length-prefixed strings may not claim more bytes than remain (no allocation bombs). Dicts keep
 * their pickled order, which Pyrolite's HashMap-based SETITEMS would lose.
 */
final class SafeUnpickler extends Unpickler {
    // Opcodes missing from Pyrolite's Opcodes interface
    private static final short BINBYTES = 'B';
    private static final short BINUNICODE8 = 0x8d;
    private static final short BINBYTES8 = 0x8e;
    private static final short BYTEARRAY8 = 0x96;
    private static final short LONG4 = 0x8b;

    private final String file;
    private final Function<Object[], StorageRef> storages;
    private CountingStream counted;
    private long length;

    /**
     * @param file      named in every error
     * @param storages  turns a persistent id tuple ("storage", type, key, location, numel) into a checked reference
     */
    SafeUnpickler(String file, Function<Object[], StorageRef> storages) {
        this.file = file;
        this.storages = storages;
    }

    /** Unpickles {@code length} bytes from {@code in}. */
    Object load(InputStream in, long length) throws IOException {
        this.counted = new CountingStream(new BufferedInputStream(in, 1 << 16));
        this.length = length;
        try {
            return load(counted);
        } finally {
            close();
        }
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL -> stack.add(allowed(PickleUtils.readline(input), PickleUtils.readline(input)));
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                stack.add(allowed(String.valueOf(module), String.valueOf(name)));
            }
            case Opcodes.INST -> {
                IObjectConstructor c = allowed(PickleUtils.readline(input), PickleUtils.readline(input));
                stack.add(c.construct(stack.pop_all_since_marker().toArray()));
            }
            case Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 ->
                    throw refuse("uses the copyreg extension registry, which cannot be checked against the allow-list");
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> {
                Map<Object, Object> dict = new LinkedHashMap<>();
                putPairs(dict, stack.pop_all_since_marker());
                stack.add(dict);
            }
            case Opcodes.SETITEMS -> {
                List<Object> pairs = stack.pop_all_since_marker();
                putPairs(asMap(stack.peek()), pairs);
            }
            case Opcodes.BUILD -> build();
            case Opcodes.BINSTRING, BINBYTES, Opcodes.BINUNICODE, LONG4 -> {
                checkLength(4);
                return super.dispatch(key);
            }
            case BINUNICODE8, BINBYTES8, BYTEARRAY8 -> {
                checkLength(8);
                return super.dispatch(key);
            }
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    private IObjectConstructor allowed(String module, String name) throws TensorFormatException {
        IObjectConstructor c = TorchGlobals.lookup(module, name);
        if (c == null) throw refuse("refusing to load global '" + module + "." + name + "'");
        return c;
    }

    /** torch pickles an OrderedDict's {@code __dict__} (its {@code _metadata}) with BUILD; that state is not weights. */
    private void build() throws TensorFormatException {
        Object state = stack.pop();
        Object target = stack.peek();
        boolean orderedDictState = target instanceof Map && (state == null || state instanceof Map);
        if (!orderedDictState) {
            throw refuse("BUILD on a " + (target == null ? "None" : target.getClass().getSimpleName()) + " is not part of a state dict");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> asMap(Object o) {
        if (!(o instanceof Map)) throw new CheckpointContentException("SETITEMS on a non-dict");
        return (Map<Object, Object>) o;
    }

    private static void putPairs(Map<Object, Object> dict, List<Object> items) {
        if (items.size() % 2 != 0) throw new CheckpointContentException("odd number of dict items");
        for (int i = 0; i < items.size(); i += 2) dict.put(items.get(i), items.get(i + 1));
    }

    /** A length-prefixed value may not claim more bytes than the pickle has left. */
    private void checkLength(int prefixBytes) throws IOException {
        counted.mark(prefixBytes);
        byte[] raw = counted.readNBytes(prefixBytes);
        counted.reset();
        if (raw.length < prefixBytes) throw refuse("data.pkl ends inside a length prefix");
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        long n = prefixBytes == 4 ? b.getInt() & 0xFFFFFFFFL : b.getLong();
        long remaining = length - counted.position - prefixBytes;
        if (n < 0 || n > remaining) {
            throw refuse("data.pkl is corrupt: a value claims " + Long.toUnsignedString(n) + " bytes but only " + remaining + " remain");
        }
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] t) || t.length != 5 || !"storage".equals(t[0])) {
            throw new CheckpointContentException("unsupported persistent id " + describe(pid) + "; expected ('storage', type, key, location, numel)");
        }
        return storages.apply(t);
    }

    private static String describe(Object pid) {
        return pid instanceof Object[] a ? java.util.Arrays.deepToString(a) : String.valueOf(pid);
    }

    private TensorFormatException refuse(String why) {
        return new TensorFormatException("checkpoint " + file + ": " + why);
    }

    /** Tracks how many bytes the unpickler consumed, for {@link #checkLength}. */
    private static final class CountingStream extends FilterInputStream {
        long position;
        private long marked;

        CountingStream(InputStream in) { super(in); }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) position++;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) position += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            position += s;
            return s;
        }

        @Override
        public synchronized void mark(int limit) {
            super.mark(limit);
            marked = position;
        }

        @Override
        public synchronized void reset() throws IOException {
            super.reset();
            position = marked;
        }
    }
}
