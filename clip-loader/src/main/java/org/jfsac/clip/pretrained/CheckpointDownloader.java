package org.jfsac.clip.pretrained;

import org.jfsac.clip.checkpoint.FileDigest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;

/**
 * Downloads pretrained checkpoints into a cache folder, once. A download goes to {@code FILE.part}; an interrupted
 * one (a cut connection, a killed process) is resumed with an HTTP {@code Range} request, within this call up to
 * {@code attempts} times in a row without progress, and in a later call from where it stopped. The finished file's
 * SHA-256 is checked against the published one (a mismatch deletes it and says so) and only then renamed, atomically,
 * to {@code FILE}; a file in the cache is checked the same way before it is used. Progress goes to a
 * {@link Listener}; this class never prints. Safe against a second process downloading the same file (it is refused
 * while the first holds the lock on the part file).
 */
public final class CheckpointDownloader {
    /** Where a download stands; called from the downloading thread. */
    public interface Listener {
        /**
         * Bytes of the file present so far.
         *
         * @param weights what is being downloaded
         * @param done    bytes on disk, a resumed part included
         * @param total   the file's size, or -1 when the server does not say
         */
        void progress(PretrainedWeights weights, long done, long total);

        /**
         * A one-line event worth telling a user: a resumed download, a retry, a verified or rejected file.
         *
         * @param message the event
         */
        void note(String message);

        /** A listener that ignores everything. */
        Listener SILENT = new Listener() {
            @Override public void progress(PretrainedWeights weights, long done, long total) {}
            @Override public void note(String message) {}
        };
    }

    private static final long PROGRESS_STEP = 1 << 20;

    private final Path cacheDir;
    private final HttpClient client;
    private final Listener listener;
    private final int attempts;
    private final Duration retryDelay;

    /**
     * A downloader into {@code cacheDir}, retrying a broken transfer up to 5 times in a row without progress, 2 s apart.
     *
     * @param cacheDir where checkpoints are kept (created when missing)
     * @param client   the HTTP client (it should follow redirects: GitHub release URLs redirect)
     * @param listener progress and events
     */
    public CheckpointDownloader(Path cacheDir, HttpClient client, Listener listener) {
        this(cacheDir, client, listener, 5, Duration.ofSeconds(2));
    }

    private CheckpointDownloader(Path cacheDir, HttpClient client, Listener listener, int attempts, Duration retryDelay) {
        this.cacheDir = cacheDir;
        this.client = client;
        this.listener = listener == null ? Listener.SILENT : listener;
        this.attempts = Math.max(1, attempts);
        this.retryDelay = retryDelay;
    }

    /**
     * A downloader into {@link #defaultCacheDir()} with an HTTP client that follows redirects.
     *
     * @param listener progress and events (null: none)
     * @return the downloader
     */
    public static CheckpointDownloader withDefaults(Listener listener) {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        return new CheckpointDownloader(defaultCacheDir(), client, listener);
    }

    /**
     * The same downloader with another retry policy.
     *
     * @param attempts   consecutive attempts without progress before giving up (at least 1)
     * @param retryDelay pause before each retry
     * @return a new downloader
     */
    public CheckpointDownloader withRetries(int attempts, Duration retryDelay) {
        return new CheckpointDownloader(cacheDir, client, listener, attempts, retryDelay);
    }

