package org.jfsac.clip.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives an OpenCLIP ViT config from tensor shapes. Widths, depths, patch and image size,
 * context length, vocabulary and MLP ratios are all visible in the shapes. Two things are not:
 * the number of attention heads (the fused in_proj weight is [3w, w] whatever the split), and the
 * activation (QuickGELU vs GELU has no weights). Heads come from a built-in config with the same
 * shapes when there is one, else from OpenCLIP's 64-wide-head convention; QuickGELU from the
 * checkpoint's name. Each such guess is reported in the notes.
 */
final class ConfigInference {
    private ConfigInference() {}

    private static final Pattern VISUAL_BLOCK = Pattern.compile("^visual\\.transformer\\.resblocks\\.(\\d+)\\.");
    private static final Pattern TEXT_BLOCK = Pattern.compile("^transformer\\.resblocks\\.(\\d+)\\.");

    static InferredConfig infer(Map<String, int[]> shapes, String nameHint) {
        List<String> notes = new ArrayList<>();
        int[] conv = shape(shapes, "visual.conv1.weight", 4);
        int width = conv[0];
        int patch = conv[2];
        if (conv[1] != 3 || conv[3] != patch) {
            throw new IllegalArgumentException("visual.conv1.weight " + Arrays.toString(conv) + " is not [width, 3, p, p]");
        }
        int tokens = shape(shapes, "visual.positional_embedding", 2)[0];
        int grid = (int) Math.round(Math.sqrt(tokens - 1));
        if (grid * grid + 1 != tokens) {
            throw new IllegalArgumentException("visual.positional_embedding has " + tokens + " rows, not 1 + a square number of patches");
        }
        int embed = shape(shapes, "visual.proj", 2)[1];
        int[] textPos = shape(shapes, "positional_embedding", 2);
        int textWidth = shape(shapes, "ln_final.weight", 1)[0];
        int vocab = shape(shapes, "token_embedding.weight", 2)[0];
        int textEmbed = shape(shapes, "text_projection", 2)[1];
        if (textEmbed != embed) {
            throw new IllegalArgumentException("visual.proj projects to " + embed + " but text_projection to " + textEmbed);
        }
        int visionLayers = depth(shapes, VISUAL_BLOCK, "visual.transformer.resblocks");
        int textLayers = depth(shapes, TEXT_BLOCK, "transformer.resblocks");
        double visionMlp = mlpRatio(shapes, "visual.transformer.resblocks.0.mlp.c_fc.weight", width);
        double textMlp = mlpRatio(shapes, "transformer.resblocks.0.mlp.c_fc.weight", textWidth);

        boolean quickGelu = quickGelu(nameHint, notes);
        // provisional single-head towers; heads are decided below
        ClipConfig shapesOnly = new ClipConfig(embed,
                new VisionConfig(grid * patch, visionLayers, width, width, patch, visionMlp),
                new TextConfig(textPos[0], vocab, textWidth, 1, textLayers, textMlp), quickGelu);
        return new InferredConfig(withHeads(shapesOnly, notes), notes);
    }

    private static ClipConfig withHeads(ClipConfig c, List<String> notes) {
        for (Map.Entry<String, ClipConfig> b : BuiltinConfigs.ALL.entrySet()) {
            ClipConfig builtin = b.getValue();
            if (sameShapes(c, builtin)) { // heads never change shapes, so this compares everything else
                ClipConfig candidate = c.withHeads(builtin.vision().headWidth(), builtin.text().heads());
                notes.add("attention heads are not stored in the weights; took them from the built-in " + b.getKey()
                        + " (vision head_width " + builtin.vision().headWidth() + ", text heads " + builtin.text().heads() + ")");
                return candidate;
            }
        }
        int headWidth = c.vision().width() % VisionConfig.DEFAULT_HEAD_WIDTH == 0 ? VisionConfig.DEFAULT_HEAD_WIDTH : c.vision().width();
        int textHeads = c.text().width() % 64 == 0 ? c.text().width() / 64 : 1;
        notes.add("attention heads are not stored in the weights; assumed OpenCLIP's convention (vision head_width "
                + headWidth + ", text heads " + textHeads + "); override with ClipConfig.withHeads if the model differs");
        return c.withHeads(headWidth, textHeads);
    }

    private static boolean sameShapes(ClipConfig a, ClipConfig b) {
        var sa = OpenClipLayout.expectedShapes(a);
        var sb = OpenClipLayout.expectedShapes(b);
        return sa.keySet().equals(sb.keySet())
                && sa.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), sb.get(e.getKey())));
    }

    /** QuickGELU leaves no trace in the weights; OpenCLIP marks it in the model name, and OpenAI's models all use it. */
    private static boolean quickGelu(String nameHint, List<String> notes) {
        String hint = nameHint == null ? "" : nameHint.toLowerCase(Locale.ROOT);
        if (hint.contains("quickgelu") || hint.contains("quick_gelu") || hint.contains("quick-gelu")) {
            notes.add("quick_gelu = true, from the name '" + nameHint + "' (activations are not stored in the weights)");
            return true;
        }
        if (hint.contains("openai")) {
            notes.add("quick_gelu = true because the name '" + nameHint + "' says OpenAI, whose CLIP models all use QuickGELU");
            return true;
        }
        notes.add("quick_gelu cannot be inferred from the weights and the name '" + nameHint
                + "' does not mention it; defaulted to false (GELU)");
        return false;
    }

    private static int[] shape(Map<String, int[]> shapes, String name, int rank) {
        int[] s = shapes.get(name);
        if (s == null) throw new IllegalArgumentException("cannot infer the config: no tensor '" + name + "' (not an OpenCLIP ViT state dict?)");
        if (s.length != rank) throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(s) + ", expected rank " + rank);
        return s;
    }

    /** Number of blocks; block indices must run 0..n-1 without holes. */
    private static int depth(Map<String, int[]> shapes, Pattern block, String what) {
        TreeSet<Integer> seen = new TreeSet<>();
        for (String name : shapes.keySet()) {
            Matcher m = block.matcher(name);
            if (m.find()) seen.add(Integer.parseInt(m.group(1)));
        }
        if (seen.isEmpty()) throw new IllegalArgumentException("cannot infer the config: no " + what + " tensors");
        if (seen.first() != 0 || seen.last() != seen.size() - 1) {
            throw new IllegalArgumentException(what + " indices " + seen + " are not 0.." + (seen.size() - 1));
        }
        return seen.size();
    }

    /** The ratio r with (int) (width * r) == hidden, as OpenCLIP computes the hidden width (m / w may land an ulp short). */
    private static double mlpRatio(Map<String, int[]> shapes, String name, int width) {
        int hidden = shape(shapes, name, 2)[0];
        double r = (double) hidden / width;
        while ((int) (width * r) < hidden) r = Math.nextUp(r);
        return r;
    }
}
