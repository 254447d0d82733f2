package org.jfsac.clip.pretrained;

import org.jfsac.clip.config.ClipConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LAION-400M table as OpenCLIP's pretrained.py publishes it. */
class PretrainedCatalogTest {
    @Test
    void theLaion400mEntriesTheIssueNamesAreThereWithTheirPublishedHashPrefix() {
        PretrainedCatalog c = PretrainedCatalog.openClipLaion400m();
        PretrainedWeights w = c.find("ViT-B-16-plus-240/laion400m_e31");
        assertEquals("https://github.com/mlfoundations/open_clip/releases/download/v0.2-weights/vit_b_16_plus_240-laion400m_e31-8fb26589.pt",
                w.url().toString());
        assertEquals("8fb26589", w.sha256());
        assertEquals("vit_b_16_plus_240-laion400m_e31-8fb26589.pt", w.fileName());
        for (String model : List.of("ViT-B-16-plus-240", "ViT-B-16", "ViT-B-32", "ViT-L-14")) {
            for (String tag : List.of("laion400m_e31", "laion400m_e32")) {
                PretrainedWeights e = c.find(model + "/" + tag);
                // the hash is the one in the file name, and every entry loads into a built-in architecture
                assertTrue(e.fileName().endsWith("-" + e.sha256() + ".pt"), e.toString());
                assertEquals(8, e.sha256().length());
                ClipConfig.builtin(e.config());
            }
        }
        assertEquals("ViT-B-32-quickgelu", c.find("ViT-B-32/laion400m_e32").config());
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PretrainedCatalog.openClipLaion400m().find("ViT-B-16-plus-240"));
        assertTrue(e.getMessage().contains("(expected MODEL/TAG)"), e.getMessage());
        assertTrue(e.getMessage().contains("ViT-L-14/laion400m_e32"), e.getMessage());
    }
}