    /**
     * The checkpoint cache: {@code $JFSAC_HOME/checkpoints} when {@code JFSAC_HOME} is set, else the platform's
     * cache folder: {@code $XDG_CACHE_HOME/jfsac/checkpoints} or {@code ~/.cache/jfsac/checkpoints} on Linux,
     * {@code ~/Library/Caches/jfsac/checkpoints} on macOS, {@code %LOCALAPPDATA%\jfsac\checkpoints} on Windows.
     *
     * @return the folder (not created here)
     */
    public static Path defaultCacheDir() {
        String home = System.getenv("JFSAC_HOME");
        if (home != null && !home.isBlank()) return Path.of(home, "checkpoints");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path user = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return (local != null && !local.isBlank() ? Path.of(local) : user.resolve("AppData").resolve("Local")).resolve("jfsac").resolve("checkpoints");
        }
        if (os.contains("mac")) return user.resolve("Library").resolve("Caches").resolve("jfsac").resolve("checkpoints");
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : user.resolve(".cache")).resolve("jfsac").resolve("checkpoints");
    }

    /**
     * Where {@code weights} is (or will be) cached.
     *
     * @param weights the checkpoint
     * @return {@code cacheDir/FILE}, FILE being the last segment of the URL
     */
    public Path cachedPath(PretrainedWeights weights) { return cacheDir.resolve(weights.fileName()); }

    /**
     * The verified checkpoint file, downloading (or finishing the download of) it first when needed.
     *
     * @param weights the checkpoint
     * @return the cached file, whose SHA-256 matches the published one
     * @throws IOException on an HTTP error status, a transfer that keeps failing (the part file is kept for a
     *                     later resume), a checksum mismatch (the file is deleted), or a download already under way
     */
    public Path fetch(PretrainedWeights weights) throws IOException {
        Path target = cachedPath(weights);
        if (Files.isRegularFile(target)) {
            if (matches(FileDigest.sha256(target), weights)) return target;
            Files.delete(target);
            listener.note(target + ": SHA-256 does not match the published " + weights.sha256() + "; deleted it, downloading again");
        }
        Files.createDirectories(cacheDir);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(ch, part);
            try {
                download(weights, ch);
                ch.force(true);
            } finally {
                lock.release();
            }
        }
        String got = FileDigest.sha256(part);
        if (!matches(got, weights)) {
            Files.delete(part);
            throw new IOException("checksum mismatch for " + weights.url() + ": SHA-256 " + got + " does not "
                    + (weights.fullyPinned() ? "equal" : "start with") + " the published " + weights.sha256()
                    + "; deleted the download " + part);
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        listener.note("verified " + target + " (SHA-256 " + (weights.fullyPinned() ? "" : "prefix ") + weights.sha256() + ")");
        return target;
    }

    private static boolean matches(String sha256, PretrainedWeights w) {
        return w.fullyPinned() ? sha256.equals(w.sha256()) : sha256.startsWith(w.sha256());
    }

    private static FileLock tryLock(FileChannel ch, Path part) throws IOException {
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) throw new IOException(part + " is being downloaded by another process or thread; try again when it is done");
        return lock;
    }

    /** Fills the part file until the server has sent the whole body. */
    private void download(PretrainedWeights w, FileChannel ch) throws IOException {
        int failures = 0;
        while (true) {
            long have = ch.size();
            long before = have;
            try {
                if (transfer(w, ch, have)) return;
                throw new IOException("connection closed before the end of the file");
            } catch (HttpStatusException e) {
                throw new IOException(e.getMessage());
            } catch (IOException e) {
                failures = ch.size() > before ? 1 : failures + 1;
                if (failures >= attempts) {
                    throw new IOException("download of " + w.url() + " failed " + failures + " time(s) in a row (" + e.getMessage()
                            + "); " + ch.size() + " bytes are kept in " + cachedPath(w) + ".part and resumed next time", e);
                }
                listener.note("download of " + w.fileName() + " interrupted at " + ch.size() + " bytes (" + e.getMessage() + "); resuming");
                pause();
            }
        }
    }

    /** One request; true when the file is complete. */
    private boolean transfer(PretrainedWeights w, FileChannel ch, long have) throws IOException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(w.url()).timeout(Duration.ofMinutes(2)).GET();
        if (have > 0) rb.header("Range", "bytes=" + have + "-");
        HttpResponse<InputStream> resp;
        try {
            resp = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("download of " + w.url() + " interrupted");
        }
        try (InputStream in = resp.body()) {
            int code = resp.statusCode();
            long pos;
            if (code == 206) {
                pos = rangeStart(resp.headers(), have, w);
            } else if (code == 200) {
                if (have > 0) listener.note(w.url().getHost() + " does not resume downloads; starting " + w.fileName() + " over");
                ch.truncate(0);
                pos = 0;
            } else if (code == 416 && have > 0) {
                return true; // nothing left to send: the part is complete (the checksum decides)
            } else {
                throw new HttpStatusException("HTTP " + code + " for " + w.url());
            }
            if (pos > 0) listener.note("resuming " + w.fileName() + " at " + pos + " bytes");
            long total = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (total >= 0) total += pos;
            copy(in, ch, pos, total, w);
            return total < 0 || ch.size() == total;
        }
    }

    private static long rangeStart(HttpHeaders headers, long have, PretrainedWeights w) throws HttpStatusException {
        String range = headers.firstValue("Content-Range").orElse("");
        if (!range.startsWith("bytes " + have + "-")) {
            throw new HttpStatusException(w.url() + " answered a request for bytes " + have + "- with the range '" + range + "'");
        }
        return have;
    }

    private void copy(InputStream in, FileChannel ch, long pos, long total, PretrainedWeights w) throws IOException {
        byte[] buf = new byte[1 << 16];
        long reported = pos;
        listener.progress(w, pos, total);
        for (int n; (n = in.read(buf)) > 0; ) {
            ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
            while (b.hasRemaining()) pos += ch.write(b, pos);
            if (pos - reported >= PROGRESS_STEP) {
                listener.progress(w, pos, total);
                reported = pos;
            }
        }
        listener.progress(w, pos, total);
    }

    private void pause() throws InterruptedIOException {
        try {
            Thread.sleep(retryDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to resume a download");
        }
    }

    /** An answer that retrying will not change (404, a wrong range). */
    private static final class HttpStatusException extends IOException {
        HttpStatusException(String message) { super(message); }
    }
}
