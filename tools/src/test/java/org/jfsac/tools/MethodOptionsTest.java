package org.jfsac.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.synth.NaturalSyntheticAnomaly;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The synthesis switches of the command line reach the config. */
class MethodOptionsTest {
    @CommandLine.Command(name = "t")
    static final class Holder {
        @CommandLine.Mixin MethodOptions method;
    }

    private static FsacConfig parse(String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.method.build();
    }

    @Test
    void defaultsAreTheAuthorsPasteAndForegroundTable() {
        FsacConfig c = parse();
        assertEquals(NaturalSyntheticAnomaly.Paste.OPENCV, c.paste);
        assertTrue(c.foregroundOnly("bottle"));
        assertFalse(c.foregroundOnly("carpet"));
    }

    @Test
    void pasteAndForegroundAreOverridable() {
        FsacConfig c = parse("--paste", "poisson", "--foreground", "none,carpet=on");
        assertEquals(NaturalSyntheticAnomaly.Paste.POISSON, c.paste);
        assertTrue(c.foregroundOnly("carpet"));
        assertFalse(c.foregroundOnly("bottle"));
        assertTrue(parse("--foreground-only").foregroundOnly("carpet"));
        assertThrows(IllegalArgumentException.class, () -> parse("--paste", "cv2"));
        assertThrows(IllegalArgumentException.class, () -> parse("--foreground", "bottle=yes"));
    }
}
