package org.jfsac.spark;

import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.api.HeadDescription;
import org.jfsac.fsac.towers.ClipBackbone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The models of this JVM: each backbone is loaded once however many tasks (threads) ask for it, and each
 * head once per backbone. A CLIP checkpoint is hundreds of MB, so a per-task load would dominate the job;
 * the entries live as long as the executor (Spark reuses executor JVMs across jobs).
 */
public final class ExecutorModels {
    private ExecutorModels() {}

    private static final ConcurrentMap<BackboneSpec, ClipBackbone> BACKBONES = new ConcurrentHashMap<>();
    private static final ConcurrentMap<String, FsacClassifier> HEADS = new ConcurrentHashMap<>();
    private static final AtomicInteger BACKBONE_LOADS = new AtomicInteger();

    /** The backbone for spec, loaded by the first caller (the others wait for it). */
    public static ClipBackbone backbone(BackboneSpec spec) {
        return BACKBONES.computeIfAbsent(spec, s -> {
            try {
                ClipBackbone b = s.load();
                BACKBONE_LOADS.incrementAndGet();
                return b;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Makes {@code clip}, loaded by the caller from {@code spec}, this JVM's backbone for it (unless one is
     * already there), so that tasks running in this JVM (local mode) share it instead of loading it again.
     */
    public static void register(BackboneSpec spec, ClipBackbone clip) {
        BACKBONES.putIfAbsent(spec, clip);
    }

    /** The classifier of a head on the spec's backbone, loaded once. */
    public static FsacClassifier classifier(BackboneSpec spec, HeadDescription head) {
        return classifier(spec, head.sha256(), () -> head);
    }

    /**
     * The classifier of the head whose bytes hash to {@code sha256} ({@link HeadDescription#sha256()}), loaded once;
     * {@code head} is asked for only when this JVM has not loaded it yet (it may fetch a broadcast).
     */
    static FsacClassifier classifier(BackboneSpec spec, String sha256, Supplier<HeadDescription> head) {
        ClipBackbone clip = backbone(spec);
        return HEADS.computeIfAbsent(clip.weightsId + "/" + sha256, k -> {
            try {
                return head.get().load(clip);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** How many backbones this JVM has loaded since it started (for tests and monitoring). */
    public static int backboneLoads() { return BACKBONE_LOADS.get(); }
}
