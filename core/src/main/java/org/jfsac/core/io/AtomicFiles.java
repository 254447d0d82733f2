package org.jfsac.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that readers see either the old file or the complete new one, never a torn
 * write: the body goes to a temporary file in the same folder (same file system, so the rename
 * is atomic), is forced to disk, then renamed over the target. On any failure the temporary file
 * is deleted and the target is untouched.
 *
 * <p>The temporary file has a predictable name, {@code .<name>.<thread>.<pid>.tmp} (the thread id, so that
 * threads of one process writing the same target, e.g. Spark tasks filling a feature cache, do not share one
 * temporary file and rename it from under each other; the last rename wins): a process killed with
 * SIGKILL leaves one behind, and the next process to write into that folder removes it (the folder
 * is scanned once per process, and only files of processes that no longer run are removed). SIGTERM and SIGINT run the JVM's shutdown hooks, which delete every temporary file still being
 * written. Failures name the target (the JDK's "No space left on device" does not).
 */
public final class AtomicFiles {
    /** Temporary files being written now, deleted by the shutdown hook if the JVM is stopped meanwhile. */
    private static final java.util.Set<Path> IN_FLIGHT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_FLIGHT.forEach(p -> {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the next write of the same target removes it
            }
        }), "jfsac-atomic-files-cleanup"));
    }

    /** Folders already cleared of stale temporary files by this process. */
    private static final java.util.Set<Path> SWEPT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private AtomicFiles() {}

    /** The temporary file a thread of this process uses for {@code target}. */
    static Path temporary(Path absoluteTarget, long thread, long pid) {
        return absoluteTarget.resolveSibling("." + absoluteTarget.getFileName() + "." + thread + "." + pid + ".tmp");
    }

    @FunctionalInterface
    public interface Body {
        void write(FileChannel channel) throws IOException;
    }

    /** Produces a file's content as a stream. */
    @FunctionalInterface
    public interface StreamBody {
        void write(java.io.OutputStream out) throws IOException;
    }

    /** Replaces target with the UTF-8 bytes of text. */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        write(target, ch -> {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
        });
    }

    /** Replaces target with what body writes to a (buffered) stream. */
    public static void writeStream(Path target, StreamBody body) throws IOException {
        write(target, ch -> {
            java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch));
            body.write(out);
            out.flush();
        });
    }

    /** Replaces target with what body writes to the channel; creates missing parent folders. */
    public static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        if (SWEPT.add(dir)) removeStale(dir);
        Path tmp = temporary(absolute, Thread.currentThread().getId(), ProcessHandle.current().pid());
        IN_FLIGHT.add(tmp);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                relaxPermissions(tmp);
                body.write(ch);
                ch.force(true);
            }
            // On POSIX, rename(2) replaces an existing target atomically.
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof IOException io && !String.valueOf(io.getMessage()).contains(absolute.getFileName().toString())) {
                throw new IOException(absolute + ": cannot write: " + io.getMessage(), io);
            }
            throw e;
        } finally {
            IN_FLIGHT.remove(tmp);
        }
    }

    /** Deletes the temporary files in {@code dir} of processes that no longer run (killed with SIGKILL). */
    private static void removeStale(Path dir) throws IOException {
        try (java.nio.file.DirectoryStream<Path> temps = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path p : temps) {
                String n = p.getFileName().toString();
                String[] parts = n.substring(0, n.length() - ".tmp".length()).split("\\.");
                String pid = parts[parts.length - 1];
                if (parts.length < 3 || !pid.matches("[0-9]{1,18}")) continue;
                if (ProcessHandle.of(Long.parseLong(pid)).isEmpty()) Files.deleteIfExists(p);
            }
        }
    }

    /** Temp files are created owner-only; the result should read like any other file (umask 022). */
    private static void relaxPermissions(Path tmp) throws IOException {
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // non-POSIX file systems keep their default permissions
        }
    }
}
