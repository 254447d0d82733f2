package org.jfsac.core.testing;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Small random shapes for grad checks (seeded; the check prints what it drew). */
public final class RandomShapes {
    private final SplittableRandom rnd;

    /** Shapes drawn from (name, seed), so each op of a parameterised test gets its own shapes. */
    public RandomShapes(String name, long seed) { rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode()); }

    public int dim(int lo, int hi) { return lo + rnd.nextInt(hi - lo + 1); }

    /** Rank in [minRank, maxRank], each dimension in [1, maxDim]. */
    public int[] shape(int minRank, int maxRank, int maxDim) {
        int[] s = new int[dim(minRank, maxRank)];
        for (int i = 0; i < s.length; i++) s[i] = dim(1, maxDim);
        return s;
    }

    /** A shape that broadcasts against s: some leading dimensions dropped, some others set to 1. */
    public int[] broadcastPartner(int[] s) {
        int drop = s.length == 0 ? 0 : rnd.nextInt(s.length + 1) / 2;
        int[] p = Arrays.copyOfRange(s, drop, s.length);
        for (int i = 0; i < p.length; i++) if (rnd.nextInt(3) == 0) p[i] = 1;
        return p;
    }

    /** Which of a and b gets the broadcast partner is random too. */
    public int[][] broadcastPair(int minRank, int maxRank, int maxDim) {
        int[] s = shape(minRank, maxRank, maxDim), p = broadcastPartner(s);
        return rnd.nextBoolean() ? new int[][]{s, p} : new int[][]{p, s};
    }

    public int axis(int rank) { return rnd.nextInt(rank); }

    public boolean coin() { return rnd.nextBoolean(); }
}
