package org.jfsac.clip.tokenizer;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.text.Normalizer;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * The part of ftfy 6's {@code fix_text} (default settings) that OpenCLIP's tokenizer relies on,
 * in ftfy's order and repeated until the text stops changing, as ftfy does:
 * HTML entities (strict form, and only on lines before the first one holding a '&lt;'),
 * C1 controls read as windows-1252, Latin ligatures split, full/half-width forms to standard
 * width, curly quotes uncurled, line breaks to '\n', lone surrogates to U+FFFD, terminal escapes
 * and unwanted control characters removed, then Unicode NFC.
 *
 * <p>Left out: ftfy's mojibake repair ({@code fix_encoding}: re-decoding text that was UTF-8
 * read as Latin-1/windows-125x/MacRoman, {@code restore_byte_a0}, {@code replace_lossy_sequences},
 * {@code decode_inconsistent_utf8}). It is a statistical heuristic ("is this text bad?") over large
 * character tables; prompts written for CLIP do not contain mojibake, and where they do, the text
 * is tokenized as written instead of as repaired. Also left out: splitting lines longer than
 * ftfy's {@code max_decode_length} (a million code points), which only matters to that heuristic.
 */
final class FtfyLite {
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001b\\[((?:\\d|;)*)([a-zA-Z])");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    /** U+FF01..U+FFEF mapped to their NFKC form where that differs (ftfy WIDTH_MAP, less U+3000). */
    private static final String[] WIDTH_MAP = widthMap();
    /** ftfy LIGATURES: Dutch, Afrikaans and Serbo-Croatian digraphs, and the Latin ff..st ligatures. */
    private static final Map<Integer, String> LIGATURES = Map.ofEntries(
            Map.entry(0x0132, "IJ"), Map.entry(0x0133, "ij"), Map.entry(0x0149, "\u02BCn"),
            Map.entry(0x01F1, "DZ"), Map.entry(0x01F2, "Dz"), Map.entry(0x01F3, "dz"),
            Map.entry(0x01C4, "D\u017D"), Map.entry(0x01C5, "D\u017E"), Map.entry(0x01C6, "d\u017E"),
            Map.entry(0x01C7, "LJ"), Map.entry(0x01C8, "Lj"), Map.entry(0x01C9, "lj"),
            Map.entry(0x01CA, "NJ"), Map.entry(0x01CB, "Nj"), Map.entry(0x01CC, "nj"),
            Map.entry(0xFB00, "ff"), Map.entry(0xFB01, "fi"), Map.entry(0xFB02, "fl"), Map.entry(0xFB03, "ffi"),
            Map.entry(0xFB04, "ffl"), Map.entry(0xFB05, "\u017Ft"), Map.entry(0xFB06, "st"));

    private FtfyLite() {
    }

    static String fixText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean unescapeHtml = true;
        int pos = 0;
        while (pos < text.length()) {
            int newline = text.indexOf('\n', pos);
            int end = newline < 0 ? text.length() : newline + 1;
            String segment = text.substring(pos, end);
            // "auto": once a line looks like HTML, entities are left alone from there on
            if (unescapeHtml && segment.indexOf('<') >= 0) {
                unescapeHtml = false;
            }
            out.append(fixSegment(segment, unescapeHtml));
            pos = end;
        }
        return out.toString();
    }

    private static String fixSegment(String text, boolean unescapeHtml) {
        while (true) {
            String before = text;
            if (unescapeHtml) {
                text = HtmlUnescape.unescapeFtfy(text);
            }
            text = mapCodePoints(text, FtfyLite::c1Control);
            text = mapCodePoints(text, LIGATURES::get);
            text = mapCodePoints(text, FtfyLite::standardWidth);
            text = mapCodePoints(text, FtfyLite::uncurledQuote);
            text = text.replace("\r\n", "\n").replace('\r', '\n').replace('\u2028', '\n').replace('\u2029', '\n')
                    .replace('\u0085', '\n');
            // a Java string holds a surrogate pair as one code point already: only lone halves remain
            text = mapCodePoints(text, c -> (c >= 0xD800 && c <= 0xDFFF) ? "\uFFFD" : null);
            text = ANSI_ESCAPE.matcher(text).replaceAll("");
            text = mapCodePoints(text, c -> isUnwantedControl(c) ? "" : null);
            text = Normalizer.normalize(text, Normalizer.Form.NFC);
            if (text.equals(before)) {
                return text;
            }
        }
    }

    /** U+0080..U+009F as the windows-1252 characters they were; its five holes stay. */
    private static String c1Control(int c) {
        if (c < 0x80 || c > 0x9F) {
            return null;
        }
        String decoded = WINDOWS_1252.decode(ByteBuffer.wrap(new byte[] {(byte) c})).toString();
        return decoded.equals("\uFFFD") ? null : decoded;
    }

    private static String standardWidth(int c) {
        return c == 0x3000 ? " " : (c >= 0xFF01 && c <= 0xFFEF) ? WIDTH_MAP[c - 0xFF01] : null;
    }

    private static String uncurledQuote(int c) {
        return (c == 0x02BC || (c >= 0x2018 && c <= 0x201B)) ? "'" : (c >= 0x201C && c <= 0x201F) ? "\"" : null;
    }

    /** ftfy CONTROL_CHARS: C0 controls but tab/LF/FF/CR, DEL, deprecated Arabic format chars, BOM, U+FFF9..FFFC. */
    private static boolean isUnwantedControl(int c) {
        return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F || (c >= 0x206A && c <= 0x206F)
                || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
    }

    /**
     * Replaces each code point for which {@code replacement} gives a string (null keeps it), like
     * Python's {@code str.translate}. Text needing no change comes back as the same object.
     */
    private static String mapCodePoints(String s, IntFunction<String> replacement) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            int next = i + Character.charCount(c);
            String r = replacement.apply(c);
            if (r != null && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                if (r != null) {
                    out.append(r);
                } else {
                    out.append(s, i, next);
                }
            }
            i = next;
        }
        return out == null ? s : out.toString();
    }

    private static String[] widthMap() {
        String[] map = new String[0xFFEF - 0xFF01 + 1];
        for (int c = 0xFF01; c <= 0xFFEF; c++) {
            String ch = String.valueOf((char) c);
            String nfkc = Normalizer.normalize(ch, Normalizer.Form.NFKC);
            map[c - 0xFF01] = nfkc.equals(ch) ? null : nfkc;
        }
        return map;
    }
}
