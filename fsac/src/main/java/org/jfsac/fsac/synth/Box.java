package org.jfsac.fsac.synth;

/** A half-open pixel box [x0, x1) × [y0, y1). */
public record Box(int x0, int y0, int x1, int y1) {
    public Box {
        if (x1 < x0 || y1 < y0) {
            throw new IllegalArgumentException("box corners out of order: " + x0 + "," + y0 + " .. " + x1 + "," + y1);
        }
    }

    public int width() {
        return x1 - x0;
    }

    public int height() {
        return y1 - y0;
    }
}
