package org.jfsac.fsac.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OpenCvResize} against cv2.resize (OpenCV 4.6, INTER_LINEAR) on RGB crops and a 0/1 mask, scale factors
 * from 0.45 to 5 (synth/opencv/make_reference.py). Exact: OpenCV's fixed-point arithmetic is integer.
 */
class OpenCvResizeTest {
    static Stream<OpenCvReference.Resize> calls() {
        return OpenCvReference.resizes().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void matchesOpenCvExactly(OpenCvReference.Resize call) {
        assertEquals(call.in().length, call.out().length);
        for (int c = 0; c < call.in().length; c++) {
            int[] ours = OpenCvResize.resize(call.in()[c], call.width(), call.height(), call.outWidth(),
                    call.outHeight());
            assertArrayEquals(call.out()[c], ours, call + " channel " + c);
        }
    }

    @Test
    void rgbImageResizeIsTheSame() {
        RgbImage img = TestImages.texture(23, 17, 5);
        RgbImage r = img.resizeBilinear(30, 22);
        for (int c = 0; c < 3; c++) {
            int[] plane = new int[23 * 17];
            for (int i = 0; i < plane.length; i++) {
                plane[i] = (int) img.channel(c)[i];
            }
            int[] expected = OpenCvResize.resize(plane, 23, 17, 30, 22);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], (int) r.channel(c)[i]);
            }
        }
    }
}
