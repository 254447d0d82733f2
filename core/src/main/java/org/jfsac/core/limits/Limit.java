package org.jfsac.core.limits;

/**
 * Bounds on the work a single input file may cause, so that a small hostile file can neither hang a
 * run nor exhaust memory. Each limit is far above what any genuine input needs and can be raised
 * with a system property, e.g. {@code JFSAC_JAVA_OPTS=-Djfsac.limit.image-pixels=400000000}.
 */
public enum Limit {
    /** Bytes of a checkpoint's pickle (data.pkl): real ones are kilobytes to a few megabytes. */
    PICKLE_BYTES("pickle-bytes", 64L << 20),
    /** Opcodes one pickle may execute. */
    PICKLE_OPCODES("pickle-opcodes", 20_000_000),
    /** Objects (strings, numbers, containers, references) one pickle may create. */
    PICKLE_OBJECTS("pickle-objects", 5_000_000),
    /** Entries of a pickle's memo. */
    PICKLE_MEMO("pickle-memo", 1_000_000),
    /** Nesting depth of lists, tuples and dicts in a pickle. */
    NESTING_DEPTH("nesting-depth", 1000),
    /** Digits of an integer literal (CPython's own default int_max_str_digits). */
    INTEGER_DIGITS("integer-digits", 4300),
    /** Pixels of one image: twice Pillow's {@code Image.MAX_IMAGE_PIXELS}, above which Pillow raises DecompressionBombError. */
    IMAGE_PIXELS("image-pixels", 178_956_970L),
    /** Bytes one compressed ancillary image chunk (PNG text, ICC profile) may inflate to: Pillow's MAX_TEXT_CHUNK. */
    IMAGE_CHUNK_BYTES("image-chunk-bytes", 1L << 20),
    /** Tokenizer context length. */
    CONTEXT_LENGTH("context-length", 1 << 16);

    private final String key;
    private final long defaultValue;

    Limit(String key, long defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    /** The system property that raises (or lowers) this limit. */
    public String property() { return "jfsac.limit." + key; }

    public long defaultValue() { return defaultValue; }

    /** The limit in force: the system property when set to a positive number, else the default. */
    public long value() {
        String s = System.getProperty(property());
        if (s == null || s.isBlank()) return defaultValue;
        try {
            long v = Long.parseLong(s.strip().replace("_", ""));
            return v > 0 ? v : defaultValue;
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    /** {@link #value()} capped to an int (for array sizes and counters). */
    public int intValue() { return (int) Math.min(Integer.MAX_VALUE - 8, value()); }

    /** "exceeds the limit of N (raise it with -Djfsac.limit.x=N)" for an error message. */
    public String exceeded() {
        return "exceeds the limit of " + value() + " (raise it with -D" + property() + "=N in JFSAC_JAVA_OPTS)";
    }
}
