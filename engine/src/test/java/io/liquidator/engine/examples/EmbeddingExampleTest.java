package io.liquidator.engine.examples;

import io.liquidator.engine.Liquidator;
import io.liquidator.engine.cli.LiquidatorCli;
import io.liquidator.engine.margin.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the README's embedding example: the listener gets one margin call (at 59,250) and one
 * liquidation at the 59,000 tick with the bankruptcy price 60,000 - 1,000 / 1 = 59,000; with a
 * journal, {@code liquidator dump} reads the same events back.
 */
class EmbeddingExampleTest {
    @Test
    void theListenerReceivesTheLiquidationWithItsBankruptcyPrice(@TempDir final Path dir) {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final EmbeddingExample.Outcome o = EmbeddingExample.run(dir.resolve("events"),
            new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(List.of(42L), o.marginCalls());
        assertEquals(List.of(new EmbeddingExample.Liquidation(o.lastTick(), 42, 0, Side.LONG, 1_000, 590_000L, 590_000L)),
            o.liquidations());
        assertEquals("account 42 liquidated: long 1 BTCUSDT at mark 59000, bankruptcy price 59000 (input " + o.lastTick()
            + ")\n", printed.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));

        final ByteArrayOutputStream dumped = new ByteArrayOutputStream();
        final int code = LiquidatorCli.run(new String[]{"dump", dir.resolve("events").toString()},
            new PrintStream(dumped, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, code);
        final List<String> events = dumped.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, events.size(), events.toString());
        assertTrue(events.get(0).startsWith("{\"kind\":\"MARGIN_CALL\""), events.get(0));
        assertTrue(events.get(1).startsWith("{\"kind\":\"LIQUIDATION\"") && events.get(1).contains("\"bankruptcy_price\":\"59000.0\""),
            events.get(1));
        assertTrue(events.get(2).startsWith("{\"kind\":\"INSURANCE_FUND\""), events.get(2));
    }

    @Test
    void rawInputsRejectionsAndBadTextInput() {
        final AtomicInteger rejections = new AtomicInteger();
        try (Liquidator engine = Liquidator.builder().listener(new Liquidator.Listener() {
            @Override
            public void onRejection(final long inputSeq, final long ts, final int kind, final long account,
                                    final int instrument, final int reason, final long line) {
                rejections.incrementAndGet();
            }
        }).build()) {
            final int btc = engine.instrumentId("BTCUSDT");
            assertEquals(1, engine.markPrice(1, btc, 600_000L));
            final long rejected = engine.markPrice(2, btc, -1);                        // not a positive price
            assertEquals(3, engine.wallet(3, 7, "USDT", "100"));
            assertTrue(engine.awaitProcessed(3, Duration.ofSeconds(10)));
            assertEquals(2, rejected);
            assertEquals(1, rejections.get());
            assertThrows(IllegalArgumentException.class, () -> engine.markPrice(4, "BTCUSDT", "60000.05")); // off tick
            assertThrows(IllegalArgumentException.class, () -> engine.markPrice(4, "DOGEUSDT", "1"));
            assertThrows(IllegalArgumentException.class, () -> engine.position(4, 1, "BTCUSDT", "up", "1", "1", "1"));
            assertEquals(3, engine.lastSequence(), "a refused call takes no sequence");
        }
    }

    @Test
    void withSnapshotsARestartResumesTheStateAndTheSequence(@TempDir final Path dir) {
        final long last;
        try (Liquidator engine = Liquidator.builder().snapshots(dir.resolve("snaps"), 0).build()) {
            engine.markPrice(1, "BTCUSDT", "60000");
            engine.position(2, 1, "BTCUSDT", "short", "0.5", "60000", "3000");
            last = engine.crossPosition(3, 2, "BTCUSDT", "long", "1", "60000");
        } // a snapshot at close
        final AtomicInteger liquidations = new AtomicInteger();
        try (Liquidator engine = Liquidator.builder().snapshots(dir.resolve("snaps"), 0).listener(new Liquidator.Listener() {
            @Override
            public void onLiquidation(final long inputSeq, final long ts, final long account, final int instrument,
                                      final int side, final long qty, final boolean cross, final long mark,
                                      final long bankruptcyPrice, final long equity, final long mm, final int tier,
                                      final long marginRatio, final int rule) {
                liquidations.incrementAndGet();
            }
        }).build()) {
            assertEquals(last, engine.resumeAfterInput());
            assertEquals(last, engine.lastSequence());
            // the cross long has no wallet: liquidated on the next tick of its market
            final long tick = engine.markPrice(4, "BTCUSDT", "59990");
            assertEquals(last + 1, tick);
            assertTrue(engine.awaitProcessed(tick, Duration.ofSeconds(10)));
            assertEquals(1, liquidations.get());
        }
    }
}
