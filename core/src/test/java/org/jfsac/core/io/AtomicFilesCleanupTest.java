package org.jfsac.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 11, defects 7, 8 and 10: temporary files never outlive a run, and write failures name the file. */
class AtomicFilesCleanupTest {
    @TempDir Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void temporaryFileOfAKilledProcessIsRemovedByTheNextRun() throws IOException {
        // what `kill -9` during convert left: a dead process's predictable temp file (pid 2^31-1 does not run)
        Path stale = dir.resolve(".model.safetensors.2147483647.tmp");
        Files.write(stale, new byte[1000]);
        Path unrelated = dir.resolve(".notes.tmp");
        Files.writeString(unrelated, "not ours");
        AtomicFiles.writeString(dir.resolve("results.csv"), "a,b\n");
        assertEquals(List.of(".notes.tmp", "results.csv"), names(), "stale temp removed, other files kept");
    }

    @Test
    void temporaryNameIsPredictableAndFailuresNameTheTarget() throws IOException {
        Path target = dir.resolve("x.bin");
        long pid = ProcessHandle.current().pid(), thread = Thread.currentThread().getId();
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, ch -> {
            assertTrue(Files.exists(dir.resolve(".x.bin." + thread + "." + pid + ".tmp")), "temp file .x.bin.<thread>.<pid>.tmp");
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().contains(target.toString()) && e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(List.of(), names(), "nothing left after a failure");
    }

    /**
     * Two threads of one process writing the same target at once (Spark tasks filling one feature cache) each
     * use their own temporary file: with one per process, the second rename found its file already moved away.
     */
    @Test
    void threadsWritingTheSameTargetAtOnceBothSucceed() throws Exception {
        Path target = dir.resolve("feature.f32");
        java.util.concurrent.CountDownLatch bothWriting = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Object>> writes = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++)
                writes.add(pool.submit(() -> {
                    AtomicFiles.write(target, ch -> {
                        bothWriting.countDown(); // both bodies run before either renames: the writes overlap for certain
                        try {
                            assertTrue(bothWriting.await(30, TimeUnit.SECONDS));
                        } catch (InterruptedException ex) {
                            throw new IOException(ex);
                        }
                        ch.write(java.nio.ByteBuffer.wrap("same bytes\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    });
                    return null;
                }));
            for (java.util.concurrent.Future<Object> w : writes) w.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals("same bytes\n", Files.readString(target));
        assertEquals(List.of("feature.f32"), names(), "no temporary file left");
    }

    /** Writes forever into a temp file for args[0] until stopped; used by the SIGTERM test. */
    public static void main(String[] args) throws IOException {
        AtomicFiles.write(Path.of(args[0]), ch -> {
            ch.write(java.nio.ByteBuffer.wrap(new byte[100]));
            System.out.println("writing");
            System.out.flush();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void sigtermDuringAWriteLeavesNoTemporaryFile() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                AtomicFilesCleanupTest.class.getName(), dir.resolve("big.safetensors").toString())
                .redirectErrorStream(true).start();
        try {
            assertEquals("writing", new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine());
            assertEquals(1, names().size(), "the temp file exists while writing: " + names());
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(List.of(), names(), "shutdown hook removed the temp file");
        } finally {
            p.destroyForcibly();
        }
    }
}
