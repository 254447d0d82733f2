package org.jfsac.gpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class RowSegmentsTest {
    @Test void groupsSourcesByTargetInSourceOrder() {
        RowSegments s = RowSegments.of(new int[]{4, 1, 4, 0, 1, 4});
        assertArrayEquals(new int[]{0, 1, 4}, s.target());
        assertArrayEquals(new int[]{0, 1, 3, 6}, s.start());
        assertArrayEquals(new int[]{3, 1, 4, 0, 2, 5}, s.src());
    }

    @Test void empty() {
        RowSegments s = RowSegments.of(new int[0]);
        assertArrayEquals(new int[]{0}, s.start());
        assertArrayEquals(new int[0], s.target());
    }
}
