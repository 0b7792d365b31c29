package io.nodus.metrics.impl;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The scrape endpoint: {@code GET /metrics} answers with what {@code scrape} renders; every other path is 404 and
 * every other method 405. Requests are served one at a time on a single daemon thread.
 */
final class MetricsHttpServer implements AutoCloseable {

    static final String PATH = "/metrics";
    static final int BACKLOG = 16;

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code address} (port 0: an ephemeral port) and starts serving. */
    static MetricsHttpServer start(InetSocketAddress address, Supplier<String> scrape) throws IOException {
        HttpServer server = HttpServer.create(address, BACKLOG);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nodus-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.createContext("/", exchange -> handle(exchange, scrape));
        server.setExecutor(executor);
        server.start();
        return new MetricsHttpServer(server, executor);
    }

    private static void handle(HttpExchange exchange, Supplier<String> scrape) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                reply(exchange, 404, "not found: metrics are at " + PATH + "\n", false);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "method not allowed\n", false);
            } else {
                exchange.getResponseHeaders().set("Content-Type", PrometheusTextWriter.CONTENT_TYPE);
                reply(exchange, 200, scrape.get(), method.equals("HEAD"));
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String body, boolean headOnly) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (status != 200) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        }
        exchange.sendResponseHeaders(status, headOnly ? -1 : bytes.length);
        if (!headOnly) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The port actually bound. */
    int port() {
        return server.getAddress().getPort();
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
