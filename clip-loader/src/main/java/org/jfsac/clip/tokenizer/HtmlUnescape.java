package org.jfsac.clip.tokenizer;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ports of the two HTML-entity decoders OpenCLIP's text cleaning goes through: Python's
 * {@code html.unescape} (lenient: entities without ';', longest-prefix names, the HTML5 rules for
 * bad numeric references) and ftfy's {@code unescape_html} (strict: only complete
 * {@code &name;} / {@code &#n;} references, plus upper-cased Latin names such as {@code &EACUTE;}).
 */
final class HtmlUnescape {
    /** {@code html._charref} of CPython 3.11. */
    private static final Pattern CHARREF =
            Pattern.compile("&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");
    /** {@code ftfy.chardata.HTML_ENTITY_RE}. */
    private static final Pattern FTFY_ENTITY = Pattern.compile("&#?[0-9A-Za-z]{1,24};");

    /** {@code html._invalid_charrefs}: the HTML5 replacements for C1 and a few other numbers. */
    private static final Map<Integer, String> INVALID_CHARREFS = invalidCharrefs();
    /** ftfy's {@code HTML_ENTITIES}: complete references only, plus upper-case variants. */
    private static final Map<String, String> FTFY_ENTITIES = ftfyEntities();

    private HtmlUnescape() {
    }

    /** Python's {@code html.unescape(s)}. */
    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        return CHARREF.matcher(s).replaceAll(m -> Matcher.quoteReplacement(replaceCharref(m.group(1))));
    }

    /** ftfy 6's {@code fixes.unescape_html(text)}. */
    static String unescapeFtfy(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        return FTFY_ENTITY.matcher(s).replaceAll(m -> Matcher.quoteReplacement(ftfyFixup(m.group())));
    }

    private static String ftfyFixup(String entity) {
        String known = FTFY_ENTITIES.get(entity);
        if (known != null) {
            return known;
        }
        if (entity.startsWith("&#")) {
            String decoded = unescape(entity);
            // a partial decode (the ';' left over) is not what ftfy wants
            return decoded.indexOf(';') >= 0 ? entity : decoded;
        }
        return entity;
    }

    private static String replaceCharref(String s) {
        if (s.charAt(0) == '#') {
            boolean hex = s.length() > 1 && (s.charAt(1) == 'x' || s.charAt(1) == 'X');
            String digits = s.substring(hex ? 2 : 1);
            if (digits.endsWith(";")) {
                digits = digits.substring(0, digits.length() - 1);
            }
            return numericCharref(parseBounded(digits, hex ? 16 : 10));
        }
        String named = HtmlEntities.get(s);
        if (named != null) {
            return named;
        }
        // the longest name that is a prefix, as the standard defines for names without ';'
        for (int x = s.length() - 1; x > 1; x--) {
            String prefix = HtmlEntities.get(s.substring(0, x));
            if (prefix != null) {
                return prefix + s.substring(x);
            }
        }
        return "&" + s;
    }

    /** The number, or Integer.MAX_VALUE when it exceeds any code point (Python has big ints). */
    private static int parseBounded(String digits, int radix) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            value = value * radix + Character.digit(digits.charAt(i), radix);
            if (value > Character.MAX_CODE_POINT) {
                return Integer.MAX_VALUE;
            }
        }
        return (int) value;
    }

    private static String numericCharref(int num) {
        String invalid = INVALID_CHARREFS.get(num);
        if (invalid != null) {
            return invalid;
        }
        if ((num >= 0xD800 && num <= 0xDFFF) || num > Character.MAX_CODE_POINT) {
            return "\uFFFD";
        }
        if (isInvalidCodePoint(num)) {
            return "";
        }
        return new String(Character.toChars(num));
    }

    /** {@code html._invalid_codepoints}: controls and non-characters decode to nothing. */
    private static boolean isInvalidCodePoint(int c) {
        return (c >= 0x1 && c <= 0x8) || c == 0xB || (c >= 0xE && c <= 0x1F) || (c >= 0x7F && c <= 0x9F)
                || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
    }

    private static Map<Integer, String> invalidCharrefs() {
        Map<Integer, String> m = new HashMap<>();
        m.put(0x00, "\uFFFD");
        m.put(0x0D, "\r");
        // 0x80..0x9F read as windows-1252, the five holes kept as they are
        String cp1252 = "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F"
                + "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";
        for (int i = 0; i < cp1252.length(); i++) {
            m.put(0x80 + i, String.valueOf(cp1252.charAt(i)));
        }
        return Map.copyOf(m);
    }

    private static Map<String, String> ftfyEntities() {
        Map<String, String> m = new HashMap<>(4096);
        for (Map.Entry<String, String> e : HtmlEntities.all().entrySet()) {
            String name = e.getKey();
            if (!name.endsWith(";")) {
                continue;
            }
            m.put("&" + name, e.getValue());
            if (name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
                String upper = "&" + name.toUpperCase(java.util.Locale.ROOT);
                if (unescape(upper).equals(upper)) {
                    m.put(upper, e.getValue().toUpperCase(java.util.Locale.ROOT));
                }
            }
        }
        return Map.copyOf(m);
    }
}
