package org.jfsac.tools;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code --text-file}: texts from a UTF-8 file besides those on the command line (embed, tokenize). */
final class TextFileOption {
    @Option(names = "--text-file", paramLabel = "FILE", description = "texts, one per line, read as UTF-8 (whatever the locale)")
    Path textFile;

    /** The command line's texts (warned about when the locale mangled them), then the file's non-blank lines. */
    List<String> texts(List<String> args) throws IOException {
        return TextArguments.collect(args, textFile, System.err);
    }
}
