package org.jfsac.fsac.api;

import com.google.gson.JsonObject;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.io.ElementType;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.SafeTensors;
import org.jfsac.core.io.TensorFormatException;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.FsacConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 11, defect 6: a head with a NaN hyper-parameter or an infinite weight is refused at load, naming the field or tensor. */
class NonFiniteHeadTest {
    @TempDir Path tmp;

    @Test
    void nonFiniteHyperParameterOrWeightIsRefusedAtLoad() throws Exception {
        ClipBackbone clip = DemoModel.backbone(Devices.cpu(), 64, 0);
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 1;
        FsacClassifier c = FsacClassifier.create(clip, "disc", cfg)
                .fit(List.of(DemoDataset.normal(DemoClass.DISC, 64, 1, "train", 0).toBufferedImage()), 1);
        Path head = tmp.resolve("disc.head.safetensors");
        c.save(head);
        FsacClassifier.load(clip, head); // intact: loads

        JsonObject meta = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(Path.of(head + ".json"))).getAsJsonObject(); // the metadata's JSON sidecar
        LinkedHashMap<String, HostTensor> tensors = SafeTensors.read(head);
        meta.getAsJsonObject("fsac_config").addProperty("alpha1", Double.NaN);
        Path nanAlpha = tmp.resolve("nan-alpha.safetensors");
        SafeTensors.write(nanAlpha, tensors, Map.of("jfsac.head", meta.toString()), ElementType.FLOAT32);
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> FsacClassifier.load(clip, nanAlpha));
        assertTrue(e.getMessage().contains(nanAlpha.toString()) && e.getMessage().contains("alpha1 = NaN"), e.getMessage());

        JsonObject intactMeta = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(Path.of(head + ".json"))).getAsJsonObject();
        String name = tensors.keySet().stream().filter(k -> !k.equals("prototypes")).findFirst().orElseThrow();
        tensors.get(name).data()[0] = Float.POSITIVE_INFINITY;
        Path infWeight = tmp.resolve("inf-weight.safetensors");
        SafeTensors.write(infWeight, tensors, Map.of("jfsac.head", intactMeta.toString()), ElementType.FLOAT32);
        e = assertThrows(TensorFormatException.class, () -> FsacClassifier.load(clip, infWeight));
        assertTrue(e.getMessage().contains("tensor '" + name + "' holds a non-finite value (Infinity"), e.getMessage());
    }
}
