package org.jfsac.fsac.api;

import org.jfsac.core.backend.Devices;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.FsacConfig;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The API for other JVM hosts: heads as bytes/streams/serializable values, batched scoring, close. */
class FsacClassifierBytesTest {
    private static List<BufferedImage> images(String split, int n) {
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(DemoDataset.normal(DemoClass.DISC, 64, 1, split, i).toBufferedImage());
        return out;
    }

    @Test
    void headTravelsAsBytesStreamAndSerializedDescription() throws Exception {
        ClipBackbone clip = DemoModel.backbone(Devices.cpu(), 64, 0);
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 1;
        FsacClassifier c = FsacClassifier.create(clip, "disc", cfg).fit(images("train", 1), 3);
        List<BufferedImage> tests = images("test", 5);
        double[] batched = c.score(tests);
        // A batch of 5 runs the same kernels on a taller matrix as 5 batches of 1; row results may differ
        // in the last bits with the GEMM's blocking, so 1e-6 on scores in [0, 1].
        for (int i = 0; i < tests.size(); i++) assertEquals(c.score(tests.get(i)), batched[i], 1e-6, "batched = one by one");
        assertEquals(0, c.score(List.of()).length);

        byte[] bytes = c.toBytes();
        assertArrayEquals(batched, FsacClassifier.load(clip, bytes).score(tests), "from bytes: identical scores");
        assertArrayEquals(batched, FsacClassifier.load(clip, new ByteArrayInputStream(bytes)).score(tests), "from a stream");

        HeadDescription d = HeadDescription.of(c);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(buf)) { o.writeObject(d); }
        HeadDescription back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buf.toByteArray()))) { back = (HeadDescription) in.readObject(); }
        assertEquals("disc", back.className());
        assertEquals(clip.weightsId, back.clipWeights());
        assertEquals(d.sha256(), back.sha256());
        try (FsacClassifier loaded = back.load(clip)) {
            assertArrayEquals(batched, loaded.score(tests), "serialized description: identical scores");
        }

        ClipBackbone other = DemoModel.backbone(Devices.cpu(), 64, 1);
        assertThrows(IllegalArgumentException.class, () -> back.load(other), "refuses other CLIP weights");
        assertThrows(IOException.class, () -> FsacClassifier.load(clip, new byte[]{1, 2, 3}), "garbage bytes: a clear IOException");
    }
}
