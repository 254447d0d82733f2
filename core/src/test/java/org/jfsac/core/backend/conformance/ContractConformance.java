package org.jfsac.core.backend.conformance;

import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.ReduceOp;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The contract around the arithmetic, where backends used to differ: transfers with offsets, uploads that
 * leave the host array free at once, empty shapes (no work, nothing written), and the errors for bad
 * arguments (the same exception type on every backend).
 */
public final class ContractConformance extends BackendConformance {

    @Check
    void uploadAndDownloadWithOffsets() {
        float[] host = uniform(1000, -1, 1);
        Buffer buf = nans(600);
        backend().upload(host, 100, buf, 50, 500);
        float[] back = new float[520];
        backend().download(buf, 50, back, 20, 500);
        for (int i = 0; i < 500; i++) assertEquals(host[100 + i], back[20 + i], 0f, on("element " + i));
        assertThrows(IndexOutOfBoundsException.class, () -> backend().upload(host, 0, buf, 200, 401));
        assertThrows(IndexOutOfBoundsException.class, () -> backend().download(buf, 0, back, 0, 521));
    }

    /** Uploads may return before the device has read the data: the host array must be reusable at once. */
    @Check
    void hostArrayMayChangeRightAfterUpload() {
        float[] host = new float[4096];
        Buffer[] bufs = new Buffer[20];
        for (int k = 0; k < bufs.length; k++) {
            Arrays.fill(host, k);
            bufs[k] = nans(host.length);
            backend().upload(host, 0, bufs[k], 0, host.length);
        }
        Arrays.fill(host, -1f);
        for (int k = 0; k < bufs.length; k++) {
            for (float v : read(bufs[k])) assertEquals(k, v, 0f, on("buffer " + k));
        }
    }

    @Check
    void emptyBuffersAndIdempotentRelease() {
        Buffer empty = backend().allocate(0);
        assertEquals(0, empty.size());
        backend().download(empty, 0, new float[0], 0, 0);
        empty.release();
        empty.release();
        Buffer x = backend().allocate(8);
        x.release();
        x.release();
    }

    /** Ops over empty shapes return without touching their (NaN-filled) outputs. */
    @Check
    void emptyShapesAreNoOps() {
        Buffer x = nans(16), y = nans(16), mean = nans(4), rstd = nans(4);
        backend().unary(UnaryOp.EXP, 0f, View.contiguous(x, 0, 4), y);
        backend().reduce(ReduceOp.SUM, x, 0, 0, 4, 4, y);
        backend().reduce(ReduceOp.MAX, x, 0, 4, 4, 0, y);
        backend().softmax(x, y, 0, 4, false);
        backend().softmax(x, y, 4, 0, true);
        backend().layerNorm(x, null, null, y, mean, rstd, 0, 4, 1e-5f);
        backend().gemm(false, false, 0, 4, 4, 1f, x, 0, 4, 0, x, 0, 4, 0, 0f, y, 0, 4, 0, 1);
        backend().gemm(false, false, 4, 4, 4, 1f, x, 0, 4, 0, x, 0, 4, 0, 0f, y, 0, 4, 0, 0);
        backend().gatherRows(x, new int[0], 4, y);
        backend().adamStep(x, x, x, x, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false, 1);
        for (float v : read(y)) assertEquals(Float.NaN, v, 0f, on("an empty op wrote its output"));
        for (float v : read(mean)) assertEquals(Float.NaN, v, 0f, on("an empty layer norm wrote its statistics"));
    }

    /** An empty reduction axis: the sum is 0; MAX, MIN and ARGMAX of nothing are undefined and rejected. */
    @Check
    void emptyReductionAxis() {
        Buffer x = nans(4), out = nans(6);
        backend().reduce(ReduceOp.SUM, x, 0, 2, 0, 3, out);
        for (float v : read(out)) assertEquals(0f, v, 0f, on("sum over an empty axis"));
        for (ReduceOp op : new ReduceOp[]{ReduceOp.MAX, ReduceOp.MIN, ReduceOp.ARGMAX}) {
            assertThrows(IllegalArgumentException.class, () -> backend().reduce(op, x, 0, 2, 0, 3, out), on(op + " of an empty axis"));
        }
    }

    /** Rows of zero width have no mean or variance, and a table of zero-width rows no row count: rejected. */
    @Check
    void zeroWidthRowsAreRejected() {
        Buffer x = nans(8), y = nans(8), mean = nans(2), rstd = nans(2);
        assertThrows(IllegalArgumentException.class, () -> backend().layerNorm(x, null, null, y, mean, rstd, 2, 0, 1e-5f));
        assertThrows(IllegalArgumentException.class, () -> backend().layerNormBackward(x, null, mean, rstd, x, y, null, null, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> backend().gatherRows(x, new int[]{0}, 0, y));
        assertThrows(IllegalArgumentException.class, () -> backend().scatterAddRows(x, new int[]{0}, 0, y));
    }

    /** Queries over zero keys have no softmax: rejected (the backends used to throw, return, or write nothing). */
    @Check
    void attentionOverZeroKeysIsRejected() {
        Buffer q = nans(3 * 8), kv = nans(8), out = nans(3 * 8), lse = nans(3), g = nans(3 * 8);
        View vq = View.contiguous(q, 1, 1, 3, 8), vk = View.contiguous(kv, 1, 1, 0, 8), vo = View.contiguous(out, 1, 1, 3, 8);
        assertThrows(IllegalArgumentException.class, () -> backend().attention(vq, vk, vk, vo, lse, null, 1f, false));
        assertThrows(IllegalArgumentException.class,
                () -> backend().attentionBackward(vq, vk, vk, vo, lse, View.contiguous(g, 1, 1, 3, 8), null, 1f, false, g, kv, kv));
    }

    /** A view that reaches past its buffer, or a buffer too small for the op, is rejected before any work. */
    @Check
    void outOfRangeOperandsAreRejected() {
        Buffer buf = nans(10), out = nans(10);
        assertThrows(IndexOutOfBoundsException.class,
                () -> backend().unary(UnaryOp.EXP, 0f, new View(buf, new int[]{5}, new int[]{2}, 2), out)); // reaches element 10
        assertThrows(IndexOutOfBoundsException.class,
                () -> backend().fill(new View(buf, new int[]{3}, new int[]{-4}, 7), 1f));                   // reaches element -1
        assertThrows(IndexOutOfBoundsException.class, () -> backend().unary(UnaryOp.EXP, 0f, View.contiguous(buf, 10), nans(9)));
        assertThrows(IndexOutOfBoundsException.class, () -> backend().softmax(buf, out, 3, 4, false));
        assertThrows(IndexOutOfBoundsException.class, () -> backend().reduce(ReduceOp.SUM, buf, 2, 3, 3, 1, out));
        assertThrows(IndexOutOfBoundsException.class,
                () -> backend().gemm(false, false, 3, 3, 3, 1f, buf, 0, 3, 0, buf, 0, 3, 0, 0f, out, 2, 3, 0, 1));
        for (float v : read(buf)) assertEquals(Float.NaN, v, 0f, on("a rejected op wrote"));
    }

    @Check
    void shapeMismatchesAreRejected() {
        Buffer a = nans(12), b = nans(12), out = nans(12);
        assertThrows(IllegalArgumentException.class,
                () -> backend().binary(org.jfsac.core.backend.BinaryOp.ADD, View.contiguous(a, 3, 4), View.contiguous(b, 4, 3), out));
        assertThrows(IllegalArgumentException.class, () -> backend().copy(View.contiguous(a, 12), View.contiguous(b, 3, 4)));
    }
}
