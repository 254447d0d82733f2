package org.jfsac.fsac.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build's doclint for the API users touch: javac's {@code -Xdoclint:all/protected} over these sources (in-process,
 * the compiled project on the class path) must find nothing, so an undocumented public or protected type or member,
 * or a malformed comment, added to one of them fails {@code mvn test}. (A compiler option would need {@code -Werror},
 * which the Vector API module's mandatory "incubating" warning in core rules out, and works per package, not per file.) Missing {@code @param}/{@code @return} tags are not
 * failures: a one-sentence comment is enough where the signature says the rest.
 */
class ApiDocumentationTest {
    /** Source folders and files, relative to the repository root; a folder means every .java file in it. */
    private static final List<String> API = List.of(
            "core/src/main/java/org/jfsac/core/tensor",
            "core/src/main/java/org/jfsac/core/backend",
            "clip-loader/src/main/java/org/jfsac/clip/pretrained",
            "clip-loader/src/main/java/org/jfsac/clip/checkpoint/FileDigest.java",
            "fsac/src/main/java/org/jfsac/fsac/api",
            "fsac/src/main/java/org/jfsac/fsac/data/Dataset.java",
            "fsac/src/main/java/org/jfsac/fsac/data/Datasets.java",
            "fsac/src/main/java/org/jfsac/fsac/data/FolderDataset.java",
            "fsac/src/main/java/org/jfsac/fsac/method/FsacConfig.java",
            "fsac/src/main/java/org/jfsac/fsac/towers/ClipBackbone.java",
            "fsac/src/main/java/org/jfsac/fsac/towers/ClipBackbones.java",
            "fsac/src/main/java/org/jfsac/fsac/towers/ClipModels.java");

    @TempDir Path out;

    private static Path repositoryRoot() {
        // surefire passes <repo>/testdata (see the parent pom)
        return Path.of(System.getProperty("jfsac.testdata", "../testdata")).toAbsolutePath().normalize().getParent();
    }

    private static List<Path> sources() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String rel : API) {
            Path p = repositoryRoot().resolve(rel);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".java")).sorted().forEach(files::add);
                }
            } else {
                assertTrue(Files.isRegularFile(p), "API source listed but missing: " + p);
                files.add(p);
            }
        }
        return files;
    }

    /** doclint's "missing" messages that are not a missing comment; a one-sentence comment may stand without tags. */
    private static final Pattern MISSING_TAG = Pattern.compile("no @(param|return|throws) .*|no @return");

    @Test
    void everyPublicTypeAndMemberIsDocumentedAndDoclintFindsNothing() throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of("-proc:none", "-implicit:none", "-d", out.toString(),
                    "-classpath", System.getProperty("java.class.path"), "-Xdoclint:all/protected", "-Xmaxwarns", "100000", "-Xmaxerrs", "100000");
            javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(sources())).call();
        }
        List<String> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            String message = d.getMessage(Locale.ROOT);
            if (d.getKind() == Diagnostic.Kind.NOTE || MISSING_TAG.matcher(message).matches()) continue;
            String where = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": ";
            problems.add(where + message);
        }
        assertTrue(problems.isEmpty(), problems.size() + " documentation problem(s):\n" + String.join("\n", problems));
    }
}
