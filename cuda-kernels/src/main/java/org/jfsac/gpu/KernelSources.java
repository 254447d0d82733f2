package org.jfsac.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel sources of {@code src/main/kernels}, read from the class path (folder {@value #RESOURCE_DIR}).
 * Each kernel family is one {@code .cu} file that includes {@code portability.h}; nvcc compiles the files as
 * they are, while OpenCL (which has no file system to include from) gets {@link #expanded} text with every
 * {@code #include "..."} replaced by the file's contents. Host code reads tile sizes and op codes from the
 * sources ({@link #intDefine}) so that they are written down once.
 */
public final class KernelSources {
    /** Class-path folder holding the kernel files. */
    public static final String RESOURCE_DIR = "org/jfsac/gpu/kernels/";

    private static final Pattern INCLUDE = Pattern.compile("^\\s*#\\s*include\\s+\"([^\"]+)\"\\s*$", Pattern.MULTILINE);
    private static final Pattern DEFINE = Pattern.compile("^\\s*#\\s*define\\s+([A-Za-z_][A-Za-z0-9_]*)[ \\t]+([^\\n/]*?)\\s*(?:/\\*.*)?$",
            Pattern.MULTILINE);
    private static final Map<String, String> RAW = new ConcurrentHashMap<>();

    private KernelSources() {}

    /** The file's text as stored. */
    public static String raw(String file) {
        return RAW.computeIfAbsent(file, KernelSources::read);
    }

    private static String read(String file) {
        String path = RESOURCE_DIR + file;
        try (InputStream in = KernelSources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("kernel source " + path + " is not on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kernel source " + path + ": " + e.getMessage(), e);
        }
    }

    /** The file with its includes inlined recursively (each included file once, in first-use order). */
    public static String expanded(String file) {
        StringBuilder out = new StringBuilder();
        expand(file, new HashSet<>(), out);
        return out.toString();
    }

    private static void expand(String file, Set<String> seen, StringBuilder out) {
        if (!seen.add(file)) return;
        String text = raw(file);
        Matcher m = INCLUDE.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start());
            expand(m.group(1), seen, out);
            last = m.end();
        }
        out.append(text, last, text.length());
    }

    /** Every {@code #define NAME value} of the file's own text (object-like macros with a value), in order. */
    public static Map<String, String> defines(String file) {
        Map<String, String> map = new LinkedHashMap<>();
        Matcher m = DEFINE.matcher(raw(file));
        while (m.find()) if (!m.group(2).isEmpty()) map.putIfAbsent(m.group(1), m.group(2).trim());
        return map;
    }

    /** The integer value of {@code #define name value} in file (the first one, also inside #ifndef guards). */
    public static int intDefine(String file, String name) {
        String v = defines(file).get(name);
        if (v == null) throw new IllegalStateException("kernel source " + file + " does not #define " + name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("kernel source " + file + ": #define " + name + " " + v + " is not an integer");
        }
    }
}
