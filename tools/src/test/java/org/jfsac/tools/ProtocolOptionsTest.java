package org.jfsac.tools;

import org.jfsac.fsac.method.AuthorsProtocol;
import org.jfsac.fsac.method.FsacConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --protocol, --prompts, --patience, --sorted-order, --scoring batched-fixed, and a demo under the authors' protocol. */
class ProtocolOptionsTest {
    @TempDir Path tmp;

    @Command(name = "probe")
    static final class Probe {
        @Mixin MethodOptions method;
    }

    static FsacConfig parse(String... args) {
        Probe p = new Probe();
        new CommandLine(p).parseArgs(args);
        return p.method.build();
    }

    @Test
    void protocolAuthorsSelectsEveryChoiceAndOptionsStillOverride() {
        assertEquals(AuthorsProtocol.apply(FsacConfig.preset("visa")).toJson(), parse("--preset", "visa", "--protocol", "authors").toJson());
        assertEquals(FsacConfig.preset("mvtec").toJson(), parse().toJson(), "jfsac defaults unless asked");
        FsacConfig c = parse("--protocol", "authors", "--scoring", "per-image", "--prompts", "exp");
        assertEquals(FsacConfig.Scoring.PER_IMAGE, c.scoring);
        assertEquals(FsacConfig.PromptSet.EXP, c.prompts);
        assertTrue(AuthorsProtocol.label(c).contains("except scoring: PER_IMAGE"), AuthorsProtocol.label(c));
        FsacConfig d = parse("--best-epoch", "--patience", "10", "--sorted-order", "--scoring", "batched-fixed");
        assertEquals(10, d.bestEpochPatience);
        assertTrue(d.sortedOrder);
        assertEquals(FsacConfig.Scoring.BATCHED_FIXED, d.scoring);
        assertThrows(IllegalArgumentException.class, () -> parse("--protocol", "theirs"));
        assertThrows(IllegalArgumentException.class, () -> parse("--prompts", "short"));
        assertThrows(IllegalArgumentException.class, () -> parse("--patience", "-1"));
    }

    @Test
    void demoUnderTheAuthorsProtocolIsLabelled() throws Exception {
        Path out = tmp.resolve("demo");
        CliTest.Result r = CliTest.run("demo", "--out", out.toString(), "--protocol", "authors", "--epochs", "2", "--shots", "1",
                "--seeds", "2", "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("(the authors' protocol)") && md.contains("Protocol: the authors'"), md);
        assertTrue(md.contains("best epoch on test"), "the best-epoch rows are reported: " + md);
        for (String cls : new String[]{"disc", "grid"}) {
            Path dir = out.resolve("shots").resolve(cls);
            if (Files.isDirectory(dir))
                assertEquals(Files.readString(dir.resolve("k1_seed0.txt")), Files.readString(dir.resolve("k1_seed1.txt")), "fixed shots: " + cls);
        }
    }

    @Test
    void shotsFromAMissingFolderIsOneLine() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        CliTest.Result r = CliTest.run("run", "--dataset", "mvtec", "--data", data.toString(),
                "--checkpoint", CliTest.fixture("tiny-gelu/model.pt").toString(), "--model-config", CliTest.fixture("tiny-gelu/config.json").toString(),
                "--shots-from", tmp.resolve("absent").toString(), "--out", tmp.resolve("out").toString(), "--device", "cpu");
        assertEquals(1, r.code(), r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.contains("absent") && last.contains("--shots-from folder not found"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace");
    }
}
