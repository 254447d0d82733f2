package org.jfsac.gpu.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading PTX text for the tests: the packaged modules and their {@code .entry} parameter lists. */
final class PtxFiles {
    private PtxFiles() {}

    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(([^)]*)\\)", Pattern.DOTALL);
    private static final Pattern PARAM = Pattern.compile("\\.param\\s+(\\.\\w+)");
    static final Pattern VERSION = Pattern.compile("(?m)^\\.version\\s+(\\d+)\\.(\\d+)\\s*$");

    /** The PTX text of a module as packaged on the class path. */
    static String packaged(String module) {
        return new String(KernelLauncher.readPtx(module), 0, KernelLauncher.readPtx(module).length - 1,
                StandardCharsets.UTF_8);
    }

    /** Kernel name to the PTX types of its parameters, in order. */
    static Map<String, List<String>> entries(String ptx) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(ptx);
        while (m.find()) {
            List<String> types = new ArrayList<>();
            Matcher p = PARAM.matcher(m.group(2));
            while (p.find()) types.add(p.group(1));
            map.put(m.group(1), types);
        }
        return map;
    }

    /** The text without comment lines (the compiler's version banner), for comparing builds. */
    static String withoutComments(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.stripLeading().startsWith("//")) sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** The folder named by a system property that the Maven build sets, or null. */
    static Path dir(String property) {
        String v = System.getProperty(property);
        return v == null || v.isBlank() ? null : Path.of(v);
    }

    /** An executable on the PATH (where build-ptx.sh looks for nvcc too), or null. */
    static Path tool(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
