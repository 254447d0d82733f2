package org.jfsac.fsac.towers;

import org.jfsac.clip.image.ResizeMode;
import org.jfsac.clip.pretrained.CheckpointDownloader;
import org.jfsac.clip.pretrained.PretrainedCatalog;
import org.jfsac.clip.pretrained.PretrainedWeights;
import org.jfsac.clip.tokenizer.ClipTokenizer;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Devices;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A ready {@link ClipBackbone} in one call, as OpenCLIP's {@code create_model_and_transforms} gives a model and its
 * preprocessing: the device is chosen ({@code auto}: CUDA, then an OpenCL GPU, then the CPU; GPUs need
 * {@code jfsac-cuda-kernels} on the class path), the architecture comes from the checkpoint (embedded by
 * {@code jfsac convert}, or inferred from the tensor shapes), the CLIP vocabulary is the bundled one (unless a
 * {@code bpe_simple_vocab_16e6.txt.gz} lies beside the checkpoint or in {@code $JFSAC_HOME}), and images are
 * squashed to the model's size as the CLIP-FSAC++ authors do.
 *
 * <pre>{@code
 * ClipBackbone clip = ClipBackbones.load(Path.of("vit_b_16_plus_240-laion400m_e31-8fb26589.pt"));
 * ClipBackbone clip = ClipBackbones.pretrained("ViT-B-16-plus-240/laion400m_e31");   // downloaded once, verified
 * ClipBackbone clip = ClipBackbones.loader().device("cpu").resize(ResizeMode.SHORTEST_CENTER_CROP).load(path);
 * }</pre>
 */
public final class ClipBackbones {
    private ClipBackbones() {}

    /**
     * Loads a checkpoint with the defaults of {@link #loader()}.
     *
     * @param checkpoint an OpenCLIP checkpoint ({@code .pt} zip or {@code .safetensors})
     * @return the backbone, on the device {@code auto} chose
     * @throws IOException when the checkpoint cannot be read
     */
    public static ClipBackbone load(Path checkpoint) throws IOException { return loader().load(checkpoint); }

    /**
     * Loads a published checkpoint by name with the defaults of {@link #loader()}, downloading it first when it is not
     * in the cache ({@link CheckpointDownloader#defaultCacheDir()}).
     *
     * @param modelSlashTag e.g. {@code ViT-B-16-plus-240/laion400m_e31} (see {@link PretrainedCatalog#openClipLaion400m()})
     * @return the backbone, on the device {@code auto} chose
     * @throws IOException when the download fails or does not match its published checksum
     */
    public static ClipBackbone pretrained(String modelSlashTag) throws IOException { return loader().pretrained(modelSlashTag); }

    /**
     * Settings for loading, each with a default; finish with {@link Loader#load} or {@link Loader#pretrained}.
     *
     * @return a new loader
     */
    public static Loader loader() { return new Loader(); }

    /** The settings of one load. Not thread-safe; the backbones it makes are. */
    public static final class Loader {
        private String device = "auto";
        private Backend backend;
        private String model;
        private Path config;
        private Path vocabulary;
        private ResizeMode resize = ResizeMode.SQUASH;
        private int batch = 8;
        private PretrainedCatalog catalog = PretrainedCatalog.openClipLaion400m();
        private CheckpointDownloader downloader;

        private Loader() {}

        /**
         * The device, as {@link Devices#select} takes it.
         *
         * @param spec {@code auto} (default), {@code cpu}, {@code cuda[:N]} or {@code opencl[:N]}
         * @return this loader
         */
        public Loader device(String spec) { this.device = spec; this.backend = null; return this; }

        /**
         * An already opened backend instead of a device spec.
         *
         * @param backend where the model's weights go
         * @return this loader
         */
        public Loader backend(Backend backend) { this.backend = backend; return this; }

        /**
         * A built-in architecture instead of the checkpoint's own or inferred one.
         *
         * @param name e.g. {@code ViT-B-16-plus-240}, {@code ViT-B-32-quickgelu}
         * @return this loader
         */
        public Loader model(String name) { this.model = name; return this; }

        /**
         * An OpenCLIP model config JSON file instead of a built-in architecture.
         *
         * @param file the config
         * @return this loader
         */
        public Loader config(Path file) { this.config = file; return this; }

        /**
         * A CLIP BPE vocabulary file instead of the one beside the checkpoint or the bundled one.
         *
         * @param bpeGz {@code bpe_simple_vocab_16e6.txt.gz}
         * @return this loader
         */
        public Loader vocabulary(Path bpeGz) { this.vocabulary = bpeGz; return this; }

        /**
         * How images are brought to the model's size.
         *
         * @param mode {@link ResizeMode#SQUASH} (default, the authors') or {@link ResizeMode#SHORTEST_CENTER_CROP} (OpenCLIP's)
         * @return this loader
         */
        public Loader resize(ResizeMode mode) { this.resize = mode; return this; }

        /**
         * Images per forward pass when encoding lists of images.
         *
         * @param images at least 1 (default 8)
         * @return this loader
         */
        public Loader batch(int images) { this.batch = images; return this; }

        /**
         * Where {@link #pretrained} looks names up.
         *
         * @param catalog default {@link PretrainedCatalog#openClipLaion400m()}
         * @return this loader
         */
        public Loader catalog(PretrainedCatalog catalog) { this.catalog = catalog; return this; }

        /**
         * How {@link #pretrained} downloads.
         *
         * @param downloader default {@link CheckpointDownloader#withDefaults} without a listener
         * @return this loader
         */
        public Loader downloader(CheckpointDownloader downloader) { this.downloader = downloader; return this; }

        /**
         * Loads a checkpoint file.
         *
         * @param checkpoint an OpenCLIP checkpoint ({@code .pt} zip or {@code .safetensors})
         * @return the backbone
         * @throws IOException when the checkpoint or the vocabulary cannot be read
         */
        public ClipBackbone load(Path checkpoint) throws IOException { return load(checkpoint, model); }

        private ClipBackbone load(Path checkpoint, String architecture) throws IOException {
            Backend be = backend != null ? backend : Devices.select(device);
            ClipModels.Loaded l = ClipModels.load(be, checkpoint, architecture, config);
            return new ClipBackbone(l.model(), ClipTokenizer.forCheckpoint(vocabulary, checkpoint), resize, l.sha256(), batch);
        }

        /**
         * Loads a published checkpoint by name, downloading and verifying it first when it is not cached. Its
         * architecture is the catalog's unless {@link #model} or {@link #config} says otherwise.
         *
         * @param modelSlashTag e.g. {@code ViT-B-16-plus-240/laion400m_e31}
         * @return the backbone
         * @throws IOException when the download fails or does not match its published checksum
         */
        public ClipBackbone pretrained(String modelSlashTag) throws IOException {
            PretrainedWeights w = catalog.find(modelSlashTag);
            Path file = (downloader != null ? downloader : CheckpointDownloader.withDefaults(null)).fetch(w);
            return load(file, model == null && config == null ? w.config() : model);
        }
    }
}
