package org.jfsac.fsac.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The numpy agreement is in BinaryMetricsReferenceTest; here the edge cases. */
class MeanStdErrTest {

    @Test
    void singleValueHasUndefinedSpread() {
        MeanStdErr s = MeanStdErr.of(0.94);
        assertEquals(0.94, s.mean(), 0.0);
        assertTrue(Double.isNaN(s.standardDeviation()));
        assertTrue(Double.isNaN(s.standardError()));
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, MeanStdErr::of);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MeanStdErr.of(1.0, Double.NaN));
        assertTrue(e.getMessage().contains("index 1 is NaN"), e.getMessage());
    }

    @Test
    void formatsMeanAndError() {
        // 1, 2, 3, 4: mean 2.5, sample variance 5/3, stderr sqrt(5/3)/2 = 0.6455
        assertEquals("2.50 ± 0.65", MeanStdErr.of(1, 2, 3, 4).format(2));
    }
}
