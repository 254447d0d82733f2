package org.jfsac.fsac.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FeatureCacheTest {
    @TempDir Path tmp;

    @Test
    void storesReadsAndKeysOnContentIdentity() throws Exception {
        FeatureCache c = new FeatureCache(tmp.resolve("cache"));
        String k = FeatureCache.key("weights", "squash-240", "a.png");
        assertNull(c.get(k));
        float[] v = {1f, -2.5f, Float.MIN_VALUE, 3e30f};
        c.put(k, v);
        assertArrayEquals(v, c.get(k));
        assertArrayEquals(v, new FeatureCache(tmp.resolve("cache")).get(k), "persists across instances (re-runs)");

        Path img = tmp.resolve("x.png");
        Files.write(img, new byte[]{1, 2, 3});
        String k1 = FeatureCache.imageKey("w", "p", img);
        assertNotEquals(k1, FeatureCache.imageKey("w2", "p", img), "other weights");
        assertNotEquals(k1, FeatureCache.imageKey("w", "p2", img), "other preprocessing");
        Files.setLastModifiedTime(img, FileTime.fromMillis(Files.getLastModifiedTime(img).toMillis() + 5000));
        assertNotEquals(k1, FeatureCache.imageKey("w", "p", img), "an edited file is re-encoded");

        // a corrupt entry is a miss, not an error
        String k2 = FeatureCache.key("corrupt");
        c.put(k2, v);
        try (var s = Files.walk(tmp.resolve("cache"))) {
            Path f = s.filter(p -> p.getFileName().toString().startsWith(k2)).findFirst().orElseThrow();
            Files.write(f, new byte[]{0, 1});
        }
        assertNull(c.get(k2));
        assertNull(FeatureCache.disabled().get(k));
    }
}
