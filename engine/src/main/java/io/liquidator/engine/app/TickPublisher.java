package io.liquidator.engine.app;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.money.Decimals;
import io.liquidator.journal.InputJournal;
import io.liquidator.journal.InputRecords;

import java.nio.file.Path;

/**
 * The producer API: how a Java process (a market-data feed, the matching engine) appends inputs to
 * the input journal that {@code liquidator run} tails. Two levels: by symbol and decimal text, which
 * validates against the configuration (the convenient way, allocating a little per call), and by
 * instrument id and raw fixed-point values, which allocates nothing (the way for a hot feed).
 *
 * <pre>{@code
 * try (TickPublisher feed = TickPublisher.open(Path.of("in"), LiquidatorConfig.bundledDefault())) {
 *     feed.markPrice(System.currentTimeMillis(), "BTCUSDT", "60012.3");
 *     feed.position(ts, 42, "BTCUSDT", "long", "0.5", "60000", "1200");   // isolated
 * }
 * }</pre>
 *
 * Each call returns the record's index in the journal: its input sequence, which every event the
 * engine derives from it carries. Not thread-safe (one appender per thread); any number of
 * processes may append to the same journal, Chronicle orders them.
 */
public final class TickPublisher implements AutoCloseable {
    private final InputJournal journal;
    private final LiquidatorConfig config;

    private TickPublisher(final InputJournal journal, final LiquidatorConfig config) {
        this.journal = journal;
        this.config = config;
    }

    /** Opens (creating if needed) the input journal in {@code dir}. */
    public static TickPublisher open(final Path dir, final LiquidatorConfig config) {
        return new TickPublisher(InputJournal.open(dir), config);
    }

    /** Wraps an input journal the caller opened (and closes). */
    public static TickPublisher over(final InputJournal journal, final LiquidatorConfig config) {
        return new TickPublisher(journal, config);
    }

    /** A mark price, e.g. {@code markPrice(ts, "BTCUSDT", "60012.3")}; the price must be on the tick. */
    public long markPrice(final long timestamp, final String symbol, final CharSequence price) {
        final Instrument inst = instrument(symbol);
        return journal.appendMarkPrice(timestamp, inst.id(), onGrid(Decimals.parse(price, inst.priceScale()),
            inst.tickSize(), "price", price));
    }

    /** A mark price in raw units of the instrument's price scale: no validation, no allocation. */
    public long markPrice(final long timestamp, final int instrument, final long rawPrice) {
        return journal.appendMarkPrice(timestamp, instrument, rawPrice);
    }

    /** An isolated position's new state (qty "0" closes it); margin in the settlement asset. */
    public long position(final long timestamp, final long account, final String symbol, final String side,
                         final CharSequence qty, final CharSequence entryPrice, final CharSequence isolatedMargin) {
        return position(timestamp, account, symbol, side, qty, entryPrice, false, isolatedMargin);
    }

    /** A cross position's new state (its wallet is set with {@link #wallet}). */
    public long crossPosition(final long timestamp, final long account, final String symbol, final String side,
                              final CharSequence qty, final CharSequence entryPrice) {
        return position(timestamp, account, symbol, side, qty, entryPrice, true, "0");
    }

    private long position(final long timestamp, final long account, final String symbol, final String side,
                          final CharSequence qty, final CharSequence entryPrice, final boolean cross,
                          final CharSequence isolatedMargin) {
        final Instrument inst = instrument(symbol);
        final int s = "long".equals(side) ? InputRecords.SIDE_LONG : "short".equals(side) ? InputRecords.SIDE_SHORT : 0;
        if (s == 0) {
            throw new IllegalArgumentException("side must be long or short, not " + side);
        }
        final long q = onGrid(Decimals.parse(qty, inst.qtyScale()), inst.stepSize(), "qty", qty);
        final long entry = onGrid(Decimals.parse(entryPrice, inst.priceScale()), inst.tickSize(), "entry price",
            entryPrice);
        final long margin = Decimals.parse(isolatedMargin, inst.balanceScale());
        return journal.appendPosition(timestamp, account, inst.id(), s, q, entry, cross, margin);
    }

    /** An account's cross wallet balance in a settlement asset, e.g. {@code wallet(ts, 42, "USDT", "5000")}. */
    public long wallet(final long timestamp, final long account, final String asset, final CharSequence balance) {
        final Integer scale = config.assets().get(asset);
        if (scale == null) {
            throw new IllegalArgumentException("unknown asset " + asset);
        }
        return journal.appendWallet(timestamp, account, config.assetId(asset), Decimals.parse(balance, scale));
    }

    /** An instrument's new definition (one YAML instrument entry), validated here before it is appended. */
    public long instrumentUpdate(final long timestamp, final String symbol, final String definitionYaml) {
        final Instrument inst = instrument(symbol);
        config.parseInstrument(inst.id(), definitionYaml, "instrument update for " + symbol);
        return journal.appendInstrumentUpdate(timestamp, inst.id(), definitionYaml);
    }

    /** Asks the engine to snapshot its state after every input before this one. */
    public long requestSnapshot(final long timestamp) {
        return journal.appendControl(timestamp, InputRecords.CONTROL_SNAPSHOT);
    }

    private Instrument instrument(final String symbol) {
        return config.instrument(symbol)
            .orElseThrow(() -> new IllegalArgumentException("unknown instrument " + symbol));
    }

    private static long onGrid(final long raw, final long grid, final String what, final CharSequence text) {
        if (raw % grid != 0) {
            throw new IllegalArgumentException(what + " " + text + " is not a multiple of " + grid + " raw units");
        }
        return raw;
    }

    @Override
    public void close() {
        journal.close();
    }
}
