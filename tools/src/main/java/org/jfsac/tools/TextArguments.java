package org.jfsac.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Texts from the command line and from a UTF-8 file. Under a non-UTF-8 locale (LANG=C) the JVM turns
 * non-ASCII arguments into U+FFFD before we see them; that cannot be undone, so it is reported, with
 * the way around it ({@code --text-file}, always read as UTF-8).
 */
final class TextArguments {
    private TextArguments() {}

    static List<String> collect(List<String> args, Path textFile, PrintStream err) throws IOException {
        List<String> out = new ArrayList<>();
        for (String t : args) {
            if (t.indexOf('\uFFFD') >= 0 && !platformIsUtf8()) {
                err.println("warning: --text '" + org.jfsac.core.errors.ErrorLine.bound(org.jfsac.core.errors.ErrorLine.escape(t), 60)
                        + "' has characters the " + System.getProperty("sun.jnu.encoding") + " locale could not pass on"
                        + " (set LANG=C.UTF-8, or put the texts in a UTF-8 file for --text-file)");
            }
            out.add(t);
        }
        if (textFile != null) {
            try {
                for (String line : Files.readAllLines(textFile, StandardCharsets.UTF_8)) if (!line.isBlank()) out.add(line);
            } catch (CharacterCodingException e) {
                throw new IOException(textFile + ": not UTF-8 text", e);
            }
        }
        return out;
    }

    /** The encoding the JVM decoded the command line with. */
    static boolean platformIsUtf8() {
        String enc = System.getProperty("sun.jnu.encoding", "UTF-8");
        return enc.equalsIgnoreCase("UTF-8") || enc.equalsIgnoreCase("UTF8");
    }
}
