package io.liquidator.engine.examples;

import io.liquidator.engine.Liquidator;
import io.liquidator.engine.margin.Side;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Embedding the engine in a Java backend (the README's example): build it with a listener, publish
 * a position and a falling mark, and receive the margin call and the liquidation. Run it with
 * {@code java ... io.liquidator.engine.examples.EmbeddingExample [JOURNAL_DIR]};
 * {@code EmbeddingExampleTest} runs it and checks what it received.
 */
public final class EmbeddingExample {
    /** What the listener keeps of a liquidation: copied off the engine thread's primitives. */
    public record Liquidation(long inputSeq, long account, int instrument, int side, long qty, long markPrice,
                              long bankruptcyPrice) {
    }

    /** What the example saw: the liquidations, the margin calls, and the input sequence of the last tick. */
    public record Outcome(List<Liquidation> liquidations, List<Long> marginCalls, long lastTick) {
    }

    private EmbeddingExample() {
    }

    public static void main(final String[] args) {
        run(args.length > 0 ? Path.of(args[0]) : null, System.out);
    }

    /** @param journal an output journal directory, or null for none */
    public static Outcome run(final Path journal, final PrintStream out) {
        final List<Liquidation> liquidations = new CopyOnWriteArrayList<>();
        final List<Long> marginCalls = new CopyOnWriteArrayList<>();

        // 1. a listener: override what you need; it runs on the engine thread, so copy and return
        final Liquidator.Listener listener = new Liquidator.Listener() {
            @Override
            public void onMarginCall(final long inputSeq, final long ts, final long account, final int instrument,
                                     final boolean cross, final int level, final long levelRatio, final long mark,
                                     final long equity, final long maintenanceMargin, final int tier,
                                     final long marginRatio) {
                marginCalls.add(account);
            }

            @Override
            public void onLiquidation(final long inputSeq, final long ts, final long account, final int instrument,
                                      final int side, final long qty, final boolean cross, final long mark,
                                      final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                                      final int tier, final long marginRatio, final int rule) {
                liquidations.add(new Liquidation(inputSeq, account, instrument, side, qty, mark, bankruptcyPrice));
            }
        };

        // 2. build: the bundled BTCUSDT/ETHUSDT/BTCUSD configuration and default settings unless given
        final Liquidator.Builder builder = Liquidator.builder().listener(listener);
        if (journal != null) {
            builder.journal(journal); // optional: also journal every event (liquidator dump DIR reads it)
        }
        final long lastTick;
        try (Liquidator engine = builder.build()) {
            // 3. publish: account 42 goes long 1 BTC at 60,000 with 1,000 USDT of isolated margin
            long ts = System.currentTimeMillis();
            engine.position(ts, 42, "BTCUSDT", "long", "1", "60000", "1000");
            // ... and the mark falls: 59,250 is a margin call, 59,000 leaves no equity
            engine.markPrice(++ts, "BTCUSDT", "60000");
            engine.markPrice(++ts, "BTCUSDT", "59500");
            engine.markPrice(++ts, "BTCUSDT", "59250");
            lastTick = engine.markPrice(++ts, "BTCUSDT", "59000");

            // 4. the engine is asynchronous: wait until it has handled the last tick
            if (!engine.awaitProcessed(lastTick, Duration.ofSeconds(10))) {
                throw new IllegalStateException("the engine did not handle the ticks in time");
            }
            for (final Liquidation l : liquidations) {
                out.printf("account %d liquidated: %s %s %s at mark %s, bankruptcy price %s (input %d)%n", l.account(),
                    l.side() == Side.LONG ? "long" : "short", engine.qty(l.instrument(), l.qty()),
                    engine.config().instruments().get(l.instrument()).symbol(), engine.price(l.instrument(), l.markPrice()),
                    engine.price(l.instrument(), l.bankruptcyPrice()), l.inputSeq());
            }
        } // 5. close: drains the ring, stops the engine thread, closes the journal
        return new Outcome(List.copyOf(liquidations), List.copyOf(marginCalls), lastTick);
    }
}
