package org.jfsac.clip.checkpoint;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import org.jfsac.core.errors.ErrorLine;
import org.jfsac.core.io.TensorFormatException;
import org.jfsac.core.limits.Limit;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
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
 *
 * <p>Bounded work: the bytes read (never more than the entry declares), opcodes, objects created,
 * memo entries, container nesting and integer literal length are all capped ({@link Limit}); a dict
 * key may not be a list or dict (Python cannot hash those either, and hashing a shared-reference
 * "billion laughs" structure never ends); sets, which a state dict never holds, are refused.
 */
final class SafeUnpickler extends Unpickler {
    // Opcodes missing from Pyrolite's Opcodes interface
    private static final short BINBYTES = 'B';
    private static final short BINUNICODE8 = 0x8d;
    private static final short BINBYTES8 = 0x8e;
    private static final short BYTEARRAY8 = 0x96;
    private static final short LONG4 = 0x8b;
    /** Bytes of the longest integer CPython turns into the longest allowed literal (digits * log2(10) / 8). */
    private static final double BYTES_PER_DIGIT = Math.log(10) / Math.log(2) / 8;

    private final String file;
    private final Function<Object[], StorageRef> storages;
    private CountingStream counted;
    private long length;
    private final long maxOpcodes = Limit.PICKLE_OPCODES.value();
    private final long maxObjects = Limit.PICKLE_OBJECTS.value();
    private final long maxMemo = Limit.PICKLE_MEMO.value();
    private final int maxDepth = Limit.NESTING_DEPTH.intValue();
    private final int maxDigits = Limit.INTEGER_DIGITS.intValue();
    private long opcodes;
    private long objects;
    /** Nesting depth of every list, tuple and dict built so far (1 for an empty one), by identity. */
    private final Map<Object, Integer> depth = new IdentityHashMap<>();

    /**
     * @param file      named in every error
     * @param storages  turns a persistent id tuple ("storage", type, key, location, numel) into a checked reference
     */
    SafeUnpickler(String file, Function<Object[], StorageRef> storages) {
        this.file = file;
        this.storages = storages;
    }

