package org.jfsac.fsac.api;

import org.jfsac.fsac.towers.ClipModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where a head's CLIP checkpoint lives. Saved with the head: the absolute path, the path relative to the head's
 * folder and the file size (the SHA-256 is the head's {@code clip_weights}). Found again, on this machine or
 * another: relative to the head (a folder moved or copied as a whole), then at the recorded path, then by hash
 * among the files of the recorded size beside the head and in the recorded folders.
 */
public final class CheckpointRef {
    private CheckpointRef() {}

    /** Metadata key: the checkpoint's absolute path when the head was saved. */
    public static final String ABSOLUTE = "checkpoint";
    /** Metadata key: the checkpoint's path relative to the head's folder ('/'-separated). */
    public static final String RELATIVE = "checkpoint_relative";
    /** Metadata key: the checkpoint's size in bytes (only files of this size are hashed when searching). */
    public static final String BYTES = "checkpoint_bytes";
    /** The checkpoint's SHA-256, written by {@link FsacClassifier#save}. */
    public static final String SHA256 = "clip_weights";

    /** Metadata entries (for {@link FsacClassifier#save(Path, Map)}) of a head to be written to {@code head} that uses {@code checkpoint}. */
    public static Map<String, String> record(Path checkpoint, Path head) throws IOException {
        Path ck = checkpoint.toAbsolutePath().normalize();
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ABSOLUTE, ck.toString());
        Path dir = folderOf(head);
        if (ck.getRoot() != null && ck.getRoot().equals(dir.getRoot()))
            m.put(RELATIVE, dir.relativize(ck).toString().replace(ck.getFileSystem().getSeparator(), "/"));
        m.put(BYTES, Long.toString(Files.size(ck)));
        return m;
    }

    /**
     * The checkpoint of the head stored in {@code head} with metadata {@code meta}.
     *
     * @throws NoSuchFileException naming every place looked at when no candidate fits
     */
    public static Path locate(Path head, Map<String, String> meta) throws IOException {
        Path dir = folderOf(head);
        long bytes = meta.containsKey(BYTES) ? Long.parseLong(meta.get(BYTES)) : -1;
        List<String> looked = new ArrayList<>();
        Set<Path> folders = new LinkedHashSet<>();
        folders.add(dir);
        for (String key : List.of(RELATIVE, ABSOLUTE)) {
            if (!meta.containsKey(key)) continue;
            Path p = dir.resolve(meta.get(key)).normalize(); // an absolute path resolves to itself
            if (Files.isRegularFile(p) && (bytes < 0 || Files.size(p) == bytes)) return p;
            looked.add(p + (key.equals(RELATIVE) ? " (relative to the head)" : " (recorded path)")
                    + (Files.isRegularFile(p) ? " is another file (size differs)" : ""));
            if (p.getParent() != null) folders.add(p.getParent());
        }
        if (looked.isEmpty() && bytes < 0)
            throw new NoSuchFileException(head.toString(), null, "the head records no checkpoint; pass --checkpoint");
        if (bytes >= 0 && meta.containsKey(SHA256)) {
            String sha = meta.get(SHA256);
            for (Path f : folders) {
                Path found = byHash(f, bytes, sha);
                if (found != null) return found;
            }
            looked.add("files of " + bytes + " bytes with SHA-256 " + sha.substring(0, Math.min(12, sha.length())) + "… in "
                    + String.join(", ", folders.stream().map(Path::toString).toList()));
        }
        throw new NoSuchFileException(head.toString(), null, "checkpoint not found; looked at " + String.join("; ", looked) + "; pass --checkpoint");
    }

    /** Only files of the recorded size are hashed, so the search reads at most a few candidates. */
    private static Path byHash(Path folder, long bytes, String sha) throws IOException {
        if (!Files.isDirectory(folder)) return null;
        List<Path> sameSize = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.sorted().toList()) if (Files.isRegularFile(p) && Files.size(p) == bytes) sameSize.add(p);
        }
        for (Path p : sameSize) if (ClipModels.sha256(p).equals(sha)) return p;
        return null;
    }

    private static Path folderOf(Path head) {
        Path abs = head.toAbsolutePath().normalize();
        return abs.getParent() != null ? abs.getParent() : abs;
    }
}
