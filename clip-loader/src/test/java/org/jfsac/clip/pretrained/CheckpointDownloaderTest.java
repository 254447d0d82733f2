package org.jfsac.clip.pretrained;

import org.jfsac.clip.checkpoint.FileDigest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Downloads of the tiny OpenCLIP fixture checkpoint (testdata/openclip/tiny-gelu/model.pt) from a local server on
 * 127.0.0.1: nothing here touches the internet.
 */
class CheckpointDownloaderTest {
    private static final String FILE = "tiny-gelu-model.pt";

    @TempDir Path cache;
    private byte[] body;
    private String sha256;
    private final List<String> notes = new ArrayList<>();
    private final List<long[]> progress = new ArrayList<>();

    @BeforeEach
    void readFixture() throws IOException {
        Path fixture = Path.of(System.getProperty("jfsac.testdata", "../testdata"), "openclip", "tiny-gelu", "model.pt");
        body = Files.readAllBytes(fixture);
        sha256 = FileDigest.sha256(fixture);
    }

    private CheckpointDownloader downloader() {
        CheckpointDownloader.Listener l = new CheckpointDownloader.Listener() {
            @Override public void progress(PretrainedWeights w, long done, long total) { progress.add(new long[]{done, total}); }
            @Override public void note(String message) { notes.add(message); }
        };
        return new CheckpointDownloader(cache, HttpClient.newHttpClient(), l).withRetries(3, Duration.ZERO);
    }

    private PretrainedWeights entry(CheckpointServer s, String hash) {
        return new PretrainedWeights("tiny-gelu", "fixture", "tiny", s.url(FILE), hash);
    }

    @Test
    void downloadsVerifiesAndThenUsesTheCache() throws Exception {
        try (CheckpointServer s = new CheckpointServer(FILE, body)) {
            Path got = downloader().fetch(entry(s, sha256));
            assertEquals(cache.resolve(FILE), got);
            assertArrayEquals(body, Files.readAllBytes(got));
            assertFalse(Files.exists(cache.resolve(FILE + ".part")));
            long[] last = progress.get(progress.size() - 1);
            assertEquals(body.length, last[0]);
            assertEquals(body.length, last[1]);
            // a second fetch checks the cached file and makes no request
            assertEquals(got, downloader().fetch(entry(s, sha256)));
            assertEquals(List.of(""), s.ranges);
        }
    }

    @Test
    void resumesAfterACutConnectionWithARangeRequest() throws Exception {
        try (CheckpointServer s = new CheckpointServer(FILE, body)) {
            s.cutAfter = 100_000;
            s.cutsLeft.set(2); // two cuts in a row, each after progress: the retry budget (3) is per attempt without progress
            Path got = downloader().fetch(entry(s, sha256));
            assertArrayEquals(body, Files.readAllBytes(got));
            // Each resume asks for the bytes after those that arrived. Usually that is 100000 per cut, but a dropped
            // connection may lose the tail of what the server wrote (the reset can overtake data in flight), so the
            // offsets are only bounded: each resume advances by more than 0 and at most the 100000 bytes sent.
            assertEquals(3, s.ranges.size(), s.ranges.toString());
            assertEquals("", s.ranges.get(0));
            long previous = 0;
            for (String r : s.ranges.subList(1, 3)) {
                assertTrue(r.matches("bytes=\\d+-"), s.ranges.toString());
                long from = Long.parseLong(r.substring("bytes=".length(), r.length() - 1));
                assertTrue(from > previous && from <= previous + 100_000, s.ranges.toString());
                previous = from;
            }
            assertTrue(notes.stream().anyMatch(n -> n.contains("resuming")), notes.toString());
        }
    }

    @Test
    void resumesThePartFileAnEarlierProcessLeft() throws Exception {
        Files.write(cache.resolve(FILE + ".part"), java.util.Arrays.copyOf(body, 12_345));
        try (CheckpointServer s = new CheckpointServer(FILE, body)) {
            assertArrayEquals(body, Files.readAllBytes(downloader().fetch(entry(s, sha256))));
            assertEquals(List.of("bytes=12345-"), s.ranges);
        }
    }

    @Test
    void startsOverWhenTheServerIgnoresTheRange() throws Exception {
        Files.write(cache.resolve(FILE + ".part"), java.util.Arrays.copyOf(body, 999));
        try (CheckpointServer s = new CheckpointServer(FILE, body)) {
            s.honourRange = false;
            assertArrayEquals(body, Files.readAllBytes(downloader().fetch(entry(s, sha256))));
            assertEquals(List.of("bytes=999-"), s.ranges);
        }
    }

    @Test
    void givesUpAfterTheRetryBudgetAndKeepsThePartForLater() throws Exception {
        try (CheckpointServer s = new CheckpointServer(FILE, body)) {
            s.cutAfter = 0;
            s.cutsLeft.set(10);
            IOException e = assertThrows(IOException.class, () -> downloader().fetch(entry(s, sha256)));
            assertTrue(e.getMessage().contains("failed 3 time(s) in a row"), e.getMessage());
            assertEquals(3, s.ranges.size());
            assertTrue(Files.exists(cache.resolve(FILE + ".part")));
            assertFalse(Files.exists(cache.resolve(FILE)));
        }
    }

    @Test
    void aWrongChecksumDeletesTheDownloadAndSaysSo() throws Exception {
        try (CheckpointServer s = new CheckpointServer(FILE, body)) {
            String wrong = (sha256.charAt(0) == '0' ? "1" : "0") + sha256.substring(1, 8);
            IOException e = assertThrows(IOException.class, () -> downloader().fetch(entry(s, wrong)));
            assertTrue(e.getMessage().startsWith("checksum mismatch for " + s.url(FILE)), e.getMessage());
            assertTrue(e.getMessage().contains("does not start with the published " + wrong), e.getMessage());
            assertTrue(e.getMessage().contains("deleted the download"), e.getMessage());
            assertFalse(Files.exists(cache.resolve(FILE)));
            assertFalse(Files.exists(cache.resolve(FILE + ".part")));
        }
    }

    @Test
    void aCorruptCachedFileIsReplaced() throws Exception {
        Files.write(cache.resolve(FILE), new byte[]{1, 2, 3});
        try (CheckpointServer s = new CheckpointServer(FILE, body)) {
            assertArrayEquals(body, Files.readAllBytes(downloader().fetch(entry(s, sha256))));
            assertTrue(notes.get(0).contains("does not match the published"), notes.toString());
        }
    }

    @Test
    void notFoundIsOneClearErrorWithoutRetries() throws Exception {
        try (CheckpointServer s = new CheckpointServer("other.pt", body)) {
            IOException e = assertThrows(IOException.class, () -> downloader().fetch(entry(s, sha256)));
            assertEquals("HTTP 404 for " + s.url(FILE), e.getMessage());
            assertFalse(Files.exists(cache.resolve(FILE)));
        }
    }

    @Test
    void theDefaultCacheHonoursJfsacHomeOrThePlatformCache() {
        Path dir = CheckpointDownloader.defaultCacheDir();
        String home = System.getenv("JFSAC_HOME");
        if (home != null && !home.isBlank()) assertEquals(Path.of(home, "checkpoints"), dir);
        else assertTrue(dir.endsWith(Path.of("jfsac", "checkpoints")), dir.toString());
    }
}
