package org.jfsac.clip.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** CLIP's byte-pair merging of one pre-token, with the merge ranks of the vocabulary file. */
final class Bpe {
    static final String END_OF_WORD = "</w>";

    /** Rank of each merge, keyed "first second" (symbols never hold a space: see {@link ByteLevel}). */
    private final Map<String, Integer> ranks;

    Bpe(List<String[]> merges) {
        ranks = new HashMap<>(merges.size() * 2);
        for (int i = 0; i < merges.size(); i++) {
            // a repeated pair takes its later rank, as Python's dict(zip(merges, range(n))) does
            ranks.put(merges.get(i)[0] + " " + merges.get(i)[1], i);
        }
    }

    /**
     * The symbols of a byte-level token after merging, the last one ending in "&lt;/w&gt;": the
     * lowest-ranked adjacent pair is merged everywhere (left to right, without overlap) until no
     * adjacent pair has a rank.
     */
    List<String> apply(String token) {
        List<String> word = new ArrayList<>(token.length());
        for (int i = 0; i < token.length() - 1; i++) {
            word.add(String.valueOf(token.charAt(i)));
        }
        word.add(token.charAt(token.length() - 1) + END_OF_WORD);
        while (word.size() > 1) {
            int best = Integer.MAX_VALUE;
            String first = null;
            String second = null;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer rank = ranks.get(word.get(i) + " " + word.get(i + 1));
                if (rank != null && rank < best) {
                    best = rank;
                    first = word.get(i);
                    second = word.get(i + 1);
                }
            }
            if (first == null) {
                break;
            }
            List<String> merged = new ArrayList<>(word.size());
            for (int i = 0; i < word.size(); i++) {
                if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                    merged.add(first + second);
                    i++;
                } else {
                    merged.add(word.get(i));
                }
            }
            word = merged;
        }
        return word;
    }
}
