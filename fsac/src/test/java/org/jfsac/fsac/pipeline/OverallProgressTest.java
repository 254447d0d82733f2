package org.jfsac.fsac.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The run-wide estimate: mean time of the combinations computed here, times those left; resumed ones are free. */
class OverallProgressTest {
    @Test
    void estimatesFromComputedCombinationsOnly() {
        long[] now = {0};
        OverallProgress p = new OverallProgress(10, () -> now[0]);
        assertEquals(-1, p.secondsLeft(), 0);
        assertEquals("overall: 0/10 combinations (0%), 0:00 elapsed, time left unknown yet", p.line());
        p.finished(false);
        p.finished(false); // two resumed from an earlier run: no time spent, no rate yet
        assertEquals(-1, p.secondsLeft(), 0);
        now[0] = 30_000_000_000L;
        p.finished(true);
        now[0] = 60_000_000_000L;
        p.finished(true); // 2 computed in 60 s: 30 s each, 6 left
        assertEquals(180, p.secondsLeft(), 1e-9);
        assertEquals("overall: 4/10 combinations (40%), 1:00 elapsed, about 3:00 left", p.line());
        for (int i = 0; i < 6; i++) p.finished(true);
        assertEquals(0, p.secondsLeft(), 0);
        assertEquals("1:01:01", OverallProgress.clock(3661));
    }
}
