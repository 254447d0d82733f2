package org.jfsac.tools;

import org.jfsac.fsac.api.AuthorsHeads;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.method.FsacConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** A head trained with the authors' PyTorch code, turned into a jfsac head file. */
@Command(name = "import-head", mixinStandardHelpOptions = true,
        description = {"Import a head saved by the CLIP-FSAC++ authors' train.py ({\"image_state_dict\", \"text_state_dict\"} of",
                "ImageHead/TextHead) as a jfsac head that predict and FsacClassifier.load use directly."})
final class ImportHeadCommand implements Callable<Integer> {
    @Mixin BackboneOptions backbone;
    @Mixin DeviceOption device;
    @Option(names = "--authors-head", required = true, paramLabel = "FILE", description = "the authors' head file (torch.save)") Path authorsHead;
    @Option(names = "--class-name", required = true, description = "class name as used in the prompts (e.g. candle)") String className;
    @Option(names = "--out", required = true, paramLabel = "HEAD.safetensors", description = "the jfsac head to write (atomically), for predict and FsacClassifier.load") Path out;
    @Option(names = "--preset", defaultValue = "visa",
            description = "the constants the head was trained with: visa (the authors' published code: residual 0.1/0.9, gamma1 0.7) or mvtec (their MVTec lines: 0.4/0.6, gamma1 0); default ${DEFAULT-VALUE}")
    String preset;
    @Option(names = "--gamma1", description = "weight of the text-driven term, if not the preset's (the authors' MVTec lines leave it out: 0)") Double gamma1;

    @Override public Integer call() throws Exception {
        FsacConfig cfg = FsacConfig.preset(preset);
        if (gamma1 != null) cfg.gamma1 = gamma1;
        ClipBackbone clip = backbone.load(device.open());
        FsacClassifier c = AuthorsHeads.importHead(clip, authorsHead, className, cfg);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.putAll(org.jfsac.fsac.api.CheckpointRef.record(backbone.checkpoint, out));
        if (backbone.model != null) extra.put("model", backbone.model);
        extra.put("resize", backbone.resize);
        extra.put("imported_from", authorsHead.toAbsolutePath().toString());
        c.save(out, extra);
        System.err.println("wrote " + out + " (the authors' head " + authorsHead + ", preset " + preset + ", gamma1 " + cfg.gamma1 + ")");
        return 0;
    }
}
