package org.jfsac.core.tensor;

import org.jfsac.core.testing.GradCheck;
import org.jfsac.core.testing.Nd;
import org.jfsac.core.testing.RandomShapes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Views and copies (reshape, permute, transpose, narrow, select, unsqueeze, squeeze, expand, contiguous,
 * flatten) and the gathering ops (concat, stack, gatherRows), each on random layouts. These move values
 * without arithmetic, so forward values must be exact and gradients are sums of at most a few R values:
 * tolerances are GradCheck's defaults, observed errors are ~1e-8 (the float rounding of R's products).
 */
class ShapeGradTest {
    private static int[] perm(RandomShapes rs, int r) {
        int[] p = new int[r];
        for (int i = 0; i < r; i++) p[i] = i;
        for (int i = r - 1; i > 0; i--) {
            int j = rs.dim(0, i), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void views(long seed) {
        RandomShapes rs = new RandomShapes("views", seed);
        int[] s = rs.shape(2, 4, 5);
        int r = s.length, d = rs.axis(r), e = (d + 1) % r;
        int[] p = perm(rs, r);
        int len = rs.dim(1, s[d]), start = rs.dim(0, s[d] - len), i = rs.dim(0, s[d] - 1);
        GradCheck.of("reshape(-1)", seed).input(s).check(x -> x.get(0).reshape(-1), x -> x.get(0).reshape(x.get(0).numel()));
        int[] split = {s[0], -1};
        GradCheck.of("reshape(s0, -1)", seed).input(s).check(x -> x.get(0).reshape(split), x -> x.get(0).reshape(s[0], x.get(0).numel() / s[0]));
        GradCheck.of("permute" + Arrays.toString(p), seed).input(s).check(x -> x.get(0).permute(p), x -> x.get(0).permute(p));
        GradCheck.of("transpose(" + d + "," + e + ")", seed).input(s).check(x -> x.get(0).transpose(d, e), x -> x.get(0).transpose(d, e));
        GradCheck.of("narrow(" + d + "," + start + "," + len + ")", seed).input(s).check(x -> x.get(0).narrow(d, start, len), x -> x.get(0).narrow(d, start, len));
        GradCheck.of("select(" + d + "," + i + ")", seed).input(s).check(x -> x.get(0).select(d, i), x -> x.get(0).select(d, i));
        GradCheck.of("unsqueeze(" + d + ")", seed).input(s).check(x -> x.get(0).unsqueeze(d), x -> x.get(0).unsqueeze(d));
        GradCheck.of("unsqueeze(-1)", seed).input(s).check(x -> x.get(0).unsqueeze(-1), x -> x.get(0).unsqueeze(r));
        GradCheck.of("contiguous", seed).input(s).check(x -> x.get(0).contiguous(), x -> x.get(0));
        GradCheck.of("flatten(0, -1)", seed).input(s).check(x -> x.get(0).flatten(0, -1), x -> x.get(0).reshape(x.get(0).numel()));
        int[] merged = s.clone();
        GradCheck.of("flatten(" + (r - 2) + ", " + (r - 1) + ")", seed).input(s).check(x -> x.get(0).flatten(r - 2, r - 1), x -> {
            int[] m = Arrays.copyOf(merged, r - 1);
            m[r - 2] = merged[r - 2] * merged[r - 1];
            return x.get(0).reshape(m);
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void squeezeAndExpand(long seed) {
        RandomShapes rs = new RandomShapes("squeeze", seed);
        int[] s = rs.shape(2, 4, 4);
        int d = rs.axis(s.length);
        s[d] = 1;
        GradCheck.of("squeeze(" + d + ")", seed).input(s).check(x -> x.get(0).squeeze(d), x -> x.get(0).squeeze(d));
        int[] big = new int[s.length + 1];
        big[0] = 3;
        for (int k = 0; k < s.length; k++) big[k + 1] = s[k] == 1 ? rs.dim(2, 4) : s[k];
        GradCheck.of("expand" + Arrays.toString(big), seed).input(s).check(x -> x.get(0).expand(big), x -> x.get(0).expand(big));
    }

    @Test
    void viewsShareMemoryAndCopiesDoNot() {
        Tensor x = Tensor.of(new float[]{0, 1, 2, 3, 4, 5}, 2, 3);
        Tensor t = x.mT();
        assertFalse(t.isContiguous());
        Tensor c = t.contiguous();
        assertSame(c, c.contiguous(), "contiguous() of a contiguous tensor is the tensor itself");
        assertArrayEquals(new float[]{0, 3, 1, 4, 2, 5}, c.toArray());
        x.assign(Tensor.of(new float[]{9, 9, 9, 9, 9, 9}, 2, 3));
        assertArrayEquals(new float[]{9, 9, 9, 9, 9, 9}, t.toArray(), "the transposed view sees the write");
        assertArrayEquals(new float[]{0, 3, 1, 4, 2, 5}, c.toArray(), "the contiguous copy does not");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void concatAndStack(long seed) {
        RandomShapes rs = new RandomShapes("concat", seed);
        int[] s = rs.shape(1, 3, 4);
        int d = rs.axis(s.length);
        int[] a = s.clone(), b = s.clone(), c = s.clone();
        a[d] = rs.dim(1, 3);
        b[d] = rs.dim(1, 3);
        c[d] = rs.dim(1, 3);
        GradCheck.of("concat(" + d + ")", seed).input(a).input(b).input(c)
                .check(x -> Tensor.concat(d, x), x -> Nd.concat(d, x.toArray(new Nd[0])));
        int sd = rs.dim(0, s.length); // stack may insert the new axis after the last one
        GradCheck.of("stack(" + sd + ")", seed).input(s).input(s)
                .check(x -> Tensor.stack(sd, x), x -> Nd.stack(sd, x.toArray(new Nd[0])));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void gatherRowsWithDuplicates(long seed) {
        RandomShapes rs = new RandomShapes("gatherRows", seed);
        int rows = rs.dim(3, 6), cols = rs.dim(1, 5);
        // the last row repeated three times and row 0 twice: their gradients must accumulate
        int[] idx = {rows - 1, 0, rows - 1, 1, rows - 1, 0};
        GradCheck.of("gatherRows" + Arrays.toString(idx), seed).input(rows, cols)
                .check(x -> Tensor.gatherRows(x.get(0), idx), x -> x.get(0).gatherRows(idx));
    }

    @Test
    void gatherRowsGradientCountsRepeats() {
        Tensor table = Tensor.zeros(3, 2).requiresGrad(true);
        Tensor.gatherRows(table, new int[]{2, 2, 0, 2}).sum().backward();
        assertArrayEquals(new float[]{1, 1, 0, 0, 3, 3}, table.grad().toArray());
    }
}
