package org.jfsac.bench.cuda;

import java.util.SplittableRandom;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;

/**
 * Image-tower latency (batch 1, per image) and throughput (batch 64) in float32 and float16, and the
 * float16 embeddings' error against float32 (same weights, same images): relative L2 error
 * ||e16 - e32|| / ||e32|| over a batch of 8.
 */
final class EncoderBench {
    private EncoderBench() {}

    static final int THROUGHPUT_BATCH = 64;
    static final int ERROR_BATCH = 8;
    static final long WEIGHT_SEED = 42;

    static void run(ImageEncoderFactory factory, Backend fp32, Backend fp16, BenchTable table) {
        float[] e32 = run(factory, fp32, "fp32", table);
        float[] e16 = run(factory, fp16, "fp16", table);
        if (e32 != null && e16 != null && e16.length == e32.length) {
            double diff = 0, ref = 0;
            for (int i = 0; i < e32.length; i++) {
                diff += (e16[i] - (double) e32[i]) * (e16[i] - (double) e32[i]);
                ref += (double) e32[i] * e32[i];
            }
            table.add("model", factory.name(), "fp16 vs fp32", ERROR_BATCH, Math.sqrt(diff / ref), "rel. L2 error");
        }
    }

    /** Times one precision; returns the embeddings of the first ERROR_BATCH images, or null on failure. */
    private static float[] run(ImageEncoderFactory factory, Backend be, String precision, BenchTable table) {
        int s = factory.imageSize(), per = 3 * s * s;
        float[] pixels = new float[THROUGHPUT_BATCH * per];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < pixels.length; i++) pixels[i] = (float) rnd.nextGaussian();
        Buffer images = be.allocate(pixels.length);
        be.upload(pixels, 0, images, 0, pixels.length);
        try (ImageEncoderFactory.ImageEncoder enc = factory.create(be, WEIGHT_SEED)) {
            double latency = Timer.median(be, 3, 20, () -> enc.encode(images, 1).release());
            table.add("model", factory.name(), precision, 1, latency * 1e3, "ms/image");
            double batch = Timer.median(be, 2, 5, () -> enc.encode(images, THROUGHPUT_BATCH).release());
            table.add("model", factory.name(), precision, THROUGHPUT_BATCH, THROUGHPUT_BATCH / batch, "images/s");
            Buffer emb = enc.encode(images, ERROR_BATCH);
            float[] out = new float[emb.size()];
            be.download(emb, 0, out, 0, out.length);
            emb.release();
            return out;
        } catch (RuntimeException e) {
            System.err.println("CudaBench: " + factory.name() + " " + precision + " failed: " + e);
            table.add("model", factory.name() + " (failed)", precision, 0, Double.NaN, "-");
            return null;
        } finally {
            images.release();
        }
    }
}
