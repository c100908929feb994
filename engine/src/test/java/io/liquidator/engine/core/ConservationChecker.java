package io.liquidator.engine.core;

import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.journal.Rejections;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * No money created or destroyed by the engine (the exchange-core persistence test's
 * {@code isGlobalBalancesAllZero} idea, for a liquidation engine that sees only its own side of each
 * trade).
 *
 * <h2>The quantity</h2>
 * Per settlement asset {@code a}, with every instrument at its current mark:
 * <pre>
 *   T(a) = Σ isolated margins of open positions settled in a
 *        + Σ cross wallets in a
 *        + Σ uPnL(mark) of open positions settled in a      (per position, {@link MarginMath#unrealizedPnl}:
 *                                                            floored, as the engine values equity;
 *                                                            0 on an instrument without a mark)
 *        + insurance fund of a
 *        (+ fees collected: the engine charges none)
 * </pre>
 * External inputs change {@code T} legitimately: a position or wallet update (the account's state
 * is set from outside), funding (paid to or by the other side of the market, outside), an instrument
 * update (none changes T, but it is not checked), and the mark move itself (uPnL). So {@code T} is
 * compared only across what the engine originates: the liquidations, ADL and fund settlements of a
 * tick, at a fixed mark.
 *
 * <h2>The check</h2>
 * For an accepted mark price, {@code T₀} is {@code T} of the state before the tick with the new
 * mark put in (i.e. right after the mark is applied, before any unit is evaluated). Then at every
 * point of the tick where the state is whole: each MARGIN_CALL, LIQUIDATION (emitted before its
 * position changes), PARTIAL_LIQUIDATION (after its close), INSURANCE_FUND (after the fund moved:
 * the end of a settlement) and REJECTION, and at the end of the tick, it requires
 * <pre>
 *   T₀(a) − R ≤ T(a) ≤ T₀(a)      for every asset a,
 * </pre>
 * {@code R} being the rounding the settlements so far are allowed, each at most 1 unit and only in
 * the exchange's favour (value leaves the accounts and the fund, to the exchange, never the
 * reverse): 1 per partial liquidation (its realised PnL and the remaining position's uPnL are floored
 * separately), 2 per ADL fill (the winner's realised PnL at the bankruptcy price and its remaining
 * uPnL are floored separately; and the bankrupt position's share of the deficit is apportioned
 * per fill), 1 per INSURANCE_FUND that covers an unfilled remainder (rounded up, against the fund).
 * ADL events themselves are mid-settlement (the liquidated position is gone, the fund not yet
 * settled) and are not checked points. The first checked point that fails is reported with the
 * events since the last one that passed: that is the settlement that broke it.
 *
 * <p>Use: wrap the sink with this, {@link #attach} the engine, and call {@link #beforeInput} (with
 * the mark for a tick) and {@link #afterInput} around every input.
 */
public final class ConservationChecker implements EventSink {
    private final EventSink delegate;
    private LiquidationEngine engine;

    private boolean tick;
    private int tickInstrument;
    private long tickPrice;
    private BigInteger[] t0;
    private BigInteger allowance;
    /** Events of the current input, and the index of the first one after the last passing check. */
    private final List<String> events = new ArrayList<>();
    private int lastGood;
    private String failure;

    /** Statistics. */
    public long ticksChecked;
    public long pointsChecked;
    public long settlementsChecked;
    /** Marks at which T could not be computed in longs (such ticks are not checked). */
    public long uncheckable;
    /** The largest discrepancy T₀ − T seen at a checked point, in units, over all assets. */
    public BigInteger largestRounding = BigInteger.ZERO;

    public ConservationChecker(final EventSink delegate) {
        this.delegate = delegate;
    }

    public ConservationChecker attach(final LiquidationEngine engine) {
        this.engine = engine;
        return this;
    }

    /** Before a non-tick input: nothing to check across it. */
    public void beforeInput() {
        tick = false;
        events.clear();
        lastGood = 0;
    }

    /** Before a mark price: T₀ is taken from the current state with {@code price} put in. */
    public void beforeTick(final int instrument, final long price) {
        beforeInput();
        if (instrument < 0 || instrument >= engine.instrumentCount() || price <= 0) {
            return;
        }
        try {
            t0 = totals(instrument, price);
        } catch (final ArithmeticException beyondLong) {
            uncheckable++;
            return; // a price at which some position's PnL is beyond a long: the engine refuses to value it too
        }
        tick = true;
        tickInstrument = instrument;
        tickPrice = price;
        allowance = BigInteger.ZERO;
    }

    /**
     * After the input: the final check of a tick that was accepted (its mark is now in place).
     * Returns the first failure of this input (null if none).
     */
    public String afterInput() {
        if (tick && engine.markPrice(tickInstrument) == tickPrice && failure == null) {
            check("end of the tick");
            ticksChecked++;
        }
        tick = false;
        final String f = failure;
        failure = null;
        return f;
    }

    /** T per asset at the engine's marks, except {@code instrument} valued at {@code price} (-1: none). */
    public BigInteger[] totals(final int instrument, final long price) {
        final int assets = engine.assetCount();
        final BigInteger[] t = new BigInteger[assets];
        for (int a = 0; a < assets; a++) {
            t[a] = BigInteger.valueOf(engine.insuranceFund(a));
        }
        final PositionStore p = engine.positionStore();
        for (int slot = 0; slot < p.highWater(); slot++) {
            if (!p.live[slot]) {
                continue;
            }
            final int i = p.instrument[slot];
            final int a = engine.assetOfInstrument(i);
            final Instrument inst = engine.instrument(i);
            final long mark = i == instrument ? price : engine.markPrice(i);
            if (!p.cross[slot]) {
                t[a] = t[a].add(BigInteger.valueOf(p.margin[slot]));
            }
            if (mark != 0) {
                t[a] = t[a].add(BigInteger.valueOf(
                    MarginMath.unrealizedPnl(inst, p.side[slot], p.qty[slot], p.entry[slot], mark)));
            }
        }
        final AccountStore accounts = engine.accountStore();
        for (int acc = 0; acc < accounts.count(); acc++) {
            for (int a = 0; a < assets; a++) {
                t[a] = t[a].add(BigInteger.valueOf(accounts.wallet[accounts.book(acc, a)]));
            }
        }
        return t;
    }

    private void check(final String where) {
        if (!tick || failure != null || engine.markPrice(tickInstrument) != tickPrice) {
            return; // not a tick, already failed, or the mark was refused (the state is the one before)
        }
        pointsChecked++;
        final BigInteger[] now = totals(-1, 0);
        for (int a = 0; a < now.length; a++) {
            final BigInteger lost = t0[a].subtract(now[a]);
            if (lost.compareTo(largestRounding) > 0) {
                largestRounding = lost;
            }
            if (lost.signum() < 0 || lost.compareTo(allowance) > 0) {
                failure = "asset " + a + ": T went from " + t0[a] + " (after the mark, before any settlement) to " + now[a]
                    + " at " + where + " (" + (lost.signum() < 0 ? "created " + lost.negate() : "destroyed " + lost)
                    + ", rounding allowed so far " + allowance + "); the settlement that broke it:\n      "
                    + String.join("\n      ", events.subList(lastGood, events.size()));
                return;
            }
        }
        lastGood = events.size();
    }

    private void allow(final long units) {
        if (tick) {
            allowance = allowance.add(BigInteger.valueOf(units));
        }
    }

    // ---------------------------------------------------------------------------------------------

    @Override
    public void onMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                             final boolean cross, final int level, final long levelRatio, final long markPrice,
                             final long equity, final long maintenanceMargin, final int tier, final long marginRatio) {
        events.add("MARGIN_CALL account=" + account + " instrument=" + instrument + " level=" + level);
        check("MARGIN_CALL of account " + account);
        delegate.onMarginCall(inputSeq, timestamp, account, instrument, cross, level, levelRatio, markPrice, equity,
            maintenanceMargin, tier, marginRatio);
    }

    @Override
    public void onPartialLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                                     final int side, final long closedQty, final long remainingQty, final long markPrice,
                                     final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                                     final int tier, final long marginRatio, final int rule) {
        events.add("PARTIAL_LIQUIDATION account=" + account + " instrument=" + instrument + " side=" + side + " closed="
            + closedQty + " remaining=" + remainingQty + " mark=" + markPrice + " equity=" + equity);
        allow(1);
        settlementsChecked++;
        check("PARTIAL_LIQUIDATION of account " + account);
        delegate.onPartialLiquidation(inputSeq, timestamp, account, instrument, side, closedQty, remainingQty, markPrice,
            bankruptcyPrice, equity, maintenanceMargin, tier, marginRatio, rule);
    }

    @Override
    public void onLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                              final int side, final long qty, final boolean cross, final long markPrice,
                              final long bankruptcyPrice, final long equity, final long maintenanceMargin, final int tier,
                              final long marginRatio, final int rule) {
        check("LIQUIDATION of account " + account);
        events.add("LIQUIDATION account=" + account + " instrument=" + instrument + " side=" + side + " qty=" + qty
            + " cross=" + cross + " mark=" + markPrice + " bankruptcy=" + bankruptcyPrice + " equity=" + equity);
        settlementsChecked++;
        delegate.onLiquidation(inputSeq, timestamp, account, instrument, side, qty, cross, markPrice, bankruptcyPrice,
            equity, maintenanceMargin, tier, marginRatio, rule);
    }

    @Override
    public void onInsuranceFund(final long inputSeq, final long timestamp, final long account, final int instrument,
                                final int asset, final long delta, final long balanceAfter) {
        events.add("INSURANCE_FUND account=" + account + " asset=" + asset + " delta=" + delta + " balance=" + balanceAfter);
        check("INSURANCE_FUND of account " + account);
        delegate.onInsuranceFund(inputSeq, timestamp, account, instrument, asset, delta, balanceAfter);
    }

    @Override
    public void onAdl(final long inputSeq, final long timestamp, final long account, final int instrument, final int side,
                      final long qty, final long price, final long liquidatedAccount, final long rankScore) {
        events.add("ADL account=" + account + " instrument=" + instrument + " side=" + side + " qty=" + qty + " price="
            + price + " against=" + liquidatedAccount);
        delegate.onAdl(inputSeq, timestamp, account, instrument, side, qty, price, liquidatedAccount, rankScore);
    }

    @Override
    public void onRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                            final int instrument, final int reason, final long line) {
        events.add("REJECTION account=" + account + " instrument=" + instrument + " reason=" + Rejections.name(reason));
        check("REJECTION");
        delegate.onRejection(inputSeq, timestamp, inputKind, account, instrument, reason, line);
    }

    /** A guard changes no balance; it is passed on without a check (it comes before the tick's settlements). */
    @Override
    public void onGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                        final int state, final long price, final long referencePrice) {
        delegate.onGuard(inputSeq, timestamp, instrument, reason, state, price, referencePrice);
    }

    @Override
    public void onEndOfBatch() {
        delegate.onEndOfBatch();
    }
}
