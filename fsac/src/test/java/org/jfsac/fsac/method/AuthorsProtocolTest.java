package org.jfsac.fsac.method;

import org.jfsac.core.backend.Devices;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.clip.image.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthorsProtocolTest {
    @Test
    void selectsEveryAuthorsChoice() {
        FsacConfig mvtec = AuthorsProtocol.apply(FsacConfig.preset("mvtec"));
        assertEquals(FsacConfig.Protocol.AUTHORS, mvtec.protocol);
        assertEquals(FsacConfig.Form.CODE, mvtec.lossForm);
        assertEquals(FsacConfig.Form.CODE, mvtec.descriptorForm);
        assertEquals(FsacConfig.Scoring.BATCHED, mvtec.scoring);
        assertEquals(16, mvtec.batchedScoringSize);
        assertEquals(FsacConfig.EpochSelection.BEST_ON_TEST, mvtec.epochSelection);
        assertEquals(10, mvtec.bestEpochPatience);
        assertTrue(mvtec.fixedShots && mvtec.sortedOrder);
        assertEquals(org.jfsac.fsac.synth.NaturalSyntheticAnomaly.Paste.OPENCV, mvtec.paste);
        assertEquals(0.0, mvtec.gamma1, "their MVTec line: text_feature #+ 0.01*t_");
        assertEquals(0.7, AuthorsProtocol.apply(FsacConfig.preset("visa")).gamma1, "their VisA line: text_feature + 0.7*t_");
        assertEquals(List.of(), AuthorsProtocol.deviations(mvtec));
        assertTrue(AuthorsProtocol.label(mvtec).startsWith("Protocol: the authors'"), AuthorsProtocol.label(mvtec));
        assertEquals("Protocol: jfsac defaults.", AuthorsProtocol.label(FsacConfig.preset("mvtec")));
    }

    @Test
    void aDeviationIsNamedInTheLabel() {
        FsacConfig c = AuthorsProtocol.apply(FsacConfig.preset("visa"));
        c.scoring = FsacConfig.Scoring.PER_IMAGE;
        c.lrImage = 5e-4;
        List<String> d = AuthorsProtocol.deviations(c);
        assertEquals(2, d.size(), d.toString());
        assertTrue(d.get(0).startsWith("scoring: PER_IMAGE (authors: BATCHED)"), d.toString());
        assertTrue(AuthorsProtocol.label(c).contains("except scoring: PER_IMAGE"), AuthorsProtocol.label(c));
    }

    /** The preprocessing belongs to the backbone: a resize other than the authors' squash is its own deviation line. */
    @Test
    void aResizeOtherThanTheAuthorsIsADeviation() {
        FsacConfig authors = AuthorsProtocol.apply(FsacConfig.preset("mvtec"));
        assertEquals(null, AuthorsProtocol.resizeDeviation(authors, org.jfsac.clip.image.ResizeMode.SQUASH));
        assertEquals("resize: SHORTEST_CENTER_CROP (authors: SQUASH)", AuthorsProtocol.resizeDeviation(authors, org.jfsac.clip.image.ResizeMode.SHORTEST_CENTER_CROP));
        assertEquals(null, AuthorsProtocol.resizeDeviation(FsacConfig.preset("mvtec"), org.jfsac.clip.image.ResizeMode.SHORTEST_CENTER_CROP),
                "jfsac's defaults have no authors' protocol to deviate from");
    }

    /** Trainer: sorted order feeds the shots in the given order every epoch; a listener can stop training. */
    @Test
    void trainerKeepsTheGivenOrderAndStopsWhenAsked() {
        List<RgbImage> normals = FsacMethodTest.images(4, 3);
        List<Integer> seen = new ArrayList<>();
        Synthesizer recording = (img, rng) -> {
            seen.add(normals.indexOf(img));
            return img;
        };
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 5;
        cfg.batchSizes = new int[]{1};
        cfg.sortedOrder = true;
        Tensor t = new Rng(1).normal(Devices.cpu(), 0, 1, 2, 6);
        Trainer.EpochListener stopAfterThree = new Trainer.EpochListener() {
            int done;
            @Override public void epochDone(int epoch, double meanLoss, FsacHead head) { done++; }
            @Override public boolean stopTraining() { return done == 3; }
        };
        // encode chunk 1: anomalies are made one step ahead only, so synthesis stops with training
        List<Double> history = new Trainer(cfg, FsacMethodTest::encode, recording, 1)
                .train(new FsacHead(Devices.cpu(), 6, new Rng(2)), t, normals, FsacMethodTest.encode(normals), 11, stopAfterThree);
        assertEquals(3, history.size(), "stopped after the third epoch");
        assertEquals(List.of(0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3), seen);

        seen.clear();
        cfg.sortedOrder = false;
        new Trainer(cfg, FsacMethodTest::encode, recording)
                .train(new FsacHead(Devices.cpu(), 6, new Rng(2)), t, normals, FsacMethodTest.encode(normals), 11, null);
        assertEquals(20, seen.size());
        assertNotEquals(List.of(0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3), seen, "shuffled per epoch by default");
    }
}
