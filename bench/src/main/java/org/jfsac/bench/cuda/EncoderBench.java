package org.jfsac.bench.cuda;

import java.util.SplittableRandom;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;

/** Image-tower latency (batch 1, per image) and throughput (batch 64) for one factory and backend. */
final class EncoderBench {
    private EncoderBench() {}

    static final int THROUGHPUT_BATCH = 64;

    static void run(ImageEncoderFactory factory, Backend be, String precision, BenchTable table) {
        int s = factory.imageSize(), per = 3 * s * s;
        float[] pixels = new float[THROUGHPUT_BATCH * per];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < pixels.length; i++) pixels[i] = (float) rnd.nextGaussian();
        Buffer images = be.allocate(pixels.length);
        be.upload(pixels, 0, images, 0, pixels.length);
        try (ImageEncoderFactory.ImageEncoder enc = factory.create(be, 42)) {
            double latency = Timer.median(be, 3, 20, () -> enc.encode(images, 1));
            table.add("model", factory.name(), precision, 1, latency * 1e3, "ms/image");
            double batch = Timer.median(be, 2, 5, () -> enc.encode(images, THROUGHPUT_BATCH));
            table.add("model", factory.name(), precision, THROUGHPUT_BATCH, THROUGHPUT_BATCH / batch, "images/s");
        } catch (Exception e) {
            table.add("model", factory.name() + " failed: " + e, precision, 0, Double.NaN, "-");
        } finally {
            images.release();
        }
    }
}
