package org.jfsac.tools;

import org.jfsac.clip.config.ClipConfig;
import org.jfsac.clip.pretrained.CheckpointDownloader;
import org.jfsac.clip.pretrained.PretrainedCatalog;
import org.jfsac.clip.pretrained.PretrainedWeights;
import org.jfsac.clip.tokenizer.ClipTokenizer;
import org.jfsac.core.backend.Backend;
import org.jfsac.fsac.pipeline.DistributedRunner;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.towers.ClipModels;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;

/** How to get a CLIP model: checkpoint, architecture, vocabulary, preprocessing. */
final class BackboneOptions {
    @Option(names = "--checkpoint", paramLabel = "PATH", description = "OpenCLIP checkpoint (.pt zip or .safetensors)")
    Path checkpoint;

    /** Set by --pretrained: the catalog entry; {@link #checkpoint} is then its place in the cache. */
    PretrainedWeights pretrained;

    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    @Option(names = "--pretrained", paramLabel = "MODEL/TAG",
            description = "a published OpenCLIP checkpoint instead of --checkpoint, downloaded once into $JFSAC_HOME/checkpoints "
                    + "(or ~/.cache/jfsac/checkpoints) and verified, e.g. ViT-B-16-plus-240/laion400m_e31 (LAION-400M: ViT-B-32, "
                    + "ViT-B-16, ViT-B-16-plus-240, ViT-L-14; laion400m_e31 or laion400m_e32)")
    void pretrained(String name) {
        if (checkpoint != null) throw new ParameterException(spec.commandLine(), "give --checkpoint or --pretrained, not both");
        try {
            pretrained = PretrainedCatalog.openClipLaion400m().find(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--pretrained: " + e.getMessage());
        }
        checkpoint = CheckpointDownloader.defaultCacheDir().resolve(pretrained.fileName());
    }

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
        if (checkpoint == null) throw new IllegalArgumentException("--checkpoint (or --pretrained) is required");
        if (pretrained != null) fetchPretrained();
        System.err.println("loading " + checkpoint + " ...");
        String arch = architecture();
        ClipModels.Loaded l = recordedConfig != null && model == null && config == null
                ? ClipModels.loadWith(backend, checkpoint, recordedConfig, recordedConfigSource)
                : ClipModels.load(backend, checkpoint, arch, config);
        System.err.println("model: " + l.configSource() + (l.notes().isEmpty() ? "" : " (" + String.join("; ", l.notes()) + ")"));
        ClipTokenizer tok = ClipTokenizer.forCheckpoint(bpe, checkpoint);
        return new ClipBackbone(l.model(), tok, ClipBackbone.resizeMode(resize), l.sha256(), 8);
    }

    /** The architecture name asked for: --model, or the --pretrained entry's unless --model-config is given. */
    private String architecture() {
        return model == null && config == null && pretrained != null ? pretrained.config() : model;
    }

    /** What another JVM needs to load the same backbone as {@link #load} did (for ./jfsac run --spark). */
    DistributedRunner.BackboneSource source(ClipBackbone loaded) {
        if (recordedConfig != null) throw new IllegalStateException("a recorded model config cannot be sent to other JVMs");
        return new DistributedRunner.BackboneSource(checkpoint.toAbsolutePath().toString(), architecture(),
                config == null ? null : config.toAbsolutePath().toString(), bpe == null ? null : bpe.toAbsolutePath().toString(), resize, loaded.batch());
    }

    private void fetchPretrained() throws IOException {
        CheckpointDownloader d = CheckpointDownloader.withDefaults(new DownloadProgress());
        if (!checkpoint.equals(d.cachedPath(pretrained))) throw new IllegalArgumentException("give --checkpoint or --pretrained, not both");
        d.fetch(pretrained);
    }
}
