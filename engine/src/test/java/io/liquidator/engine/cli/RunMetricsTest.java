package io.liquidator.engine.cli;

import io.liquidator.engine.app.TickPublisher;
import io.liquidator.engine.config.LiquidatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code run --metrics-port}: while run tails its input (in-process, on a thread), a scrape of
 * {@code http://127.0.0.1:PORT/metrics} returns the counters in Prometheus' text format.
 */
class RunMetricsTest {
    @Test
    void runServesItsCountersToPrometheus(@TempDir final Path dir) throws Exception {
        final Path queue = dir.resolve("in");
        try (TickPublisher feed = TickPublisher.open(queue, LiquidatorConfig.bundledDefault())) {
            feed.position(1000, 1, "BTCUSDT", "long", "1", "60000", "1000");
            feed.markPrice(2000, "BTCUSDT", "60000");
            feed.markPrice(3000, "BTCUSDT", "59000");
        }
        final int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        final AtomicReference<Cli.Result> result = new AtomicReference<>();
        final Thread run = new Thread(() -> result.set(Cli.run("run", "--in", queue.toString(), "--out",
            dir.resolve("out").toString(), "--metrics-port", Integer.toString(port), "--exit-when-idle", "2000")));
        run.start();
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(5)).build();
        String body = null;
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && run.isAlive()) {
            try {
                final HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
                body = r.body();
                if (body.contains("\nliquidator_events_liquidation_total 1\n")) {
                    break;
                }
            } catch (final IOException notYet) {
                // the server starts with the run
            }
            Thread.sleep(50);
        }
        run.join(30_000);
        assertTrue(body != null && body.contains("\nliquidator_events_liquidation_total 1\n"), String.valueOf(body));
        assertTrue(body.startsWith("# TYPE liquidator_inputs_ticks_total counter\nliquidator_inputs_ticks_total 2\n"), body);
        assertTrue(body.contains("# TYPE liquidator_engine_open_positions gauge\nliquidator_engine_open_positions 0\n"), body);
        assertTrue(body.contains("\nliquidator_ring_capacity 16384\n"), body);
        final Cli.Result r = result.get();
        if (r == null) {
            fail("run did not end");
        }
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("run: metrics on http://localhost:" + port + "/metrics"), r.out());
    }

    @Test
    void aBadPortIsOneLine(@TempDir final Path dir) {
        final Cli.Result r = Cli.run("run", "--in", dir.resolve("in").toString(), "--out", dir.resolve("out").toString(),
            "--metrics-port", "70000");
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(java.util.List.of("liquidator run: --metrics-port must be a port number (0-65535), not 70000"),
            r.errLines());
    }
}
