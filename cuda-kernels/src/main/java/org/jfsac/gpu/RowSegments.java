package org.jfsac.gpu;

import java.util.Arrays;

/**
 * Scatter-add plan for {@code table[idx[r]] += grad[r]}: the source rows grouped by target row (stable, so
 * duplicates add up in source order). With one writer per target row the kernel needs no atomics and
 * its result does not depend on scheduling.
 *
 * @param src    source rows ordered by target (length = idx.length)
 * @param start  segment s covers src[start[s] .. start[s+1]) (length = segments + 1)
 * @param target the table row of each segment (length = segments)
 */
public record RowSegments(int[] src, int[] start, int[] target) {

    public static RowSegments of(int[] idx) {
        long[] keyed = new long[idx.length];
        for (int r = 0; r < idx.length; r++) keyed[r] = ((long) idx[r] << 32) | r; // sorts by (target, source)
        Arrays.sort(keyed);
        int[] src = new int[idx.length];
        int[] start = new int[idx.length + 1];
        int[] target = new int[idx.length];
        int segs = 0;
        for (int p = 0; p < keyed.length; p++) {
            int t = (int) (keyed[p] >> 32);
            src[p] = (int) keyed[p];
            if (p == 0 || t != target[segs - 1]) {
                target[segs] = t;
                start[segs++] = p;
            }
        }
        start[segs] = idx.length;
        return new RowSegments(src, Arrays.copyOf(start, segs + 1), Arrays.copyOf(target, segs));
    }

    public int segments() { return target.length; }
}
