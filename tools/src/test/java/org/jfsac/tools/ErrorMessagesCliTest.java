package org.jfsac.tools;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.jfsac.tools.CliTest.fixture;
import static org.jfsac.tools.CliTest.run;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Issue 11, defect 10: each bad input of the audit ends as one line that names the file (or class and folder) and
 * the real reason.
 */
class ErrorMessagesCliTest {
    @TempDir Path tmp;

    private static String[] embed(Path checkpoint) {
        return new String[]{"embed", "--checkpoint", checkpoint.toString(), "--text", "a", "--device", "cpu"};
    }

    private static String failLine(String... args) {
        CliTest.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(args), "bounded work");
        assertEquals(1, r.code(), r.err());
        return CliTest.errorLine(r);
    }

    @Test
    void aCheckpointMatchingNoConfigNamesTheFile() throws Exception {
        Path ck = tmp.resolve("mystery.safetensors");
        SafeTensors.write(ck, Map.of("encoder.weight", new HostTensor(new int[]{2, 2}, new float[4])));
        String line = failLine(embed(ck));
        assertTrue(line.startsWith("jfsac embed: checkpoint " + ck + ": its tensors match no CLIP model config (")
                && line.contains("no tensor 'visual.conv1.weight'") && line.contains("--model-config"), line);
    }

    @Test
    void aTruncatedBpeFileIsNamed() throws Exception {
        byte[] full = Files.readAllBytes(CliTest.vocabularyCopy());
        Path cut = tmp.resolve("cut.txt.gz");
        Files.write(cut, Arrays.copyOf(full, full.length / 3));
        String line = failLine("tokenize", "--bpe", cut.toString(), "hello");
        assertTrue(line.startsWith("jfsac tokenize: " + cut + ": not a complete gzip file"), line);

        Path few = tmp.resolve("few.txt.gz"); // a complete gzip file holding the first lines only
        try (var out = new GZIPOutputStream(Files.newOutputStream(few))) {
            out.write("#version: 0.2\ni n\nt h\n" /* 3 lines after the header, as Python's split("\\n") counts */.getBytes(StandardCharsets.UTF_8));
        }
        line = failLine("tokenize", "--bpe", few.toString(), "hello");
        assertTrue(line.startsWith("jfsac tokenize: " + few + ": holds 3 merge lines"), line);
    }

    @Test
    void aVisaCsvThatIsNotUtf8IsNamed() throws Exception {
        Path csv = tmp.resolve("visa/split_csv/1cls.csv");
        Files.createDirectories(csv.getParent());
        Files.write(csv, "object,split,label,image,mask\ncandle,train,normal,candle/\u00ff.JPG,\n".getBytes(StandardCharsets.ISO_8859_1));
        String line = failLine("run", "--dataset", "visa", "--data", tmp.resolve("visa").toString(), "--checkpoint",
                fixture("tiny-gelu/model.pt").toString(), "--model-config", fixture("tiny-gelu/config.json").toString(),
                "--device", "cpu", "--out", tmp.resolve("out").toString());
        assertTrue(line.startsWith("jfsac run: " + csv + ": not UTF-8 text"), line);
    }

    @Test
    void aCorruptImageInPredictIsItsOwnJsonLineWithFileAndReason() throws Exception {
        Path normal = FolderDatasetCliTest.userTree(tmp.resolve("parts/disc")).resolve("normal");
        Path head = tmp.resolve("head.safetensors");
        assertEquals(0, run("fit", "--demo-model", "--class-name", "disc", "--normal", normal.toString(), "--out", head.toString(),
                "--epochs", "1", "--device", "cpu").code());
        Path good = normal.resolve("n0.png"), corrupt = tmp.resolve("corrupt.png");
        byte[] b = Files.readAllBytes(good);
        Files.write(corrupt, Arrays.copyOf(b, b.length / 2));
        CliTest.Result r = run("predict", "--head", head.toString(), "--device", "cpu", good.toString(), corrupt.toString());
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(2, lines.size(), r.out());
        JsonObject bad = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        assertEquals(corrupt.toString(), bad.get("image").getAsString());
        assertTrue(bad.get("error").getAsString().startsWith("not an image or unsupported format (png decoder: "), bad.toString());
        assertTrue(JsonParser.parseString(lines.get(0)).getAsJsonObject().has("anomaly_score"), lines.get(0));
    }

    @Test
    void aClassWithOneKindOfTestImageNamesClassAndFolder() throws Exception {
        Path data = tmp.resolve("mvtec");
        Path cls = FolderDatasetCliTest.userTree(tmp.resolve("user/disc"));
        // MVTec layout with only normal test images: train/good and test/good
        Files.createDirectories(data.resolve("disc/test"));
        Files.move(cls.resolve("normal"), Files.createDirectories(data.resolve("disc/train")).resolve("good"));
        Files.move(cls.resolve("test/good"), data.resolve("disc/test/good"));
        String line = failLine(FolderDatasetCliTest.runArgs(data, tmp.resolve("out"), "mvtec"));
        assertTrue(line.startsWith("jfsac run: " + data.toAbsolutePath().resolve("disc/test/good") + ": class 'disc' has 2 normal and 0 anomalous"
                + " test images; image-level metrics (AUROC, AUPR, F1-max) need both"), line);
        assertFalse(Files.exists(tmp.resolve("out/run.json")), "refused before the run folder is claimed");
    }

    @Test
    void aDirectoryFifoOrDeviceAsCheckpointIsSaidToBeOne() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("weights.pt"));
        assertTrue(failLine(embed(dir)).endsWith("checkpoint " + dir + ": is a directory, not a checkpoint file"));
        Path dev = Path.of("/dev/zero");
        if (Files.exists(dev)) assertTrue(failLine(embed(dev)).endsWith("checkpoint /dev/zero: not a regular file (a device or pipe?)"));
        Path fifo = tmp.resolve("pipe.pt");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) // nobody writes to it: opening it would block
            assertTrue(failLine(embed(fifo)).endsWith("checkpoint " + fifo + ": not a regular file (a device or pipe?)"));
        Path missing = tmp.resolve("missing.pt");
        assertTrue(failLine(embed(missing)).endsWith(missing + ": checkpoint not found"));
    }

    @Test
    void anUnreadableFileIsReportedAsUnreadable() throws Exception {
        Path ck = tmp.resolve("locked.pt");
        Files.copy(fixture("tiny-gelu/model.pt"), ck);
        Path img = tmp.resolve("locked.png");
        Files.copy(FolderDatasetCliTest.userTree(tmp.resolve("t")).resolve("normal/n0.png"), img);
        Files.setPosixFilePermissions(ck, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(img, PosixFilePermissions.fromString("---------"));
        // root (as in some CI containers) reads files whatever their mode: then there is nothing to test
        assumeFalse(Files.isReadable(ck), "running as a user that can read mode-000 files (root)");
        assertTrue(failLine(embed(ck)).endsWith(ck + ": permission denied"));
        String line = failLine("embed", "--checkpoint", fixture("tiny-gelu/model.pt").toString(), "--model-config",
                fixture("tiny-gelu/config.json").toString(), "--image", img.toString(), "--device", "cpu");
        assertTrue(line.endsWith(img + ": permission denied"), line);
    }
}