    /** Unpickles {@code length} bytes from {@code in}; reading past them is an error. */
    Object load(InputStream in, long length) throws IOException {
        long max = Limit.PICKLE_BYTES.value();
        if (length > max) throw refuse("data.pkl has " + length + " bytes, which " + Limit.PICKLE_BYTES.exceeded());
        this.counted = new CountingStream(new BufferedInputStream(in, 1 << 16), length < 0 ? max : length);
        this.length = length < 0 ? max : length;
        try {
            Object result = load(counted);
            // read to the end, so that a checking stream below sees all of it
            counted.transferTo(java.io.OutputStream.nullOutputStream());
            return result;
        } finally {
            close();
            depth.clear();
        }
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        if (++opcodes > maxOpcodes) throw refuse("data.pkl runs more than " + maxOpcodes + " opcodes, which " + Limit.PICKLE_OPCODES.exceeded());
        if (creates(key) && ++objects > maxObjects) {
            throw refuse("data.pkl creates more than " + maxObjects + " objects, which " + Limit.PICKLE_OBJECTS.exceeded());
        }
        switch (key) {
            case Opcodes.GLOBAL -> stack.add(allowed(line("global module name"), line("global name")));
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) throw refuse("STACK_GLOBAL on non-strings");
                stack.add(allowed(m, n));
            }
            case Opcodes.INST -> {
                IObjectConstructor c = allowed(line("global module name"), line("global name"));
                stack.add(c.construct(stack.pop_all_since_marker().toArray()));
            }
            case Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 ->
                    throw refuse("uses the copyreg extension registry, which cannot be checked against the allow-list");
            case Opcodes.EMPTY_SET, Opcodes.ADDITEMS, Opcodes.FROZENSET -> throw refuse("holds a set, which a state dict never does");
            case Opcodes.INT, Opcodes.LONG -> stack.add(integer(key, line("integer literal")));
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> {
                Map<Object, Object> dict = new LinkedHashMap<>();
                putPairs(dict, stack.pop_all_since_marker());
                stack.add(dict);
            }
            case Opcodes.SETITEM -> {
                Object value = stack.pop();
                Object k = stack.pop();
                putPairs(asMap(stack.peek()), Arrays.asList(k, value));
            }
            case Opcodes.SETITEMS -> {
                List<Object> pairs = stack.pop_all_since_marker();
                putPairs(asMap(stack.peek()), pairs);
            }
            case Opcodes.LIST -> {
                List<Object> items = new ArrayList<>(stack.pop_all_since_marker());
                nest(items, items);
                stack.add(items);
            }
            case Opcodes.APPEND -> {
                Object item = stack.pop();
                addAll(stack.peek(), Arrays.asList(item));
            }
            case Opcodes.APPENDS -> {
                List<Object> items = stack.pop_all_since_marker();
                addAll(stack.peek(), items);
            }
            case Opcodes.TUPLE -> tuple(stack.pop_all_since_marker().toArray());
            case Opcodes.TUPLE1 -> tuple(pop(1));
            case Opcodes.TUPLE2 -> tuple(pop(2));
            case Opcodes.TUPLE3 -> tuple(pop(3));
            case Opcodes.BUILD -> build();
            case Opcodes.BINSTRING, BINBYTES, Opcodes.BINUNICODE -> {
                checkLength(4, Long.MAX_VALUE);
                return super.dispatch(key);
            }
            case LONG4 -> {
                checkLength(4, (long) Math.ceil(maxDigits * BYTES_PER_DIGIT));
                return super.dispatch(key);
            }
            case BINUNICODE8, BINBYTES8, BYTEARRAY8 -> {
                checkLength(8, Long.MAX_VALUE);
                return super.dispatch(key);
            }
            case Opcodes.PUT, Opcodes.BINPUT, Opcodes.LONG_BINPUT, Opcodes.MEMOIZE -> {
                Object result = super.dispatch(key);
                if (memo.size() > maxMemo) throw refuse("data.pkl memoizes more than " + maxMemo + " objects, which " + Limit.PICKLE_MEMO.exceeded());
                return result;
            }
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    /** Opcodes that add to the heap (a new object or one more stack slot), as opposed to moving what exists. */
    private static boolean creates(short key) {
        return switch (key) {
            case Opcodes.MARK, Opcodes.STOP, Opcodes.POP, Opcodes.POP_MARK, Opcodes.PROTO, Opcodes.FRAME,
                 Opcodes.PUT, Opcodes.BINPUT, Opcodes.LONG_BINPUT, Opcodes.MEMOIZE,
                 Opcodes.APPEND, Opcodes.APPENDS, Opcodes.SETITEM, Opcodes.SETITEMS, Opcodes.BUILD -> false;
            default -> true;
        };
    }

