package org.jfsac.tools;

import org.junit.jupiter.api.Test;

import static org.jfsac.tools.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --pretrained MODEL/TAG} on the command line: names are checked while parsing (usage errors, no download, no
 * device probing). Downloads themselves are tested in clip-loader against a local server (CheckpointDownloaderTest).
 */
class PretrainedOptionTest {
    @Test
    void everyCommandThatTakesACheckpointListsTheOption() {
        for (String cmd : new String[]{"embed", "fit", "run", "predict", "demo"}) {
            CliTest.Result r = run(cmd, "--help");
            assertTrue(r.out().contains("--pretrained=MODEL/TAG"), cmd + " --help:\n" + r.out());
        }
    }

    @Test
    void anUnknownNameIsAUsageErrorListingTheKnownOnes() {
        CliTest.Result r = run("embed", "--pretrained", "ViT-B-16-plus-240", "--text", "a");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--pretrained: unknown pretrained checkpoint 'ViT-B-16-plus-240' (expected MODEL/TAG)"), r.err());
        assertTrue(r.err().contains("ViT-B-16-plus-240/laion400m_e31"), r.err());
    }

    @Test
    void checkpointAndPretrainedTogetherAreRefusedInEitherOrder() {
        CliTest.Result a = run("embed", "--checkpoint", "x.pt", "--pretrained", "ViT-B-16/laion400m_e31", "--text", "a");
        assertEquals(2, a.code(), a.err());
        assertTrue(a.err().contains("give --checkpoint or --pretrained, not both"), a.err());
        CliTest.Result b = run("embed", "--pretrained", "ViT-B-16/laion400m_e31", "--checkpoint", "x.pt", "--text", "a", "--device", "cpu");
        assertEquals(1, b.code(), b.err());
        assertTrue(b.err().contains("give --checkpoint or --pretrained, not both"), b.err());
    }
}
