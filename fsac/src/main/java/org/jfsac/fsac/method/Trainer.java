package org.jfsac.fsac.method;

import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.clip.image.RgbImage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Joint training of the adapters and the Anomaly Descriptor (Sec. III-D): Adam with one learning rate for
 * the image side and one for the text adapter; each step takes b normal images and one fresh synthetic
 * anomaly of each. Encoders are frozen, so normal features are computed once, and the synthetic anomalies,
 * which do not depend on training, are synthesised and encoded ahead in chunks ({@link AnomalyFeatureQueue}).
 *
 * <p>Random streams, each from the seed alone, so none depends on another's use nor on the encode chunk:
 * <ul>
 * <li>synthesis: {@code new SplittableRandom(seed)}, consumed image by image in step order (with a
 *     {@link FsacConfig#synthesisPool pool}: its first {@code split()} makes the pool, the rest picks from it);</li>
 * <li>shuffles: {@code new SplittableRandom(seed ^ SHUFFLE_SALT)}, one Fisher–Yates permutation per epoch
 *     (none with {@link FsacConfig#sortedOrder});</li>
 * <li>head initialisation: the caller's ({@code FsacClassifier} uses {@code new Rng(seed)}).</li>
 * </ul>
 * Earlier versions drew shuffles and synthesis from one stream in turn; with one shot or sorted order a
 * shuffle draws nothing, so those runs are unchanged, while shuffled runs with k ≥ 2 now get other (equally
 * random) orders and anomalies.
 */
public final class Trainer {
    /** Turns images into raw CLIP image features [N, C] (frozen encoder, no graph). */
    public interface Encoder extends Function<List<RgbImage>, Tensor> {}

    /** Called after every epoch; returning normally continues training. */
    public interface EpochListener {
        void epochDone(int epoch, double meanLoss, FsacHead head);

        /** Asked after {@link #epochDone}: true ends training there (the authors' early stop). */
        default boolean stopTraining() { return false; }
    }

    private final FsacConfig cfg;
    private final Encoder encoder;
    private final Synthesizer synthesizer;

    /** Images synthesised and encoded per encoder call unless told otherwise. */
    public static final int DEFAULT_ENCODE_CHUNK = 32;
    /** Mixed into the seed for the shuffle stream (any constant; fixed so runs repeat). */
    public static final long SHUFFLE_SALT = 0x5EED_5F1E_D0C5_A11EL;

    private final int encodeChunk;

    public Trainer(FsacConfig cfg, Encoder encoder, Synthesizer synthesizer) {
        this(cfg, encoder, synthesizer, DEFAULT_ENCODE_CHUNK);
    }

    /**
     * @param encodeChunk synthetic anomalies made and encoded per encoder call (≥ 1); it bounds memory to that
     *                    many decoded images and changes nothing in the result when the encoder gives an image
     *                    the same features whatever batch it is in
     */
    public Trainer(FsacConfig cfg, Encoder encoder, Synthesizer synthesizer, int encodeChunk) {
        if (encodeChunk < 1) throw new IllegalArgumentException("encode chunk must be at least 1, got " + encodeChunk);
        this.cfg = cfg;
        this.encoder = encoder;
        this.synthesizer = synthesizer;
        this.encodeChunk = encodeChunk;
    }

    /**
     * Trains head in place.
     * @param prototypes   raw text prototypes [T+; T−] (2×C)
     * @param normals      the k normal images
     * @param normalFeats  their raw features [k, C]
     * @return the mean loss of each epoch
     */
    public List<Double> train(FsacHead head, Tensor prototypes, List<RgbImage> normals, Tensor normalFeats, long seed,
                              EpochListener listener) {
        int k = normals.size();
        if (k == 0) throw new IllegalArgumentException("training needs at least one normal image");
        if (normalFeats.size(0) != k) throw new IllegalArgumentException(k + " normal images but " + normalFeats.size(0) + " feature rows");
        HeadTrainer opt = new HeadTrainer(head, prototypes, cfg);
        SplittableRandom synthRng = new SplittableRandom(seed);
        SplittableRandom shuffleRng = new SplittableRandom(seed ^ SHUFFLE_SALT);
        SyntheticPool pool = cfg.synthesisPool > 0 ? new SyntheticPool(normals, cfg.synthesisPool, synthesizer, encoder, synthRng.split()) : null;
        // the authors' DataLoader has shuffle=False: the shots in the caller's (sorted) order every epoch
        int[][] orders = new int[cfg.epochs][];
        for (int e = 0; e < cfg.epochs; e++) orders[e] = cfg.sortedOrder ? identity(k) : permutation(k, shuffleRng);
        AnomalyFeatureQueue fresh = pool != null ? null
                : new AnomalyFeatureQueue(normals, concat(orders), synthesizer, encoder, synthRng, encodeChunk);
        int b = cfg.batchSize(k);
        List<Double> history = new ArrayList<>();
        for (int epoch = 0; epoch < cfg.epochs; epoch++) {
            int[] order = orders[epoch];
            double sum = 0;
            int steps = 0;
            for (int start = 0; start < k; start += b) {
                int n = Math.min(b, k - start);
                int[] idx = java.util.Arrays.copyOfRange(order, start, start + n);
                Tensor fn = rows(normalFeats, idx);
                Tensor fa = pool != null ? pool.draw(idx, synthRng) : fresh.next(n);
                sum += opt.step(fn, fa).total().item();
                steps++;
            }
            double mean = sum / steps;
            history.add(mean);
            if (listener != null) {
                listener.epochDone(epoch, mean, head);
                if (listener.stopTraining()) break;
            }
        }
        head.train(false);
        return history;
    }

    static Tensor rows(Tensor t, int[] idx) {
        List<Tensor> parts = new ArrayList<>(idx.length);
        for (int i : idx) parts.add(t.narrow(0, i, 1));
        return Tensor.concat(0, parts);
    }

    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static int[] concat(int[][] parts) {
        return java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
    }

    static int[] identity(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    /** Pre-generated synthetic anomalies (poolSize per normal image), encoded once. */
    static final class SyntheticPool {
        private final Tensor feats; // [k * poolSize, C], row i*poolSize + j
        private final int poolSize;

        SyntheticPool(List<RgbImage> normals, int poolSize, Synthesizer synth, Encoder enc, SplittableRandom rng) {
            this.poolSize = poolSize;
            List<RgbImage> all = new ArrayList<>();
            for (RgbImage img : normals) for (int j = 0; j < poolSize; j++) all.add(synth.synthesize(img, rng));
            try (GradMode g = GradMode.noGrad()) {
                feats = enc.apply(all);
            }
        }

        Tensor draw(int[] idx, SplittableRandom rng) {
            int[] rows = new int[idx.length];
            for (int i = 0; i < idx.length; i++) rows[i] = idx[i] * poolSize + rng.nextInt(poolSize);
            return Trainer.rows(feats, rows);
        }
    }
}
