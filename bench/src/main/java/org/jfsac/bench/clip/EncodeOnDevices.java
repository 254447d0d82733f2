package org.jfsac.bench.clip;

import org.jfsac.bench.SideBySide;
import org.jfsac.bench.cuda.ImageEncoderFactory;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.backend.View;

/**
 * One image tower on several backends in the same run, relative to the first (default: ViT-B-16,
 * batch 1, cpu then opencl). Usage: EncodeOnDevices [model] [batch] [reps] [device...]
 */
public final class EncodeOnDevices {
    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "ViT-B-16";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String[] devices = args.length > 3 ? java.util.Arrays.copyOfRange(args, 3, args.length) : new String[]{"cpu", "opencl"};
        ImageEncoderFactory f = model.equals("ViT-B-16") ? new ClipImageEncoders.VitB16() : new ClipImageEncoders.VitB16Plus240();
        int s = f.imageSize();
        double base = Double.NaN;
        System.out.printf("%n%s image tower, batch %d, random weights%n%n| backend | ms per batch | relative to %s |%n|---|---:|---:|%n", model, batch, devices[0]);
        for (String d : devices) {
            Backend be;
            try {
                be = Devices.select(d);
            } catch (RuntimeException e) {
                System.out.printf("| %s | unavailable: %s | |%n", d, e.getMessage());
                continue;
            }
            Buffer img = be.allocate(batch * 3 * s * s);
            be.fill(View.contiguous(img, batch * 3 * s * s), 0.25f);
            try (ImageEncoderFactory.ImageEncoder enc = f.create(be, 1)) {
                double ms = SideBySide.medianMs(() -> {
                    Buffer out = enc.encode(img, batch);
                    float[] host = new float[out.size()];
                    be.download(out, 0, host, 0, host.length);
                    out.release();
                }, 1, reps);
                if (Double.isNaN(base)) base = ms;
                System.out.printf("| %s (%s) | %.1f | %.2f |%n", be.name(), be.describe(), ms, ms / base);
            }
            img.release();
        }
    }
}
