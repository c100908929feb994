package io.liquidator.engine;

import io.liquidator.engine.app.EngineSession;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.EventSink;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.Rates;
import io.liquidator.engine.pipeline.EnginePipeline;
import io.liquidator.engine.pipeline.InputPublisher;
import io.liquidator.engine.pipeline.WaitStrategyChoice;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine embedded in a Java backend: publish mark prices, positions, wallets and funding; get
 * margin calls, liquidations, insurance-fund moves and auto-deleveraging back through a listener.
 * A thin front over what {@code liquidator run} uses ({@link EngineSession}: the engine on its own
 * thread behind a Disruptor ring, optionally an output journal and snapshots), so an embedded engine
 * decides exactly what the CLI's would on the same inputs.
 *
 * <pre>{@code
 * try (Liquidator engine = Liquidator.builder()
 *         .listener(new Liquidator.Listener() {
 *             public void onLiquidation(long inputSeq, long ts, long account, int instrument, int side, long qty,
 *                                       boolean cross, long mark, long bankruptcyPrice, long equity, long mm,
 *                                       int tier, long marginRatio, int rule) { ... }
 *         })
 *         .build()) {
 *     engine.position(ts, 42, "BTCUSDT", "long", "1", "60000", "1000");
 *     engine.markPrice(ts, "BTCUSDT", "59000");
 * }
 * }</pre>
 *
 * <p>Threads: publish from one thread, the one that called {@link Builder#build()} (the ring has a
 * single producer, the cheapest claim). The listener is called on the engine thread, in input
 * order, with primitives (raw fixed-point in the instrument's scales; {@link #price} and
 * {@link #balance} format them): it must copy what it keeps and should not block. Each publish
 * returns the input sequence it was given, which the events it causes carry; {@link #awaitProcessed}
 * waits until the engine has handled it. Publishing by symbol and decimal text validates and
 * allocates a little; the raw overloads allocate nothing.
 */
public final class Liquidator implements AutoCloseable {
    private final EngineSession session;
    private final LiquidatorConfig config;
    private final InputPublisher input;
    private final AtomicLong processed = new AtomicLong(Long.MIN_VALUE);
    private long sequence;

    private Liquidator(final Builder b) {
        this.config = b.config;
        final EngineSession.Options options = EngineSession.options(b.config, b.settings)
            .ringSize(b.ringSize)
            .waitStrategy(b.waitStrategy)
            .listener(b.listener)
            // lazySet: an ordered store, no allocation, on the engine thread after each input
            .afterInput(processed::lazySet);
        if (b.journal != null) {
            options.output(b.journal);
        }
        if (b.snapshots != null) {
            options.snapshots(b.snapshots, b.snapshotEvery);
        }
        this.session = options.open();
        this.input = session.input();
        this.sequence = session.resumeAfterInput() == Long.MIN_VALUE ? 0 : session.resumeAfterInput();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------------------------------------
    // Inputs by symbol and decimal text (validated against the configuration)

    /** A mark price, e.g. {@code markPrice(ts, "BTCUSDT", "60012.3")}: the tick. Returns its input sequence. */
    public long markPrice(final long timestamp, final String symbol, final CharSequence price) {
        final Instrument inst = instrument(symbol);
        return markPrice(timestamp, inst.id(), onGrid(parse(price, inst.priceScale(), "price"), inst.tickSize(), "price", price));
    }

    /** An isolated position's new state (not a delta; qty "0" closes it); margin in the settlement asset. */
    public long position(final long timestamp, final long account, final String symbol, final String side,
                         final CharSequence qty, final CharSequence entryPrice, final CharSequence isolatedMargin) {
        final Instrument inst = instrument(symbol);
        return position(timestamp, account, inst.id(), side(side), qty(inst, qty), entry(inst, entryPrice), false,
            parse(isolatedMargin, inst.balanceScale(), "margin"));
    }

    /** A cross position's new state; its account's wallet in the settlement asset is set with {@link #wallet}. */
    public long crossPosition(final long timestamp, final long account, final String symbol, final String side,
                              final CharSequence qty, final CharSequence entryPrice) {
        final Instrument inst = instrument(symbol);
        return position(timestamp, account, inst.id(), side(side), qty(inst, qty), entry(inst, entryPrice), true, 0);
    }

    /** Closes an account's position on {@code symbol} (a position update with quantity 0). */
    public long closePosition(final long timestamp, final long account, final String symbol) {
        return position(timestamp, account, instrument(symbol).id(), Side.LONG, 0, 0, false, 0);
    }

    /** An account's cross wallet balance, e.g. {@code wallet(ts, 42, "USDT", "5000")}. */
    public long wallet(final long timestamp, final long account, final String asset, final CharSequence balance) {
        final Integer scale = config.assets().get(asset);
        if (scale == null) {
            throw new IllegalArgumentException("unknown asset " + asset + " (the configuration has "
                + String.join(", ", config.assets().keySet()) + ")");
        }
        return wallet(timestamp, account, config.assetId(asset), parse(balance, scale, "balance"));
    }

    /** A funding settlement at the current mark, e.g. {@code funding(ts, "BTCUSDT", "0.0001")} (longs pay 0.01 %). */
    public long funding(final long timestamp, final String symbol, final CharSequence rate) {
        return funding(timestamp, instrument(symbol).id(), parse(rate, Rates.SCALE_DIGITS, "rate"));
    }

    // ---------------------------------------------------------------------------------------------
    // Raw inputs (instrument ids and fixed-point values as the engine holds them): no allocation

    /** A mark price in raw units of the instrument's price scale. */
    public long markPrice(final long timestamp, final int instrument, final long rawPrice) {
        final long seq = ++sequence;
        input.publishMarkPrice(seq, timestamp, instrument, rawPrice);
        return seq;
    }

    /** A position in raw units: side {@link Side#LONG}/{@link Side#SHORT}, qty, entry price, isolated margin. */
    public long position(final long timestamp, final long account, final int instrument, final int side,
                         final long rawQty, final long rawEntryPrice, final boolean cross, final long rawIsolatedMargin) {
        final long seq = ++sequence;
        input.publishPosition(seq, timestamp, account, instrument, side, rawQty, rawEntryPrice, cross, rawIsolatedMargin);
        return seq;
    }

    /** A cross wallet balance in raw balance units of the asset ({@link #assetId}). */
    public long wallet(final long timestamp, final long account, final int asset, final long rawBalance) {
        final long seq = ++sequence;
        input.publishWallet(seq, timestamp, account, asset, rawBalance);
        return seq;
    }

    /** A funding rate in {@link Rates} units (1e-8). */
    public long funding(final long timestamp, final int instrument, final long rawRate) {
        final long seq = ++sequence;
        input.publishFunding(seq, timestamp, instrument, rawRate);
        return seq;
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Waits until the engine has handled input {@code inputSequence} (and so every one before it),
     * its events delivered to the listener. Returns false on timeout.
     *
     * @throws IllegalStateException if the engine thread has failed
     */
    public boolean awaitProcessed(final long inputSequence, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        int spins = 0;
        while (processed.get() < inputSequence) {
            final Throwable failed = session.failure();
            if (failed != null) {
                throw new IllegalStateException("the engine thread failed", failed);
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(50_000);
            }
        }
        return true;
    }

    /** The last input sequence given out (0 before any; after a restore, where the snapshot left off). */
    public long lastSequence() {
        return sequence;
    }

    /** The last input sequence the engine has handled (any thread). */
    public long lastProcessed() {
        return processed.get();
    }

    /** Inputs up to and including this sequence were restored from a snapshot (Long.MIN_VALUE: none). */
    public long resumeAfterInput() {
        return session.resumeAfterInput();
    }

    public LiquidatorConfig config() {
        return config;
    }

    /** The instrument id of {@code symbol} (what events carry), or throws. */
    public int instrumentId(final String symbol) {
        return instrument(symbol).id();
    }

    /** The asset id of {@code asset}, or -1. */
    public int assetId(final String asset) {
        return config.assets().containsKey(asset) ? config.assetId(asset) : -1;
    }

    /** A raw price of {@code instrument} as decimal text, e.g. {@code "59246.2"}. */
    public String price(final int instrument, final long rawPrice) {
        return Decimals.formatTrimmed(rawPrice, config.instruments().get(instrument).priceScale());
    }

    /** A raw quantity of {@code instrument} as decimal text. */
    public String qty(final int instrument, final long rawQty) {
        return Decimals.formatTrimmed(rawQty, config.instruments().get(instrument).qtyScale());
    }

    /** A raw amount in {@code instrument}'s settlement asset as decimal text. */
    public String balance(final int instrument, final long rawAmount) {
        return Decimals.formatTrimmed(rawAmount, config.instruments().get(instrument).balanceScale());
    }

    /**
     * The engine itself, for queries such as {@link LiquidationEngine#openPositions()}: only once
     * {@link #close()} has returned (before that it belongs to the engine thread).
     */
    public LiquidationEngine engine() {
        return session.engine();
    }

    /** Drains every input published so far, stops the engine thread, closes journal and snapshots. */
    @Override
    public void close() {
        session.close();
    }

    private Instrument instrument(final String symbol) {
        return config.instrument(symbol).orElseThrow(() -> new IllegalArgumentException("unknown instrument " + symbol));
    }

    private static int side(final String side) {
        if ("long".equalsIgnoreCase(side)) {
            return Side.LONG;
        }
        if ("short".equalsIgnoreCase(side)) {
            return Side.SHORT;
        }
        throw new IllegalArgumentException("side must be long or short, not " + side);
    }

    private static long qty(final Instrument inst, final CharSequence qty) {
        return onGrid(parse(qty, inst.qtyScale(), "qty"), inst.stepSize(), "qty", qty);
    }

    private static long entry(final Instrument inst, final CharSequence price) {
        return onGrid(parse(price, inst.priceScale(), "entry price"), inst.tickSize(), "entry price", price);
    }

    private static long parse(final CharSequence text, final int scale, final String what) {
        try {
            return Decimals.parse(text, scale);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " " + text + ": " + e.getMessage(), e);
        }
    }

    private static long onGrid(final long raw, final long grid, final String what, final CharSequence text) {
        if (raw % grid != 0) {
            throw new IllegalArgumentException(what + " " + text + " is not a multiple of " + grid + " raw units");
        }
        return raw;
    }

    /**
     * An {@link EventSink} whose methods all do nothing: override the ones you need. Called on the
     * engine thread with primitives; see {@link EventSink} for what each argument means.
     */
    public interface Listener extends EventSink {
        @Override
        default void onMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                                  final boolean cross, final int level, final long levelRatio, final long markPrice,
                                  final long equity, final long maintenanceMargin, final int tier,
                                  final long marginRatio) {
        }

        @Override
        default void onPartialLiquidation(final long inputSeq, final long timestamp, final long account,
                                          final int instrument, final int side, final long closedQty,
                                          final long remainingQty, final long markPrice, final long bankruptcyPrice,
                                          final long equity, final long maintenanceMargin, final int tier,
                                          final long marginRatio, final int rule) {
        }

        @Override
        default void onLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                                   final int side, final long qty, final boolean cross, final long markPrice,
                                   final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                                   final int tier, final long marginRatio, final int rule) {
        }

        @Override
        default void onInsuranceFund(final long inputSeq, final long timestamp, final long account,
                                     final int instrument, final int asset, final long delta, final long balanceAfter) {
        }

        @Override
        default void onAdl(final long inputSeq, final long timestamp, final long account, final int instrument,
                           final int side, final long qty, final long price, final long liquidatedAccount,
                           final long rankScore) {
        }

        @Override
        default void onRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                                 final int instrument, final int reason, final long line) {
        }

        @Override
        default void onGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                             final int state, final long price, final long referencePrice) {
        }
    }

    /** Settings of an embedded engine; everything has a default. */
    public static final class Builder {
        private LiquidatorConfig config = LiquidatorConfig.bundledDefault();
        private EngineSettings settings = EngineSettings.defaults();
        private EventSink listener;
        private Path journal;
        private Path snapshots;
        private long snapshotEvery;
        private WaitStrategyChoice waitStrategy = WaitStrategyChoice.DEFAULT;
        private int ringSize = EnginePipeline.DEFAULT_RING_SIZE;

        private Builder() {
        }

        /** Instruments, brackets and assets (default: the bundled BTCUSDT, ETHUSDT, BTCUSD). */
        public Builder config(final LiquidatorConfig cfg) {
            this.config = require(cfg, "config");
            return this;
        }

        /** Margin-call levels, liquidation policy, insurance fund (default {@link EngineSettings#defaults()}). */
        public Builder settings(final EngineSettings engineSettings) {
            this.settings = require(engineSettings, "settings");
            return this;
        }

        /** Receives every event on the engine thread ({@link Listener}, or any {@link EventSink}). */
        public Builder listener(final EventSink sink) {
            this.listener = require(sink, "listener");
            return this;
        }

        /**
         * Also journal the events (Chronicle Queue) in {@code dir}, for {@code liquidator dump} and
         * the downstream consumers; default: no journal. A journal that already holds events is
         * checked against the events of the inputs published again from the snapshot on: after a
         * restart, publish the inputs after {@link Liquidator#resumeAfterInput()} again, in order.
         */
        public Builder journal(final Path dir) {
            this.journal = require(dir, "journal directory");
            return this;
        }

        /** Snapshot the engine into {@code dir} every {@code everyInputs} inputs and at close (restored at build). */
        public Builder snapshots(final Path dir, final long everyInputs) {
            this.snapshots = require(dir, "snapshot directory");
            if (everyInputs < 0) {
                throw new IllegalArgumentException("snapshot interval must not be negative");
            }
            this.snapshotEvery = everyInputs;
            return this;
        }

        /** How the engine thread waits for input (default {@link WaitStrategyChoice#DEFAULT}). */
        public Builder waitStrategy(final WaitStrategyChoice choice) {
            this.waitStrategy = require(choice, "wait strategy");
            return this;
        }

        /** Ring slots (a power of 2): how far the publisher may run ahead of the engine. */
        public Builder ringSize(final int size) {
            if (size < 1 || Integer.bitCount(size) != 1) {
                throw new IllegalArgumentException("ring size must be a positive power of 2, got " + size);
            }
            this.ringSize = size;
            return this;
        }

        /** Starts the engine thread (restoring a snapshot if one was configured and found). */
        public Liquidator build() {
            return new Liquidator(this);
        }

        private static <T> T require(final T value, final String what) {
            if (value == null) {
                throw new IllegalArgumentException(what + " is required");
            }
            return value;
        }
    }
}
