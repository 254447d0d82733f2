package org.jfsac.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 11, defects 2 and 10: every failure, Errors included, is one escaped line and exit code 1. */
class CliErrorsTest {
    @TempDir Path tmp;

    @CommandLine.Command(name = "boom")
    static final class Boom implements Runnable {
        @CommandLine.Option(names = "--what") String what;

        @Override public void run() {
            switch (what) {
                case "stack" -> throw new StackOverflowError();
                case "memory" -> throw new OutOfMemoryError("Java heap space");
                default -> throw new IllegalStateException("line one\nline two \u001b[2J");
            }
        }
    }

    private static String[] failWith(String what) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Boom());
        cl.setErr(new PrintWriter(err, true));
        int code = Main.execute(cl, "--what", what);
        return new String[] {String.valueOf(code), err.toString()};
    }

    @Test
    void errorsEndAsOneLineNotAStackTrace() {
        for (String what : new String[] {"stack", "memory", "text"}) {
            String[] r = failWith(what);
            assertEquals("1", r[0], what);
            assertEquals(1, r[1].lines().count(), "one line: " + r[1]);
            assertTrue(r[1].startsWith("jfsac boom: "), r[1]);
            assertFalse(r[1].contains("\tat "), r[1]);
            assertFalse(r[1].contains("\u001b"), "no raw escape: " + r[1]);
        }
        assertTrue(failWith("stack")[1].contains("nested too deeply"));
        assertTrue(failWith("memory")[1].contains("out of memory"));
    }

    @Test
    void hugeContextLengthIsRefusedNotAnOutOfMemoryError() {
        CliTest.Result r = CliTest.run("tokenize", "--context", "2147483647", "hello");
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("context length 2147483647 exceeds the limit"), r.err());
    }

    @Test
    void aFileNameWithControlCharactersIsEscaped() throws Exception {
        Path evil = tmp.resolve("a\nb\u001b[31m.png");
        Files.writeString(evil, "hello");
        CliTest.Result r = CliTest.run("embed", "--checkpoint", CliTest.fixture("tiny-gelu/model.pt").toString(),
                "--model-config", CliTest.fixture("tiny-gelu/config.json").toString(), "--image", evil.toString(), "--device", "cpu");
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("jfsac embed:")).count(), r.err());
        assertFalse(r.err().contains("\u001b"), r.err());
        assertTrue(r.err().contains("a\\nb\\u001b[31m.png"), r.err());
    }

    @Test
    void maxImagePixelsOptionSetsTheLimit() throws Exception {
        Path img = tmp.resolve("small.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(5, 4, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", img.toFile());
        try {
            CliTest.Result r = CliTest.run("embed", "--max-image-pixels", "19", "--checkpoint", CliTest.fixture("tiny-gelu/model.pt").toString(),
                    "--model-config", CliTest.fixture("tiny-gelu/config.json").toString(), "--image", img.toString(), "--device", "cpu");
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("small.png: image size (20 pixels, 5x4) exceeds limit of 19 pixels"), r.err());
        } finally {
            System.clearProperty(org.jfsac.core.limits.Limit.IMAGE_PIXELS.property());
        }
    }
}
