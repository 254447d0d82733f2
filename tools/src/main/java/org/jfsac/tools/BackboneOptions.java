package org.jfsac.tools;

import org.jfsac.clip.config.ClipConfig;
import org.jfsac.clip.tokenizer.ClipTokenizer;
import org.jfsac.core.backend.Backend;
import org.jfsac.fsac.clip.ClipBackbone;
import org.jfsac.fsac.clip.ClipModels;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** How to get a CLIP model: checkpoint, architecture, vocabulary, preprocessing. */
final class BackboneOptions {
    @Option(names = "--checkpoint", paramLabel = "PATH", description = "OpenCLIP checkpoint (.pt zip or .safetensors)")
    Path checkpoint;

    @Option(names = "--model", paramLabel = "NAME", description = "built-in architecture: ViT-B-32-quickgelu, ViT-B-16, ViT-B-16-plus-240, ViT-L-14 (default: from the checkpoint)")
    String model;

    @Option(names = "--model-config", paramLabel = "FILE", description = "OpenCLIP model config JSON instead of --model")
    Path config;

    @Option(names = "--bpe", paramLabel = "FILE", description = "bpe_simple_vocab_16e6.txt.gz (default: beside the checkpoint, then $JFSAC_HOME, then the copy bundled in the jar)")
    Path bpe;

    @Option(names = "--resize", defaultValue = "squash", paramLabel = "MODE",
            description = "squash (convert to RGB, resize to SxS: the authors' choice), shortest (OpenCLIP: shortest side + centre crop) or openclip-squash (OpenCLIP's squash: resize, then convert); default ${DEFAULT-VALUE}")
    String resize;

    /** A model config to use as is unless --model or --config is given (e.g. the one a saved head records), with where it came from. */
    ClipConfig recordedConfig;
    String recordedConfigSource;

    ClipBackbone load(Backend backend) throws IOException {
        if (checkpoint == null) throw new IllegalArgumentException("--checkpoint is required");
        System.err.println("loading " + checkpoint + " ...");
        ClipModels.Loaded l = recordedConfig != null && model == null && config == null
                ? ClipModels.loadWith(backend, checkpoint, recordedConfig, recordedConfigSource)
                : ClipModels.load(backend, checkpoint, model, config);
        System.err.println("model: " + l.configSource() + (l.notes().isEmpty() ? "" : " (" + String.join("; ", l.notes()) + ")"));
        ClipTokenizer tok = ClipTokenizer.forCheckpoint(bpe, checkpoint);
        return new ClipBackbone(l.model(), tok, ClipBackbone.resizeMode(resize), l.sha256(), 8);
    }
}
