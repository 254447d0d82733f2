package org.jfsac.bench.peers;

import org.jfsac.core.backend.Devices;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.towers.ClipModel;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Checks that ONNX Runtime and jfsac give open_clip's image-tower output on the weights and input export_onnx.py
 * wrote (NAME.input.npy → NAME.embed.npy). Tolerance 1e-4 of the largest |value| (max-abs relative): float32
 * through 12 blocks with different summation orders; the OpenCLIP parity fixtures use the same 1e-4.
 * Usage: OrtCheck DIR [MODEL ...]. Exits 1 when a difference exceeds it.
 */
public final class OrtCheck {
    static final double TOLERANCE = 1e-4;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String[] models = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : PeerFiles.MODELS;
        boolean ok = true;
        for (String name : models) {
            PeerFiles f = new PeerFiles(dir, name);
            HostTensor x = f.input();
            float[] ref = f.openClipEmbedding().data();
            int b = x.dim(0), s = x.dim(2);
            float[] ort;
            try (OrtTower t = new OrtTower(f.onnx(), s, 2)) {
                ort = flat(t.encode(x.data(), b));
            }
            ClipModel m = f.loadJfsac(Devices.cpu());
            float[] jf;
            try (GradMode g = GradMode.noGrad()) {
                jf = m.encodeImage(Tensor.of(Devices.cpu(), x.data(), x.shape())).toArray();
            }
            double eo = PeerFiles.maxRelative(ort, ref), ej = PeerFiles.maxRelative(jf, ref), ejo = PeerFiles.maxRelative(jf, ort);
            System.out.printf("%s batch %d: ORT vs open_clip %.2e, jfsac vs open_clip %.2e, jfsac vs ORT %.2e (max |diff| / max |ref|, tolerance %.0e)%n",
                    name, b, eo, ej, ejo, TOLERANCE);
            ok &= eo <= TOLERANCE && ej <= TOLERANCE;
        }
        if (!ok) {
            System.out.println("FAILED: a difference exceeds the tolerance");
            System.exit(1);
        }
    }

    static float[] flat(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, out, i * rows[0].length, rows[0].length);
        return out;
    }
}
