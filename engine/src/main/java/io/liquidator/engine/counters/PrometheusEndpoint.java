package io.liquidator.engine.counters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The counters in Prometheus' text exposition format on {@code GET /metrics} (JDK
 * {@link HttpServer}, one daemon thread), for exchanges that scrape metrics rather than run
 * {@code liquidator stat}. A scrape reads the same mapped counters {@code stat} does, on the
 * server's own thread: it allocates there, never on the engine thread, and never waits on it.
 *
 * <p>Names: {@code liquidator_} + the counter's name with dots as underscores; inputs, events,
 * rejections and snapshots taken/skipped/failed are counters ({@code _total}), the rest gauges.
 */
public final class PrometheusEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final CountersReader reader;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        final Thread t = new Thread(r, "liquidator-metrics");
        t.setDaemon(true);
        return t;
    });

    private PrometheusEndpoint(final HttpServer server, final CountersReader reader) {
        this.server = server;
        this.reader = reader;
    }

    /** Serves {@code reader}'s counters on {@code address} (port 0: any free port). */
    public static PrometheusEndpoint start(final InetSocketAddress address, final CountersReader reader) throws IOException {
        final HttpServer server = HttpServer.create(address, 16);
        final PrometheusEndpoint endpoint = new PrometheusEndpoint(server, reader);
        server.createContext("/metrics", endpoint::handle);
        server.setExecutor(endpoint.executor);
        server.start();
        return endpoint;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The exposition text of the counters now. */
    public String scrape() {
        final StringBuilder b = new StringBuilder(4096);
        reader.forEach((value, id, label) -> {
            final int type = reader.getCounterTypeId(id);
            final boolean counter = type == EngineCounters.TYPE_INPUTS || type == EngineCounters.TYPE_EVENTS
                || type == EngineCounters.TYPE_REJECTIONS || label.equals("snapshots.taken")
                || label.equals("snapshots.skipped") || label.equals("snapshots.failed");
            final String name = "liquidator_" + label.replace('.', '_').toLowerCase(Locale.ROOT) + (counter ? "_total" : "");
            b.append("# TYPE ").append(name).append(counter ? " counter" : " gauge").append('\n');
            b.append(name).append(' ').append(value).append('\n');
        });
        return b.toString();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            final byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * Stops serving and waits for a scrape in progress (at most a few seconds): call it before the
     * counters file is unmapped, which a scrape still reading it would not survive.
     */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
