package org.jfsac.bench.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * bench/scripts/openclip_peer.py kept running beside the JVM, so that its rounds can alternate with jfsac's and
 * ONNX Runtime's in one session. One request at a time; each answer is the list of per-call milliseconds.
 */
public final class TorchServer implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    /** The server's first line: torch version and thread count. */
    public final String banner;

    public TorchServer(Path exportDir, int threads) throws IOException {
        Path script = Path.of(System.getProperty("jfsac.bench.scripts", "bench/scripts")).resolve("openclip_peer.py");
        process = new ProcessBuilder(List.of(System.getProperty("jfsac.python", "/usr/bin/python3"), script.toString(),
                "serve", exportDir.toString(), "--threads", Integer.toString(threads)))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        banner = answer("ready");
    }

    /** Per-call ms of {@code reps} calls of kind ("encode" or "saliency") on a batch of the model. */
    public double[] time(String kind, String model, int batch, int reps) throws IOException {
        in.write(kind + " " + model + " " + batch + " " + reps + "\n");
        in.flush();
        String line = answer("ok");
        return Arrays.stream(line.substring(3).trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
    }

    /** Skips the reference code's own prints until a line starting with {@code prefix}; an "error" line stops the run. */
    private String answer(String prefix) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) return line;
            if (line.startsWith("error")) throw new IOException("PyTorch peer: " + line);
        }
        throw new IOException("PyTorch peer exited (status " + waitExit() + ")");
    }

    private int waitExit() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override public void close() throws IOException {
        try {
            in.write("quit\n");
            in.flush();
        } catch (IOException ignored) {
            // already gone
        }
        if (waitExit() != 0) System.err.println("PyTorch peer exit status " + process.exitValue());
    }
}
