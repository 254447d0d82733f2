package org.jfsac.core.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Tensor.load: host data straight into a packed tensor's buffer. */
class TensorLoadTest {

    @Test
    void overwritesEveryElementInRowMajorOrderOutsideTheGraph() {
        Tensor p = Tensor.zeros(2, 3).requiresGrad(true);
        float[] data = {1, -2, 3, 4.5f, 5, -6};
        assertSame(p, p.load(data));
        assertArrayEquals(data, p.toArray());
        assertEquals(5f, p.get(1, 1));
        assertTrue(p.isLeaf(), "no graph node recorded");
        data[0] = 99; // the tensor holds a copy, not the caller's array
        assertEquals(1f, p.get(0, 0));
    }

    @Test
    void wrongLengthNamesTheShapeAndViewsAreRefused() {
        Tensor p = Tensor.zeros(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.load(new float[5]));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("[2, 3]"), e.getMessage());
        Tensor column = Tensor.zeros(3, 2).narrow(1, 0, 1); // shares a larger buffer: load would write the wrong elements
        assertThrows(IllegalStateException.class, () -> column.load(new float[3]));
    }
}
