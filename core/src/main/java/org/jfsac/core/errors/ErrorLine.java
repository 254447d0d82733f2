package org.jfsac.core.errors;

import java.lang.reflect.Array;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one way an error reaches a terminal: a single line, control characters escaped (so file
 * contents cannot move the cursor, recolour the screen or fake a second message), bounded in length,
 * with summaries instead of long lists. Also describes untrusted values (unpickled structures, file
 * contents) within a size budget, never recursing and never hashing them.
 */
public final class ErrorLine {
    /** Longest line {@link #format} returns. */
    public static final int MAX_CHARS = 400;
    /** Longest description {@link #describe} returns by default. */
    public static final int MAX_VALUE_CHARS = 80;

    private ErrorLine() {}

    /** The user-facing line for a failure: its message (or what it is), escaped and bounded. */
    public static String format(Throwable t) {
        return bound(escape(reason(t)), MAX_CHARS);
    }

    /** What went wrong, in words, before escaping: JDK file exceptions whose message is only a path get their reason. */
    static String reason(Throwable t) {
        if (t instanceof StackOverflowError) return "input nested too deeply (StackOverflowError)";
        if (t instanceof OutOfMemoryError) return "out of memory (" + t.getMessage() + "); raise -Xmx in JFSAC_JAVA_OPTS or use smaller input";
        if (t instanceof FileSystemException f && f.getReason() == null) {
            String what = t instanceof NoSuchFileException ? "no such file or directory"
                    : t instanceof AccessDeniedException ? "permission denied"
                    : t instanceof NotDirectoryException ? "not a directory"
                    : t.getClass().getSimpleName();
            return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + what;
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getCause() != null && t.getCause() != t ? reason(t.getCause()) : t.getClass().getSimpleName();
        }
        return GSON_TRAILER.matcher(m).replaceAll("");
    }

    /** Gson appends "See https://github.com/google/gson/...Troubleshooting.md#..." on a line of its own. */
    private static final java.util.regex.Pattern GSON_TRAILER =
            java.util.regex.Pattern.compile("\\s*See https://github\\.com/google/gson/\\S*");

    /**
     * Escapes every character that a terminal would act on: C0 and C1 controls (newlines, ESC ...),
     * DEL, and the Unicode bidirectional overrides that reorder what is shown.
     */
    public static String escape(CharSequence s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** At most {@code max} characters: the head and the tail of a longer text with what was left out between. */
    public static String bound(String s, int max) {
        if (s.length() <= max) return s;
        String gap = " ... [" + (s.length() - max) + " characters omitted] ... ";
        int keep = Math.max(0, max - gap.length());
        int head = keep * 3 / 4;
        return s.substring(0, head) + gap + s.substring(s.length() - (keep - head));
    }

    /**
     * "445 tensors differ in shape, first: a; b; c (and 442 more)": a count and the first few items of
     * a list of problems, instead of all of them.
     */
    public static String summary(List<String> items, String what, int shown) {
        if (items.isEmpty()) return "no " + what;
        StringBuilder b = new StringBuilder().append(items.size()).append(' ').append(what);
        if (items.size() == 1) return b.append(": ").append(items.get(0)).toString();
        b.append(", first: ").append(String.join("; ", items.subList(0, Math.min(shown, items.size()))));
        if (items.size() > shown) b.append(" (and ").append(items.size() - shown).append(" more)");
        return b.toString();
    }

    /** {@link #describe(Object, int)} with the default budget. */
    public static String describe(Object untrusted) {
        return describe(untrusted, MAX_VALUE_CHARS);
    }

    /**
     * A short, escaped rendering of an untrusted value (lists, maps, arrays of any depth, even cyclic
     * or with shared parts): walks it with an explicit stack and stops at {@code max} characters, so
     * it costs O(max) whatever the value; never calls hashCode, equals or toString on a container.
     */
    public static String describe(Object untrusted, int max) {
        StringBuilder b = new StringBuilder();
        Deque<Object> todo = new ArrayDeque<>();
        todo.push(untrusted);
        while (!todo.isEmpty() && b.length() <= max) {
            Object o = todo.pop();
            if (o instanceof Token t) {
                b.append(t.text);
            } else if (o instanceof Map<?, ?> m) {
                pushAll(todo, m.entrySet().iterator(), "{", "}", max);
            } else if (o instanceof Map.Entry<?, ?> e) {
                todo.push(e.getValue());
                todo.push(new Token(": "));
                todo.push(e.getKey());
            } else if (o instanceof Collection<?> c) {
                pushAll(todo, c.iterator(), "[", "]", max);
            } else if (o != null && o.getClass().isArray()) {
                int n = Array.getLength(o);
                List<Object> head = new java.util.ArrayList<>();
                for (int i = 0; i < Math.min(n, max); i++) head.add(Array.get(o, i));
                pushAll(todo, head.iterator(), "(", n > head.size() ? ", ...)" : ")", max);
            } else if (o instanceof CharSequence s) {
                b.append('\'').append(escape(s.length() > max ? s.subSequence(0, max) : s)).append('\'');
            } else {
                String s = String.valueOf(o);
                b.append(escape(s.length() > max ? s.substring(0, max) : s));
            }
        }
        if (b.length() > max || !todo.isEmpty()) {
            b.setLength(Math.min(b.length(), max));
            b.append("...");
        }
        return b.toString();
    }

    /** Pushes "open item, item, ... close" so that it pops in order, taking no more items than can be shown. */
    private static void pushAll(Deque<Object> todo, Iterator<?> items, String open, String close, int max) {
        List<Object> seq = new java.util.ArrayList<>();
        seq.add(new Token(open));
        for (int i = 0; items.hasNext() && i < max; i++) {
            if (i > 0) seq.add(new Token(", "));
            seq.add(items.next());
        }
        if (items.hasNext()) seq.add(new Token(", ..."));
        seq.add(new Token(close));
        for (int i = seq.size() - 1; i >= 0; i--) todo.push(seq.get(i));
    }

    private record Token(String text) {}
}
