package org.jfsac.clip.checkpoint;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How often this JVM has opened each checkpoint file for reading (each file handle clip-loader takes on it).
 * A diagnostic: loading a model is meant to open its checkpoint once, and tests hold it to that.
 */
public final class CheckpointOpens {
    private static final Map<Path, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    private CheckpointOpens() {}

    /** Notes one more open of {@code file}. */
    static void opened(Path file) {
        COUNTS.computeIfAbsent(key(file), k -> new AtomicLong()).incrementAndGet();
    }

    /**
     * The opens of {@code file} so far.
     *
     * @param file a checkpoint path (compared after making it absolute and normal)
     * @return how many file handles have been taken on it
     */
    public static long count(Path file) {
        AtomicLong n = COUNTS.get(key(file));
        return n == null ? 0 : n.get();
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
