package org.jfsac.clip.pretrained;

import java.net.URI;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One published OpenCLIP checkpoint: the names OpenCLIP users know it by, where it is downloaded from, and the
 * SHA-256 its publisher gives for it.
 *
 * <p>{@code sha256} is what is published, which for OpenCLIP's LAION-400M release is only a prefix: OpenCLIP puts
 * the first 8 hex digits of the file's SHA-256 in its file name and checks exactly that ({@code
 * download_pretrained_from_url} in its {@code pretrained.py}). A full 64-digit value is verified in full, a prefix
 * as a prefix; {@link #fullyPinned()} says which.
 *
 * @param model      OpenCLIP model name, e.g. {@code ViT-B-16-plus-240}
 * @param tag        OpenCLIP pretrained tag, e.g. {@code laion400m_e31}
 * @param config     name of the built-in architecture the weights load into (see {@code ClipConfig.builtin})
 * @param url        where the checkpoint is downloaded from
 * @param sha256     the published SHA-256 of the file, lower-case hex: all 64 digits or a prefix of them
 */
public record PretrainedWeights(String model, String tag, String config, URI url, String sha256) {
    /** Checks the fields: a non-empty hex SHA-256 (prefix) and a URL whose path ends in a file name. */
    public PretrainedWeights {
        if (model == null || tag == null || config == null || url == null || sha256 == null) {
            throw new IllegalArgumentException("pretrained weights need a model, tag, config, URL and SHA-256");
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (sha256.isEmpty() || sha256.length() > 64 || !sha256.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException(model + "/" + tag + ": SHA-256 must be 1 to 64 hex digits, got '" + sha256 + "'");
        }
        if (fileNameOf(url).isEmpty()) throw new IllegalArgumentException(model + "/" + tag + ": URL has no file name: " + url);
    }

    /** {@code MODEL/TAG}, the form {@code --pretrained} takes. */
    public String name() { return model + "/" + tag; }

    /** The file name the checkpoint is cached under: the last segment of the URL's path. */
    public String fileName() { return fileNameOf(url); }

    /** Whether the whole SHA-256 is known (64 digits), rather than the published prefix only. */
    public boolean fullyPinned() { return sha256.length() == 64; }

    private static String fileNameOf(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
