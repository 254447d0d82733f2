package org.jfsac.fsac.api;

import org.jfsac.clip.checkpoint.CheckpointReader;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.method.AuthorsNames;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.method.FsacHead;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Heads trained with the CLIP-FSAC++ authors' own code, imported. Their train.py saves
 * {@code torch.save({"image_state_dict": image_head.state_dict(), "text_state_dict": text_head.state_dict()}, f)}
 * (sometimes with an {@code image_path} list, which is ignored). The file is read by the same allow-list
 * unpickler as CLIP checkpoints (nothing in it can run), every tensor is mapped onto jfsac's names
 * ({@link AuthorsNames}) and checked against the width; {@code attention_linear} and {@code norm}, which
 * their forward never uses, are checked and dropped.
 *
 * <pre>{@code
 * FsacClassifier c = AuthorsHeads.importHead(clip, Path.of("candle_shot_1_bs.pt"), "candle", FsacConfig.preset("visa"));
 * c.save(Path.of("candle.head.safetensors"));   // used by FsacClassifier.load and `jfsac predict`
 * }</pre>
 * Use the configuration the head was trained with: the authors' published code has the VisA residual
 * ratios (0.1/0.9) and γ1 = 0.7, i.e. preset "visa" with the code forms.
 */
public final class AuthorsHeads {
    /** The two state dicts in the authors' file, and the module prefix each one's names get in {@link AuthorsNames}. */
    private static final Map<String, String> MODULES = Map.of("image_state_dict", "image_head", "text_state_dict", "text_head");
    private static final List<String> KEYS = List.copyOf(MODULES.keySet());

    private AuthorsHeads() {}

    /**
     * The head's weights under jfsac's names, checked: every tensor present with its shape at width
     * {@code dim}, nothing else, finite values.
     * @throws IOException one line naming the file and the problem (format, refused pickle, missing or
     *                     misshapen tensor)
     */
    public static LinkedHashMap<String, HostTensor> read(Path file, int dim) throws IOException {
        LinkedHashMap<String, HostTensor> theirs = new LinkedHashMap<>();
        CheckpointReader.readNested(file, KEYS).forEach((name, t) -> theirs.put(moduleName(name), t));
        return AuthorsNames.toJfsac(theirs, dim, "authors' head " + file, AuthorsHeads::fileName);
    }

    /** A head with the imported weights, on {@code backend}. */
    public static FsacHead load(Backend backend, Path file, int dim) throws IOException {
        FsacHead head = new FsacHead(backend, dim, Rng.zeros());
        Map<String, Tensor> values = new LinkedHashMap<>();
        read(file, dim).forEach((k, v) -> values.put(k, Tensor.of(backend, v.data(), v.shape())));
        head.loadStateDict(values);
        return head;
    }

    /**
     * A fitted classifier for {@code className} that scores with the imported head and the CPE text
     * prototypes of that class (computed now, as the authors compute theirs). Save it with
     * {@link FsacClassifier#save} to get a jfsac head file.
     */
    public static FsacClassifier importHead(ClipBackbone clip, Path file, String className, FsacConfig cfg) throws IOException {
        FsacHead head = load(clip.model.backend(), file, clip.embedDim());
        return FsacClassifier.create(clip, className, cfg).withHead(head);
    }

    /** {@code image_state_dict.linear.weight} → {@code image_head.linear.weight}. */
    private static String moduleName(String fileName) {
        int dot = fileName.indexOf('.');
        return MODULES.get(fileName.substring(0, dot)) + fileName.substring(dot);
    }

    /** The inverse, to name a tensor in an error as the file keys it. */
    private static String fileName(String moduleName) {
        int dot = moduleName.indexOf('.');
        String module = moduleName.substring(0, dot);
        for (var e : MODULES.entrySet()) if (e.getValue().equals(module)) return e.getKey() + "[" + moduleName.substring(dot + 1) + "]";
        return moduleName;
    }
}
