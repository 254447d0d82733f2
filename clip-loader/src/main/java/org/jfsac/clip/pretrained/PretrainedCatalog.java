package org.jfsac.clip.pretrained;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Pretrained checkpoints by name, as OpenCLIP's {@code create_model_and_transforms(model, pretrained=tag)} names
 * them. {@link #openClipLaion400m()} is OpenCLIP's LAION-400M release, the weights the CLIP-FSAC++ paper family
 * uses; a catalog over other entries (a mirror, a test server) is built with {@link #PretrainedCatalog(List)}.
 */
public final class PretrainedCatalog {
    private static final String RELEASE = "https://github.com/mlfoundations/open_clip/releases/download/v0.2-weights/";

    /*
     * From OpenCLIP's src/open_clip/pretrained.py (the copy in the CLIP-FSAC++ authors' repository, _VITB32,
     * _VITB32_quickgelu, _VITB16, _VITB16_PLUS_240, _VITL14). The hash is the 8-digit SHA-256 prefix OpenCLIP
     * encodes in each file name and verifies; OpenCLIP publishes no full SHA-256 for these files.
     * The ViT-B-32 LAION-400M weights were trained with QuickGELU (their file name says so), whichever
     * model name OpenCLIP lists them under.
     */
    private static final PretrainedCatalog LAION400M = new PretrainedCatalog(List.of(
            laion("ViT-B-32", "ViT-B-32-quickgelu", "laion400m_e31", "vit_b_32-quickgelu-laion400m_e31-d867053b.pt"),
            laion("ViT-B-32", "ViT-B-32-quickgelu", "laion400m_e32", "vit_b_32-quickgelu-laion400m_e32-46683a32.pt"),
            laion("ViT-B-32-quickgelu", "ViT-B-32-quickgelu", "laion400m_e31", "vit_b_32-quickgelu-laion400m_e31-d867053b.pt"),
            laion("ViT-B-32-quickgelu", "ViT-B-32-quickgelu", "laion400m_e32", "vit_b_32-quickgelu-laion400m_e32-46683a32.pt"),
            laion("ViT-B-16", "ViT-B-16", "laion400m_e31", "vit_b_16-laion400m_e31-00efa78f.pt"),
            laion("ViT-B-16", "ViT-B-16", "laion400m_e32", "vit_b_16-laion400m_e32-55e67d44.pt"),
            laion("ViT-B-16-plus-240", "ViT-B-16-plus-240", "laion400m_e31", "vit_b_16_plus_240-laion400m_e31-8fb26589.pt"),
            laion("ViT-B-16-plus-240", "ViT-B-16-plus-240", "laion400m_e32", "vit_b_16_plus_240-laion400m_e32-699c4b84.pt"),
            laion("ViT-L-14", "ViT-L-14", "laion400m_e31", "vit_l_14-laion400m_e31-69988bb6.pt"),
            laion("ViT-L-14", "ViT-L-14", "laion400m_e32", "vit_l_14-laion400m_e32-3d133497.pt")));

    private static PretrainedWeights laion(String model, String config, String tag, String file) {
        String stem = file.substring(0, file.lastIndexOf('.'));
        String prefix = stem.substring(stem.lastIndexOf('-') + 1);
        return new PretrainedWeights(model, tag, config, URI.create(RELEASE + file), prefix);
    }

    private final Map<String, PretrainedWeights> byName = new LinkedHashMap<>();

    /** A catalog of the given entries; a later entry with the same {@code MODEL/TAG} replaces an earlier one. */
    public PretrainedCatalog(List<PretrainedWeights> entries) {
        for (PretrainedWeights w : entries) byName.put(w.name(), w);
    }

    /** OpenCLIP's LAION-400M checkpoints (ViT-B-32, ViT-B-16, ViT-B-16-plus-240, ViT-L-14; epochs 31 and 32). */
    public static PretrainedCatalog openClipLaion400m() { return LAION400M; }

    /** Every entry, in table order. */
    public List<PretrainedWeights> entries() { return new ArrayList<>(byName.values()); }

    /**
     * The entry {@code MODEL/TAG} names, e.g. {@code ViT-B-16-plus-240/laion400m_e31}.
     *
     * @throws IllegalArgumentException naming the known entries when there is no such entry
     */
    public PretrainedWeights find(String modelSlashTag) {
        PretrainedWeights w = modelSlashTag == null ? null : byName.get(modelSlashTag.trim());
        if (w != null) return w;
        String known = byName.keySet().stream().collect(Collectors.joining(", "));
        String hint = modelSlashTag != null && !modelSlashTag.contains("/") ? " (expected MODEL/TAG)" : "";
        throw new IllegalArgumentException("unknown pretrained checkpoint '" + modelSlashTag + "'" + hint + "; known: " + known);
    }
}
