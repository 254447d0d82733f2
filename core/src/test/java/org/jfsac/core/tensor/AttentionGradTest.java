package org.jfsac.core.tensor;

import org.jfsac.core.testing.CountingBackend;
import org.jfsac.core.testing.GradCheck;
import org.jfsac.core.testing.Layout;
import org.jfsac.core.testing.Nd;
import org.jfsac.core.testing.RandomShapes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.jfsac.core.testing.GradCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused scaled-dot-product attention against the unfused double definition
 * softmax(scale·q kᵀ + mask, causal keys removed)·v, with Tq ≠ Tk, masks, causal masking and q/k/v that
 * are strided views. Tolerances are GradCheck's defaults: per output element a D-term dot product, a
 * Tk-term softmax and a Tk-term weighted sum (D, Tk ≤ 6), i.e. < 20 float32 roundings in a row.
 */
class AttentionGradTest {

    /** The unfused reference: scores, mask, causal removal, softmax over keys, weighted values. */
    static Nd reference(Nd q, Nd k, Nd v, Nd mask, boolean causal, double scale) {
        Nd raw = q.matmul(k.mT()).mul(scale);
        Nd s = mask == null ? raw : raw.add(mask);
        Nd scores = causal ? Nd.generate(s.shape(), i -> i[3] > i[2] ? Double.NEGATIVE_INFINITY : s.get(i)) : s;
        return scores.softmax(-1).matmul(v);
    }

    private record Dims(int b, int h, int tq, int tk, int d) {
        static Dims draw(String name, long seed, boolean square) {
            RandomShapes rs = new RandomShapes(name, seed);
            int tq = rs.dim(1, 5), tk = square ? tq : rs.dim(1, 6);
            if (!square && tk == tq) tk++; // Tq != Tk
            return new Dims(rs.dim(1, 2), rs.dim(1, 3), tq, tk, rs.dim(1, 5));
        }

        float scale() { return (float) (1 / Math.sqrt(d)); }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void plain(long seed) {
        Dims n = Dims.draw("attention", seed, false);
        float sc = n.scale();
        GradCheck.of("attention Tq=" + n.tq + " Tk=" + n.tk, seed)
                .input(n.b, n.h, n.tq, n.d).input(n.b, n.h, n.tk, n.d).input(n.b, n.h, n.tk, n.d)
                .check(x -> Functional.attention(x.get(0), x.get(1), x.get(2), null, false, sc),
                        x -> reference(x.get(0), x.get(1), x.get(2), null, false, sc));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void causal(long seed) {
        Dims n = Dims.draw("attentionCausal", seed, true);
        float sc = n.scale();
        GradCheck.of("attention causal T=" + n.tq, seed)
                .input(n.b, n.h, n.tq, n.d).input(n.b, n.h, n.tk, n.d).input(n.b, n.h, n.tk, n.d)
                .check(x -> Functional.attention(x.get(0), x.get(1), x.get(2), null, true, sc),
                        x -> reference(x.get(0), x.get(1), x.get(2), null, true, sc));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void additiveMask(long seed) {
        Dims n = Dims.draw("attentionMask", seed, false);
        float sc = n.scale();
        GradCheck.of("attention mask Tq=" + n.tq + " Tk=" + n.tk, seed)
                .input(n.b, n.h, n.tq, n.d).input(n.b, n.h, n.tk, n.d).input(n.b, n.h, n.tk, n.d)
                .constant(new int[]{n.tq, n.tk}, uniform(-3, 1))
                .check(x -> Functional.attention(x.get(0), x.get(1), x.get(2), x.get(3), false, sc),
                        x -> reference(x.get(0), x.get(1), x.get(2), x.get(3), false, sc));
        Dims c = Dims.draw("attentionMaskCausal", seed, true);
        float cs = c.scale();
        GradCheck.of("attention mask + causal T=" + c.tq, seed)
                .input(c.b, c.h, c.tq, c.d).input(c.b, c.h, c.tk, c.d).input(c.b, c.h, c.tk, c.d)
                .constant(new int[]{c.tq, c.tk}, uniform(-3, 1))
                .check(x -> Functional.attention(x.get(0), x.get(1), x.get(2), x.get(3), true, cs),
                        x -> reference(x.get(0), x.get(1), x.get(2), x.get(3), true, cs));
    }

    /** q, k, v as heads split from [B, T, H, D] projections (permute(0,2,1,3)), as in multi-head attention. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void stridedHeadViews(long seed) {
        Dims n = Dims.draw("attentionStrided", seed, false);
        float sc = n.scale();
        int[] q = {n.b, n.tq, n.h, n.d}, kv = {n.b, n.tk, n.h, n.d};
        GradCheck.of("attention q/k/v permute(0,2,1,3) Tq=" + n.tq + " Tk=" + n.tk, seed)
                .input(q, uniform(-2, 2), Layout.CONTIGUOUS).input(kv, uniform(-2, 2), Layout.CONTIGUOUS).input(kv, uniform(-2, 2), Layout.CONTIGUOUS)
                .check(x -> Functional.attention(x.get(0).permute(0, 2, 1, 3), x.get(1).permute(0, 2, 1, 3), x.get(2).permute(0, 2, 1, 3), null, false, sc),
                        x -> reference(x.get(0).permute(0, 2, 1, 3), x.get(1).permute(0, 2, 1, 3), x.get(2).permute(0, 2, 1, 3), null, false, sc));
        // last dimension not unit-stride (k stored as [B, H, D, T]): the op must copy it first, still correctly
        int[] kt = {n.b, n.h, n.d, n.tk};
        GradCheck.of("attention k from [B,H,D,T].mT()", seed)
                .input(new int[]{n.b, n.h, n.tq, n.d}).input(kt, uniform(-2, 2), Layout.CONTIGUOUS).input(n.b, n.h, n.tk, n.d)
                .check(x -> Functional.attention(x.get(0), x.get(1).mT(), x.get(2), null, false, sc),
                        x -> reference(x.get(0), x.get(1).mT(), x.get(2), null, false, sc));
    }

    /** Head views whose last dimension is dense go to the kernel as they are: no copies. */
    @Test
    void headViewsAreNotCopied() {
        CountingBackend cb = new CountingBackend();
        Tensor qkv = Tensor.zeros(cb.backend(), 2, 5, 3, 2, 4); // [B, T, 3, H, D]
        cb.reset();
        Tensor q = qkv.select(2, 0).permute(0, 2, 1, 3), k = qkv.select(2, 1).permute(0, 2, 1, 3), v = qkv.select(2, 2).permute(0, 2, 1, 3);
        Tensor o = Functional.attention(q, k, v, null, true, 0.5f);
        assertEquals(1, cb.count("attention"), cb.counts().toString());
        assertEquals(0, cb.count("copy"), cb.counts().toString());
        assertTrue(o.permute(0, 2, 1, 3).isContiguous(), "output is laid out [B, T, H, D] so merging heads is free");
    }
}
