package org.jfsac.core.testing;

import org.jfsac.core.tensor.Tensor;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * How a grad-check input of a given shape is produced from its leaf: directly, or as a non-contiguous
 * view of a leaf of another shape (permuted, narrowed or expanded), so ops are exercised on strided
 * inputs and the view ops' backward rules are part of every check. The double side applies the same
 * view with {@link Nd}'s independent (materialising) implementation.
 */
public enum Layout {
    CONTIGUOUS, PERMUTED, NARROWED, EXPANDED,
    /** One of the four above, drawn from the check's seed. */
    RANDOM;

    /** A concrete layout: the leaf's shape and the view applied to it on both sides. */
    public record Realized(int[] leafShape, String description, UnaryOperator<Tensor> tensorView, UnaryOperator<Nd> ndView) {}

    public Realized realize(int[] shape, SplittableRandom rnd) {
        Layout l = this == RANDOM ? values()[rnd.nextInt(4)] : this;
        int r = shape.length;
        switch (l) {
            case PERMUTED -> {
                if (r < 2) break;
                int[] perm = shuffledUntilNotIdentity(r, rnd);
                int[] leaf = new int[r];
                for (int i = 0; i < r; i++) leaf[perm[i]] = shape[i];
                return new Realized(leaf, "permute" + Arrays.toString(perm), t -> t.permute(perm), n -> n.permute(perm));
            }
            case NARROWED -> {
                if (r < 1) break;
                int d = rnd.nextInt(r), extra = 1 + rnd.nextInt(3), start = rnd.nextInt(extra + 1);
                int[] leaf = shape.clone();
                leaf[d] += extra;
                int len = shape[d];
                return new Realized(leaf, "narrow(" + d + "," + start + "," + len + ")", t -> t.narrow(d, start, len), n -> n.narrow(d, start, len));
            }
            case EXPANDED -> {
                int[] big = new int[r];
                int nBig = 0;
                for (int i = 0; i < r; i++) if (shape[i] > 1) big[nBig++] = i;
                if (nBig == 0) break;
                int d = big[rnd.nextInt(nBig)];
                int[] leaf = shape.clone();
                leaf[d] = 1;
                int[] target = shape.clone();
                return new Realized(leaf, "expand" + Arrays.toString(target), t -> t.expand(target), n -> n.expand(target));
            }
            default -> { }
        }
        return new Realized(shape.clone(), "contiguous", t -> t, n -> n);
    }

    private static int[] shuffledUntilNotIdentity(int r, SplittableRandom rnd) {
        int[] p = new int[r];
        for (int i = 0; i < r; i++) p[i] = i;
        for (int i = r - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        if (p[0] == 0 && p[1] == 1) { p[0] = 1; p[1] = 0; }
        return p;
    }
}
