package org.jfsac.fsac.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jfsac.fsac.synth.NaturalSyntheticAnomaly;
import org.jfsac.fsac.synth.RandomPerturbation;
import org.jfsac.clip.image.RgbImage;
import org.junit.jupiter.api.Test;

/** The config picks the authors' per-class foreground placement and the NSA paste. */
class SynthesizerTest {
    /** A mid-grey disc on black: the background estimate marks the black. */
    private static RgbImage disc() {
        RgbImage img = new RgbImage(120, 120);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 120; x++) {
                int v = (x - 60) * (x - 60) + (y - 60) * (y - 60) < 35 * 35 ? 128 : 0;
                img.setRgb(x, y, v, v, v);
            }
        }
        return img;
    }

    private static RgbImage run(Synthesizer s, RgbImage img) {
        return s.synthesize(img, new SplittableRandom(3));
    }

    @Test
    void mvtecPresetFollowsTheAuthorsSkipBackgroundTable() {
        FsacConfig mvtec = FsacConfig.preset("mvtec");
        for (String c : new String[] {"bottle", "capsule", "hazelnut", "metal_nut", "pill", "toothbrush", "zipper"}) {
            assertTrue(mvtec.foregroundOnly(c), c);
        }
        for (String c : new String[] {"carpet", "grid", "leather", "tile", "wood", "cable", "screw", "transistor",
                "not_a_class"}) {
            assertFalse(mvtec.foregroundOnly(c), c);
        }
        RgbImage img = disc();
        RgbImage onObject = run(new Synthesizer() {
            final RandomPerturbation rp = new RandomPerturbation(RandomPerturbation.Noise.UNIFORM, true);
            public RgbImage synthesize(RgbImage i, SplittableRandom r) { return rp.apply(i, r).image(); }
        }, img);
        RgbImage anywhere = run((i, r) -> RandomPerturbation.codeForm().apply(i, r).image(), img);
        assertNotEquals(onObject, anywhere, "the seed must tell the two placements apart");
        assertEquals(onObject, run(Synthesizer.from(mvtec, "bottle"), img));
        assertEquals(anywhere, run(Synthesizer.from(mvtec, "screw"), img));
    }

    @Test
    void foregroundSpecOverridesPerClassAndSurvivesJson() {
        FsacConfig c = FsacConfig.preset("mvtec").withForeground("bottle=off,screw=on");
        assertFalse(c.foregroundOnly("bottle"));
        assertTrue(c.foregroundOnly("screw"));
        assertTrue(c.foregroundOnly("pill"));
        FsacConfig back = FsacConfig.fromJson(c.toJson());
        assertFalse(back.foregroundOnly("bottle"));
        assertTrue(back.foregroundOnly("screw"));
        assertTrue(FsacConfig.preset("mvtec").withForeground("all,carpet=off").foregroundOnly("wood"));
        assertFalse(FsacConfig.preset("mvtec").withForeground("all,carpet=off").foregroundOnly("carpet"));
        assertFalse(FsacConfig.preset("mvtec").withForeground("none").foregroundOnly("bottle"));
        assertThrows(IllegalArgumentException.class, () -> new FsacConfig().withForeground("=on"));
    }

    @Test
    void nsaPasteIsChosenByTheConfig() {
        FsacConfig visa = FsacConfig.preset("visa");
        assertEquals(NaturalSyntheticAnomaly.Paste.OPENCV, visa.paste);
        RgbImage img = disc();
        java.util.List<RgbImage> outputs = new java.util.ArrayList<>();
        for (NaturalSyntheticAnomaly.Paste p : NaturalSyntheticAnomaly.Paste.values()) {
            NaturalSyntheticAnomaly nsa = new NaturalSyntheticAnomaly(NaturalSyntheticAnomaly.Params.visa().withPaste(p));
            visa.paste = p;
            RgbImage out = run(Synthesizer.from(visa, "candle"), img);
            assertEquals(run((i, r) -> nsa.apply(i, r).image(), img), out, p.name());
            outputs.add(out);
        }
        assertNotEquals(outputs.get(0), outputs.get(1), "the two pastes must differ on this image");
    }
}
