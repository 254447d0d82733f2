package org.jfsac.fsac.method;

import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** T+ and T− (Eq. 3): the means of the raw text embeddings of the CPE sentences of a class. */
public final class TextPrototypes {
    private TextPrototypes() {}

    /**
     * @param encodeText sentences → raw text embeddings [N, C] (tokenise + text tower)
     * @return [T+; T−] as a 2×C tensor
     */
    public static Tensor compute(String className, Function<List<String>, Tensor> encodeText, int batch) {
        return compute(className, encodeText, batch, FsacConfig.PromptSet.FULL);
    }

    /** As {@link #compute(String, Function, int)} with the sentences of the given prompt set. */
    public static Tensor compute(String className, Function<List<String>, Tensor> encodeText, int batch, FsacConfig.PromptSet set) {
        try (GradMode g = GradMode.noGrad()) {
            Tensor pos = meanEmbedding(Prompts.sentences(className, false, set), encodeText, batch);
            Tensor neg = meanEmbedding(Prompts.sentences(className, true, set), encodeText, batch);
            return Tensor.concat(0, pos, neg);
        }
    }

    private static Tensor meanEmbedding(List<String> sentences, Function<List<String>, Tensor> encodeText, int batch) {
        List<Tensor> parts = new ArrayList<>();
        for (int s = 0; s < sentences.size(); s += batch)
            parts.add(encodeText.apply(sentences.subList(s, Math.min(sentences.size(), s + batch))));
        return Tensor.concat(0, parts).mean(0, true);
    }
}
