package org.jfsac.bench.peers;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The ONNX Runtime Java peer: an image tower exported by bench/scripts/export_onnx.py, on the CPU execution provider
 * with all graph optimisations, {@code threads} intra-op threads and one inter-op thread (sequential execution).
 */
public final class OrtTower implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final int size;

    public OrtTower(Path onnx, int imageSize, int threads) throws OrtException {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            session = env.createSession(onnx.toString(), o);
        }
        size = imageSize;
    }

    /** Embeddings [batch][E] of pixels [batch, 3, S, S] (normalised, flat). */
    public float[][] encode(float[] pixels, int batch) throws OrtException {
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[]{batch, 3, size, size});
             OrtSession.Result r = session.run(Map.of("pixels", x))) {
            return (float[][]) r.get(0).getValue();
        }
    }

    /** ORT's version, for table headers. */
    public static String version() { return OrtEnvironment.getEnvironment().getVersion(); }

    @Override public void close() throws OrtException { session.close(); }
}
