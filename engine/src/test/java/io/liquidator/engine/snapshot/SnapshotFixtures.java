package io.liquidator.engine.snapshot;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.EventSink;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import io.liquidator.journal.Rejections;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic books of any size on the bundled instruments (BTCUSDT, ETHUSDT, BTCUSD inverse):
 * two positions per account, even accounts cross with a wallet, odd ones isolated, leverage 2-25x,
 * entries a few percent around the marks; then some ticks, funding and closes so that levels,
 * slacks, free slots and liquidations are part of the state.
 */
final class SnapshotFixtures {
    static final List<Instrument> INSTRUMENTS = LiquidatorConfig.bundledDefault().instruments();
    static final long[] MARKS = {600_000L, 300_000L, 600_000L};

    private SnapshotFixtures() {
    }

    static EngineSettings settings(final int expectedPositions) {
        // funds deep enough never to run dry: an ADL storm over a million positions is not what these measure
        return EngineSettings.builder().expectedPositions(expectedPositions)
            .insuranceFund("USDT", 1_000_000_000_000_000_000L).insuranceFund("BTC", 1_000_000_000_000_000L).build();
    }

    static LiquidationEngine engine(final EventSink sink, final int expectedPositions) {
        return new LiquidationEngine(INSTRUMENTS, settings(expectedPositions), sink);
    }

    /** An engine holding about {@code positions} positions, with {@link #churn} applied. Returns the next sequence in {@code seq[0]}. */
    static LiquidationEngine populated(final int positions, final EventSink sink, final long[] seq) {
        final LiquidationEngine e = engine(sink, positions);
        long s = 1;
        for (int i = 0; i < MARKS.length; i++) {
            e.onMarkPrice(s++, 1_000, i, MARKS[i]);
        }
        final SplittableRandom r = new SplittableRandom(42);
        final int accounts = (positions + 1) / 2;
        int opened = 0;
        for (int a = 0; a < accounts && opened < positions; a++) {
            final long account = 1_000 + a;
            final boolean cross = a % 2 == 0;
            final int first = r.nextInt(3);
            long walletNeed = 0;
            for (int j = 0; j < 2 && opened < positions; j++, opened++) {
                final int i = (first + j) % 3;
                final Instrument inst = INSTRUMENTS.get(i);
                final long qty = inst.isInverse() ? 1 + r.nextInt(20) : (1 + r.nextInt(200)) * 10L;
                final long entry = MARKS[i] + (MARKS[i] / 1000) * (r.nextInt(41) - 20) / inst.tickSize() * inst.tickSize();
                final int side = r.nextBoolean() ? Side.LONG : Side.SHORT;
                final long leverage = 2 + r.nextInt(24);
                final long margin = MarginMath.notional(inst, qty, entry) / leverage;
                if (cross && i != 2) {
                    walletNeed += margin;
                }
                e.onPosition(s++, 1_000, account, i, side, qty, entry, cross && i != 2, margin);
            }
            if (cross) {
                e.onWallet(s++, 1_000, account, 0, walletNeed);
            }
        }
        seq[0] = churn(e, s, r);
        return e;
    }

    /** Moves the marks, settles funding, closes a few positions: levels fire, slacks grow, slots are freed. */
    static long churn(final LiquidationEngine e, final long from, final SplittableRandom r) {
        long s = from;
        long ts = 1_000 * from;
        for (int t = 0; t < 30; t++) {
            final int i = r.nextInt(3);
            final long move = MARKS[i] / 400 * (r.nextInt(13) - 6);
            e.onMarkPrice(s++, ts += 1_000, i, MARKS[i] + move);
            if (t % 7 == 3) {
                e.onFunding(s++, ts, i, r.nextBoolean() ? 100_000L : -100_000L);
            }
            if (t % 5 == 1) {
                e.onPosition(s++, ts, 1_000 + r.nextInt(50), r.nextInt(3), Side.LONG, 0, 0, false, 0);
            }
        }
        return s;
    }

    /** A sink that ignores everything: for big books where nobody reads the events. */
    static final EventSink IGNORE = new EventSink() {
        @Override
        public void onMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                                 final boolean cross, final int level, final long levelRatio, final long markPrice,
                                 final long equity, final long maintenanceMargin, final int tier, final long marginRatio) {
        }

        @Override
        public void onPartialLiquidation(final long inputSeq, final long timestamp, final long account,
                                         final int instrument, final int side, final long closedQty,
                                         final long remainingQty, final long markPrice, final long bankruptcyPrice,
                                         final long equity, final long maintenanceMargin, final int tier,
                                         final long marginRatio, final int rule) {
        }

        @Override
        public void onLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                                  final int side, final long qty, final boolean cross, final long markPrice,
                                  final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                                  final int tier, final long marginRatio, final int rule) {
        }

        @Override
        public void onInsuranceFund(final long inputSeq, final long timestamp, final long account, final int instrument,
                                    final int asset, final long delta, final long balanceAfter) {
        }

        @Override
        public void onAdl(final long inputSeq, final long timestamp, final long account, final int instrument,
                          final int side, final long qty, final long price, final long liquidatedAccount,
                          final long rankScore) {
        }

        @Override
        public void onRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                                final int instrument, final int reason, final long line) {
            throw new AssertionError("fixture input rejected: seq " + inputSeq + " " + Rejections.name(reason));
        }

        @Override
        public void onGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                            final int state, final long price, final long referencePrice) {
        }
    };
}
