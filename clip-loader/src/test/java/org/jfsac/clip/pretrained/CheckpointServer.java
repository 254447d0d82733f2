package org.jfsac.clip.pretrained;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server on 127.0.0.1 serving one file at {@code /weights/NAME}, honouring {@code Range: bytes=N-}
 * (206 with Content-Range) unless told not to. It can cut the connection of its first responses part-way
 * (a full Content-Length is announced, fewer bytes are sent), and records the Range header of every request.
 */
final class CheckpointServer implements AutoCloseable {
    private final HttpServer server;
    private final byte[] body;
    private final String name;
    /** Range header of each request to the file, "" when none. */
    final List<String> ranges = new CopyOnWriteArrayList<>();
    /** How many more responses are cut after {@link #cutAfter} bytes of body. */
    final AtomicInteger cutsLeft = new AtomicInteger();
    volatile int cutAfter;
    volatile boolean honourRange = true;

    CheckpointServer(String name, byte[] body) throws IOException {
        this.name = name;
        this.body = body;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url(String file) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/weights/" + file);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestURI().getPath().equals("/weights/" + name)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            String range = ex.getRequestHeaders().getFirst("Range");
            ranges.add(range == null ? "" : range);
            int from = 0;
            if (range != null && honourRange) {
                from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
                if (from >= body.length) {
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            }
            int len = body.length - from;
            ex.sendResponseHeaders(from > 0 ? 206 : 200, len);
            OutputStream out = ex.getResponseBody();
            if (cutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                out.write(body, from, Math.min(cutAfter, len));
                out.flush();
                // Closing a fixed-length body early makes the server drop the connection: the client sees a cut.
                throw new IOException("cut on purpose");
            }
            out.write(body, from, len);
        }
    }

    @Override public void close() { server.stop(0); }
}
