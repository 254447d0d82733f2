package org.jfsac.bench.peers;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.backend.View;
import org.jfsac.core.io.ElementType;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.SafeTensors;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.towers.ClipModel;
import org.jfsac.fsac.towers.ClipModels;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 14, goal 4: what bf16 would do to the image embeddings, emulated on a CPU without bf16 instructions.
 * <ul>
 *   <li><b>weights</b>: every parameter rounded to bf16 (round to nearest even), everything else float32;</li>
 *   <li><b>GEMM operands</b>: both operands of every GEMM (linear layers, patch embedding) and q, k, v of attention
 *       rounded to bf16 as they enter, products accumulated in float32: what AVX512_BF16 ({@code vdpbf16ps}) or AMX
 *       kernels (oneDNN) compute.</li>
 * </ul>
 * Reports ‖e − e₃₂‖ / ‖e₃₂‖ over the batch, the worst image, and the lowest cosine similarity, for the exported
 * models (export_onnx.py's NAME.input.npy plus 2 random images) and the demo model (64 px).
 * Usage: Bf16Error DIR [demoCheckpointDir]; with the second argument it also writes the demo model's weights in
 * float32 and bf16-rounded (demo-fp32.safetensors, demo-bf16.safetensors) for `jfsac demo --checkpoint`.
 */
public final class Bf16Error {
    /** float32 → nearest bf16 (ties to even), kept in a float. */
    static float bf16(float f) {
        if (Float.isNaN(f)) return f;
        int b = Float.floatToRawIntBits(f);
        b += 0x7FFF + ((b >>> 16) & 1);
        return Float.intBitsToFloat(b & 0xFFFF0000);
    }

    /** Rounds GEMM and attention operands to bf16 on the way in when {@link #on}. */
    private static final class Rounding implements BackendTap.Hook {
        volatile boolean on;

        @Override public Object call(Backend target, Method m, Object[] a) throws Throwable {
            List<Buffer> temps = new ArrayList<>();
            if (on && m.getName().equals("gemm")) {
                a[6] = rounded(target, (Buffer) a[6], temps);
                a[10] = rounded(target, (Buffer) a[10], temps);
            } else if (on && m.getName().equals("attention")) {
                for (int i = 0; i < 3; i++) {
                    View v = (View) a[i];
                    a[i] = new View(rounded(target, v.buffer(), temps), v.shape(), v.strides(), v.offset());
                }
            }
            try {
                return BackendTap.invoke(target, m, a);
            } finally {
                temps.forEach(Buffer::release);
            }
        }

        static Buffer rounded(Backend target, Buffer b, List<Buffer> temps) {
            float[] h = new float[b.size()];
            target.download(b, 0, h, 0, h.length);
            for (int i = 0; i < h.length; i++) h[i] = bf16(h[i]);
            Buffer r = target.allocate(h.length);
            target.upload(h, 0, r, 0, h.length);
            temps.add(r);
            return r;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Rounding rounding = new Rounding();
        Backend be = BackendTap.wrap(Devices.cpu(), rounding);
        System.out.println("| model | bf16 where | ‖e − e32‖ / ‖e32‖ (batch) | worst image | lowest cosine |");
        System.out.println("|---|---|---:|---:|---:|");
        for (String name : PeerFiles.MODELS) {
            PeerFiles f = new PeerFiles(dir, name);
            ClipModel m = ClipModels.load(be, f.checkpoint(), name, null).model().freeze();
            HostTensor ref = f.input();
            int s = m.imageSize();
            float[] extra = new Rng(9).normal(Devices.cpu(), 0, 1, 2, 3, s, s).toArray();
            float[] px = new float[ref.numel() + extra.length];
            System.arraycopy(ref.data(), 0, px, 0, ref.numel());
            System.arraycopy(extra, 0, px, ref.numel(), extra.length);
            compare(name, m, rounding, Tensor.of(be, px, px.length / (3 * s * s), 3, s, s));
        }
        ClipModel demo = new ClipModel(be, DemoModel.config(64), new Rng(0)).freeze();
        compare("demo (64 px, seed 0)", demo, rounding, new Rng(9).normal(be, 0, 1, 8, 3, 64, 64));
        if (args.length > 1) writeDemo(demo, Path.of(args[1]));
    }

    private static void compare(String name, ClipModel m, Rounding rounding, Tensor x) {
        float[] e32 = encode(m, x);
        rounding.on = true;
        float[] eOps = encode(m, x);
        rounding.on = false;
        Map<Tensor, Tensor> saved = roundWeights(m);
        float[] eW = encode(m, x);
        saved.forEach(Tensor::assign);
        int n = x.shape()[0];
        row(name, "weights only", e32, eW, n);
        row(name, "GEMM + attention operands (fp32 accumulation)", e32, eOps, n);
    }

    private static Map<Tensor, Tensor> roundWeights(ClipModel m) {
        Map<Tensor, Tensor> saved = new LinkedHashMap<>();
        for (Tensor p : m.parameters()) {
            float[] v = p.toArray();
            saved.put(p, Tensor.of(p.backend(), v.clone(), p.shape()));
            for (int i = 0; i < v.length; i++) v[i] = bf16(v[i]);
            p.assign(Tensor.of(p.backend(), v, p.shape()));
        }
        return saved;
    }

    private static float[] encode(ClipModel m, Tensor x) {
        try (GradMode g = GradMode.noGrad()) {
            return m.encodeImage(x).toArray();
        }
    }

    private static void row(String model, String where, float[] ref, float[] got, int n) {
        int d = ref.length / n;
        double num = 0, den = 0, worst = 0, cosMin = 1;
        for (int i = 0; i < n; i++) {
            double ni = 0, di = 0, dot = 0, g2 = 0;
            for (int j = i * d; j < (i + 1) * d; j++) {
                double e = got[j] - ref[j];
                ni += e * e;
                di += (double) ref[j] * ref[j];
                dot += (double) ref[j] * got[j];
                g2 += (double) got[j] * got[j];
            }
            num += ni;
            den += di;
            worst = Math.max(worst, Math.sqrt(ni / di));
            cosMin = Math.min(cosMin, dot / Math.sqrt(di * g2));
        }
        System.out.printf("| %s | %s | %.2e | %.2e | %.6f |%n", model, where, Math.sqrt(num / den), worst, cosMin);
    }

    private static void writeDemo(ClipModel demo, Path out) throws java.io.IOException {
        java.nio.file.Files.createDirectories(out);
        for (boolean round : new boolean[]{false, true}) {
            Map<String, HostTensor> t = new LinkedHashMap<>();
            demo.namedParameters().forEach((k, p) -> {
                float[] v = p.toArray();
                if (round) for (int i = 0; i < v.length; i++) v[i] = bf16(v[i]);
                t.put(k, new HostTensor(p.shape(), v));
            });
            Path file = out.resolve(round ? "demo-bf16.safetensors" : "demo-fp32.safetensors");
            SafeTensors.write(file, t, Map.of(ClipModels.CONFIG_METADATA_KEY, demo.config.toJson()), ElementType.FLOAT32);
            System.out.println("wrote " + file);
        }
    }
}
