package io.liquidator.bench;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.instrument.ContractKind;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Rates;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An engine holding a quiet book: {@code n} positions on BTCUSDT (id 0, mark 60000.0) whose every
 * threshold is at least 7 % from the mark, so that a tick within ±1 % of it crosses nothing.
 *
 * <p>Isolated positions at 2–10×, entries within ±1 % of the mark, half long half short, one per
 * account (account id = position number + 1); every 100th position instead belongs to a cross
 * account with a USDT wallet at 2–5× that also holds an ETHUSDT position (mark 3000.00). Also the
 * owner of the input sequence: every input a benchmark sends goes through {@link #seq()}.
 *
 * <p>The instruments are the bundled configuration's (BTCUSDT 0, ETHUSDT 1, BTCUSD 2), optionally
 * followed by extra USDT markets ({@link #withExtraMarkets}): copies of ETHUSDT under other symbols,
 * ids 3.., each marked at 3000.00, so that a cross book can hold more than two USDT legs.
 */
final class Book {
    static final int BTC = 0;
    static final int ETH = 1;
    static final long BTC_MARK = 600_000L;
    static final long ETH_MARK = 300_000L;
    /** 10 billion USDT: settling a liquidation never needs auto-deleveraging. */
    static final long FUND = 1_000_000_000_000_000_000L;

    /** Id of the first extra USDT market ({@link #withExtraMarkets}), after the bundled BTCUSD. */
    static final int FIRST_EXTRA = 3;

    final List<Instrument> instruments;
    final Instrument btc;
    final Instrument eth;
    final NullSink sink = new NullSink();
    final LiquidationEngine engine;
    private long seq;

    Book(final int capacity) {
        this(capacity, LiquidatorConfig.bundledDefault().instruments());
    }

    /** An engine on {@code instruments} (the bundled ones first), every USDT market marked. */
    Book(final int capacity, final List<Instrument> instruments) {
        this.instruments = instruments;
        btc = instruments.get(BTC);
        eth = instruments.get(ETH);
        engine = new LiquidationEngine(instruments,
            EngineSettings.builder().expectedPositions(capacity).insuranceFund("USDT", FUND).build(), sink);
        engine.onMarkPrice(seq(), seq, BTC, BTC_MARK);
        engine.onMarkPrice(seq(), seq, ETH, ETH_MARK);
        for (int i = FIRST_EXTRA; i < instruments.size(); i++) {
            engine.onMarkPrice(seq(), seq, i, ETH_MARK);
        }
    }

    /**
     * The bundled instruments followed by {@code extra} USDT markets {@code X3USDT, X4USDT, ..}
     * (ids 3..): ETHUSDT's tick, step, profile and brackets under another symbol.
     */
    static List<Instrument> withExtraMarkets(final int extra) {
        final List<Instrument> bundled = LiquidatorConfig.bundledDefault().instruments();
        final List<Instrument> all = new ArrayList<>(bundled);
        if (bundled.size() != FIRST_EXTRA) {
            throw new IllegalStateException("expected the bundled BTCUSDT, ETHUSDT, BTCUSD, got " + bundled);
        }
        final Instrument eth = bundled.get(ETH);
        for (int k = 0; k < extra; k++) {
            final int id = FIRST_EXTRA + k;
            all.add(Instrument.builder().id(id).symbol("X" + id + "USDT").kind(ContractKind.LINEAR)
                .settlementAsset(eth.settlementAsset()).profile(eth.profile())
                .price(eth.priceScale(), eth.tickSize()).quantity(eth.qtyScale(), eth.stepSize())
                .balanceScale(eth.balanceScale()).takerFeeRate(eth.takerFeeRate()).maxPrice(eth.maxPrice())
                .brackets(eth.brackets()).build());
        }
        return List.copyOf(all);
    }

    /** A book of {@code n} quiet BTCUSDT positions (plus the cross accounts' ETHUSDT legs). */
    static Book quiet(final int n, final long seed) {
        final Book b = new Book(n + n / 100 + 16);
        b.addQuiet(n, seed, 1);
        return b;
    }

    /** Adds {@code n} quiet positions for accounts {@code firstAccount ..}. */
    void addQuiet(final int n, final long seed, final long firstAccount) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        for (int k = 0; k < n; k++) {
            final long account = firstAccount + k;
            final int side = (k & 1) == 0 ? Side.LONG : Side.SHORT;
            final long qty = 1 + rnd.nextInt(1000);
            final long entry = around(BTC_MARK, 0.01, rnd);
            if (k % 100 == 99) {
                final int ethSide = rnd.nextBoolean() ? Side.LONG : Side.SHORT;
                final long ethQty = 10 + rnd.nextInt(10_000);
                final long ethEntry = around(ETH_MARK, 0.01, rnd);
                final long notional = MarginMath.notional(btc, qty, entry) + MarginMath.notional(eth, ethQty, ethEntry);
                engine.onWallet(seq(), seq, account, 0, notional / (2 + rnd.nextInt(4)));
                engine.onPosition(seq(), seq, account, BTC, side, qty, entry, true, 0);
                engine.onPosition(seq(), seq, account, ETH, ethSide, ethQty, ethEntry, true, 0);
            } else {
                engine.onPosition(seq(), seq, account, BTC, side, qty, entry, false, isolatedMargin(qty, entry, 2, 10, rnd));
            }
        }
        if (sink.events() != 0) {
            throw new IllegalStateException("building the quiet book produced events: rejections " + sink.rejections
                + ", margin calls " + sink.marginCalls + ", liquidations " + sink.liquidations);
        }
    }

    /** Initial margin of a BTCUSDT position at a leverage drawn from [min, max]. */
    long isolatedMargin(final long qty, final long entry, final int min, final int max, final SplittableRandom rnd) {
        return MarginMath.initialMargin(btc, qty, entry, (min + rnd.nextInt(max - min + 1)) * Rates.ONE);
    }

    static long around(final long price, final double spread, final SplittableRandom rnd) {
        return price + Math.round(price * spread * (2 * rnd.nextDouble() - 1));
    }

    /** The next input sequence (also used as the timestamp: both only need to increase). */
    long seq() {
        return ++seq;
    }

    long lastSeq() {
        return seq;
    }
}
