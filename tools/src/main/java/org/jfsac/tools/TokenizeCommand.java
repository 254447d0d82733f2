package org.jfsac.tools;

import com.google.gson.Gson;
import org.jfsac.clip.tokenizer.ClipTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** CLIP token ids (77 per text, start/end tokens, zero padding) as JSON. */
@Command(name = "tokenize", mixinStandardHelpOptions = true, description = "Print CLIP BPE token ids of each text as JSON.")
final class TokenizeCommand implements Callable<Integer> {
    @Option(names = "--bpe", paramLabel = "FILE", description = "bpe_simple_vocab_16e6.txt.gz (default: $JFSAC_HOME, then the copy bundled in the jar)")
    Path bpe;

    @Option(names = "--context", defaultValue = "77", description = "context length (default ${DEFAULT-VALUE})")
    int context;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "texts to tokenize")
    List<String> texts = new ArrayList<>();

    @Mixin TextFileOption textFile;

    @Override public Integer call() throws Exception {
        texts = textFile.texts(texts);
        if (texts.isEmpty()) throw new IllegalArgumentException("no text to tokenize: give TEXT arguments or --text-file FILE");
        ClipTokenizer tok = ClipTokenizer.forCheckpoint(bpe, null);
        System.out.println(new Gson().toJson(tok.tokenize(texts, context)));
        return 0;
    }
}