    private Object[] pop(int n) {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) items[i] = stack.pop();
        return items;
    }

    private void tuple(Object[] items) throws TensorFormatException {
        nest(items, Arrays.asList(items));
        stack.add(items);
    }

    private void addAll(Object target, List<Object> items) throws TensorFormatException {
        if (!(target instanceof List<?>)) throw refuse("APPEND on a " + typeName(target));
        @SuppressWarnings("unchecked") List<Object> list = (List<Object>) target;
        nest(list, items);
        list.addAll(items);
    }

    /**
     * Records that {@code container} now holds {@code items}: its depth becomes at least one more than
     * theirs. Only new items are looked at, so building a long list costs O(length), not O(length²).
     */
    private void nest(Object container, Collection<?> items) throws TensorFormatException {
        int d = depth.getOrDefault(container, 1);
        for (Object item : items) d = Math.max(d, 1 + depthOf(item));
        if (d > maxDepth) throw refuse("data.pkl nests containers " + d + " deep, which " + Limit.NESTING_DEPTH.exceeded());
        depth.put(container, d);
    }

    private int depthOf(Object o) {
        Integer d = depth.get(o);
        if (d != null) return d;
        return o instanceof Map || o instanceof List || o instanceof Object[] ? 1 : 0;
    }

    /** INT and LONG literals, refused before parsing when longer than allowed (parsing is quadratic). */
    private Object integer(short key, String text) throws TensorFormatException {
        if (key == Opcodes.INT && text.equals("00")) return false;
        if (key == Opcodes.INT && text.equals("01")) return true;
        String digits = text.endsWith("L") ? text.substring(0, text.length() - 1) : text;
        try {
            return PickleUtils.optimizeBigint(new BigInteger(digits.strip()));
        } catch (NumberFormatException e) {
            throw refuse("corrupt data.pkl: bad integer literal '" + ErrorLine.describe(digits) + "'");
        }
    }

    /** A newline-terminated argument, at most as long as the longest integer literal allowed (names are far shorter). */
    private String line(String what) throws IOException {
        int max = Math.max(maxDigits + 2, 1024);
        StringBuilder b = new StringBuilder();
        for (int c; (c = counted.read()) != '\n'; ) {
            if (c < 0) throw refuse("corrupt data.pkl: ends inside a " + what);
            if (b.length() >= max) throw refuse("data.pkl has a " + what + " longer than " + max + " characters, which "
                    + Limit.INTEGER_DIGITS.exceeded());
            b.append((char) c);
        }
        if (b.length() > 0 && b.charAt(b.length() - 1) == '\r') b.setLength(b.length() - 1);
        return b.toString();
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
            throw refuse("BUILD on a " + typeName(target) + " is not part of a state dict");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> asMap(Object o) {
        if (!(o instanceof Map)) throw new CheckpointContentException("SETITEMS on a " + typeName(o));
        return (Map<Object, Object>) o;
    }

    private void putPairs(Map<Object, Object> dict, List<Object> items) throws TensorFormatException {
        if (items.size() % 2 != 0) throw new CheckpointContentException("odd number of dict items");
        for (int i = 0; i < items.size(); i += 2) {
            Object k = items.get(i);
            if (k instanceof Map || k instanceof List) throw refuse("a dict key is a " + typeName(k) + ", which is not hashable");
        }
        nest(dict, items);
        for (int i = 0; i < items.size(); i += 2) dict.put(items.get(i), items.get(i + 1));
    }

    private static String typeName(Object o) {
        return o == null ? "None" : o instanceof Map ? "dict" : o instanceof List ? "list" : o instanceof Object[] ? "tuple"
                : o.getClass().getSimpleName();
    }

    /** A length-prefixed value may not claim more bytes than the pickle has left. */
    private void checkLength(int prefixBytes, long limit) throws IOException {
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
        if (n > limit) throw refuse("data.pkl has an integer of " + n + " bytes, longer than " + maxDigits + " digits, which "
                + Limit.INTEGER_DIGITS.exceeded());
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] t) || t.length != 5 || !"storage".equals(t[0])) {
            throw new CheckpointContentException("unsupported persistent id " + describe(pid) + "; expected ('storage', type, key, location, numel)");
        }
        return storages.apply(t);
    }

    private static String describe(Object pid) {
        return ErrorLine.describe(pid);
    }

    private TensorFormatException refuse(String why) {
        return new TensorFormatException("checkpoint " + file + ": " + why);
    }

    /**
     * Tracks how many bytes the unpickler consumed, for {@link #checkLength}, and stops it at the
     * entry's declared size: a deflate bomb cannot feed it more.
     */
    private final class CountingStream extends FilterInputStream {
        long position;
        private long marked;
        private final long cap;

        CountingStream(InputStream in, long cap) {
            super(in);
            this.cap = cap;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++position > cap) throw overrun();
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) position += n;
            if (position > cap) throw overrun();
            return n;
        }

        private TensorFormatException overrun() {
            return refuse("data.pkl holds more than the " + cap + " bytes it declares (corrupt or a decompression bomb)");
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
