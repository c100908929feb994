package io.liquidator.engine.oracle;

import io.liquidator.journal.Rejections;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.EventSink;
import io.liquidator.engine.core.PartialLiquidationPolicy;

import io.liquidator.engine.core.Rules;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.LiquidationPriceSolver;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately naive model of the liquidation engine, written from the specification rather than
 * from the engine: no index, no trigger prices, no caching. A mark price for instrument {@code i}
 * evaluates EVERY isolated position on {@code i} and EVERY complete cross book holding {@code i}, in
 * ascending account id, by computing their excess at each level directly.
 *
 * <p>Only {@link MarginMath} (the per-position formulas) and {@link LiquidationPriceSolver} (for the
 * bankruptcy prices reported in events and the Bybit fee to close at the bankruptcy price) are
 * shared with the engine. Sums, products and the ADL score are checked or exact ({@link BigInteger}).
 *
 * <p>Where the specification is silent, this oracle assumes: a unit that fires a margin call does not
 * also re-arm in that evaluation; a partial liquidation keeps the fired level; a position update resets
 * the position's level and cooldown but not its cross book's (only a wallet update or the book's
 * liquidation does); a full liquidation whose position has no bankruptcy price skips ADL (the fund pays
 * the whole shortfall); a cross ADL candidate's book equity values a market without a mark yet at price
 * 0; a book that ADL takes off the ticked market, or a position ADL closes, is not visited again in that
 * tick (it no longer holds the market); account ids order as signed longs.
 */
final class NaiveOracle {
    static final int KIND_MARK_PRICE = 1;
    static final int KIND_POSITION = 2;
    static final int KIND_WALLET = 3;
    static final int KIND_FUNDING = 4;

    private static final long ONE = 100_000_000L;
    private static final BigInteger BIG_ONE = BigInteger.valueOf(ONE);

    static final class Pos {
        final int instrument;
        int side;
        long qty;
        long entry;
        boolean cross;
        long margin;
        int alertLevel;
        long cooldownUntil;

        Pos(final int instrument) {
            this.instrument = instrument;
        }

        @Override
        public String toString() {
            return "{inst=" + instrument + " " + Side.name(side) + " qty=" + qty + " entry=" + entry
                + (cross ? " cross" : " isolated margin=" + margin + " alert=" + alertLevel + " cooldownUntil="
                + cooldownUntil) + "}";
        }
    }

    static final class Account {
        final long id;
        final Pos[] pos;
        final long[] wallet;
        final int[] bookAlert;

        Account(final long id, final int instruments, final int assets) {
            this.id = id;
            this.pos = new Pos[instruments];
            this.wallet = new long[assets];
            this.bookAlert = new int[assets];
        }
    }

    /** A cross book found liquidatable during the current input (for the cross property). */
    record BookLiquidation(long account, int asset, int tickedInstrument) {
    }

    private final Instrument[] instruments;
    private final int[] assetOf;
    private final int assetCount;
    private final EventSink sink;
    private final PartialLiquidationPolicy policy;
    private final LiquidationPriceSolver solver = new LiquidationPriceSolver();

    /** Margin-call levels L_1..L_n: raw, and as reduced fractions; re-arm levels L_j − h. */
    private final long[] levelRaw;
    private final long[] levelNum;
    private final long[] levelDen;
    private final long[] rearmNum;
    private final long[] rearmDen;
    private final int levels;

    private final long[] mark;
    private final long[] lastTickTime;
    private final long[] fund;
    private final TreeMap<Long, Account> accounts = new TreeMap<>();
    private long lastSequence = Long.MIN_VALUE;
    private long seq;
    private long ts;

    /** Diagnostics. */
    long rearms;
    long waits;
    final List<BookLiquidation> bookLiquidationsThisInput = new ArrayList<>();

    /**
     * Coverage of the cases where ADL changes a unit that this tick has still to visit: a cross book
     * emptied of the ticked market while it holds others (the scan no longer visits it), an isolated
     * position closed in full (nothing left to visit).
     */
    long adlEmptiedBooks;
    long adlClosedAhead;

    /** Coverage: a unit that ADL reduced earlier in the tick then acted (event or level change) at its turn. */
    long postAdlActions;
    /** Coverage: an input reset a fired level (a position re-set, a wallet set). */
    long alertResetsByPosition;
    long alertResetsByWallet;
    /** Coverage: funding payments made. */
    long fundingPayments;
    private final java.util.Set<Long> adlReduced = new java.util.HashSet<>();

    NaiveOracle(final List<Instrument> instrumentList, final EngineSettings settings, final EventSink sink) {
        this.instruments = instrumentList.toArray(new Instrument[0]);
        this.sink = sink;
        this.policy = settings.policy();
        final List<String> assetNames = new ArrayList<>();
        this.assetOf = new int[instruments.length];
        for (int i = 0; i < instruments.length; i++) {
            final String a = instruments[i].settlementAsset();
            if (!assetNames.contains(a)) {
                assetNames.add(a);
            }
            assetOf[i] = assetNames.indexOf(a);
        }
        this.assetCount = assetNames.size();
        this.mark = new long[instruments.length];
        this.lastTickTime = new long[instruments.length];
        java.util.Arrays.fill(lastTickTime, Long.MIN_VALUE);
        this.fund = new long[assetCount];
        for (final Map.Entry<String, Long> e : settings.insuranceFund().entrySet()) {
            fund[assetNames.indexOf(e.getKey())] = e.getValue();
        }
        final long[] calls = settings.marginCallLevels();
        this.levels = calls.length;
        this.levelRaw = calls.clone();
        this.levelNum = new long[levels];
        this.levelDen = new long[levels];
        this.rearmNum = new long[levels];
        this.rearmDen = new long[levels];
        for (int j = 0; j < levels; j++) {
            final long g = gcd(calls[j], ONE);
            levelNum[j] = calls[j] / g;
            levelDen[j] = ONE / g;
            final long r = calls[j] - settings.hysteresis();
            final long h = gcd(r, ONE);
            rearmNum[j] = r / h;
            rearmDen[j] = ONE / h;
        }
    }

    private static long gcd(final long a, final long b) {
        return BigInteger.valueOf(a).gcd(BigInteger.valueOf(b)).longValueExact();
    }

    // ---------------------------------------------------------------------------------------------
    // Inputs

    private boolean begin(final long sequence, final long timestamp, final int kind, final long account,
                          final int instrument) {
        bookLiquidationsThisInput.clear();
        adlReduced.clear();
        seq = sequence;
        ts = timestamp;
        if (sequence <= lastSequence) {
            sink.onRejection(sequence, timestamp, kind, account, instrument, Rejections.SEQUENCE_NOT_INCREASING, 0);
            return false;
        }
        lastSequence = sequence;
        return true;
    }

    private void reject(final int kind, final long account, final int instrument, final int reason) {
        sink.onRejection(seq, ts, kind, account, instrument, reason, 0);
    }

    void onPosition(final long sequence, final long timestamp, final long account, final int instrument, final int side,
                    final long qty, final long entry, final boolean cross, final long isolatedMargin) {
        if (!begin(sequence, timestamp, KIND_POSITION, account, instrument)) {
            return;
        }
        if (instrument < 0 || instrument >= instruments.length) {
            reject(KIND_POSITION, account, instrument, Rejections.UNKNOWN_INSTRUMENT);
            return;
        }
        final Instrument inst = instruments[instrument];
        final int reason;
        if (qty < 0) {
            reason = Rejections.NEGATIVE_QUANTITY;
        } else if (qty == 0) {
            reason = 0;
        } else if (side != Side.LONG && side != Side.SHORT) {
            reason = Rejections.INVALID_SIDE;
        } else if (qty % inst.stepSize() != 0) {
            reason = Rejections.QUANTITY_OFF_STEP;
        } else if (entry <= 0) {
            reason = Rejections.NON_POSITIVE_PRICE;
        } else if (entry % inst.tickSize() != 0) {
            reason = Rejections.PRICE_OFF_TICK;
        } else if (entry > inst.maxPrice()) {
            reason = Rejections.PRICE_ABOVE_MAXIMUM;
        } else if (!cross && isolatedMargin < 0) {
            reason = Rejections.NEGATIVE_MARGIN;
        } else if (qty == 0) {
            reason = 0;
        } else {
            reason = marketReason(inst, side, qty, entry, cross, isolatedMargin, mark[instrument]);
        }
        if (reason == 0 && qty == 0 && !accounts.containsKey(account)) {
            reject(KIND_POSITION, account, instrument, Rejections.UNKNOWN_ACCOUNT);
            return;
        }
        if (reason != 0) {
            reject(KIND_POSITION, account, instrument, reason);
            return;
        }
        final Account a = account(account);
        if (a.pos[instrument] != null && !a.pos[instrument].cross && a.pos[instrument].alertLevel > 0) {
            alertResetsByPosition++;
        }
        if (qty == 0) {
            a.pos[instrument] = null; // leaves its book, if it was cross
            return;
        }
        final Pos p = new Pos(instrument);
        p.side = side;
        p.qty = qty;
        p.entry = entry;
        p.cross = cross;
        p.margin = cross ? 0 : isolatedMargin;
        p.alertLevel = 0;
        p.cooldownUntil = Long.MIN_VALUE;
        a.pos[instrument] = p;
    }

    /**
     * The checks against the market, from the specification: the value at entry and the uPnL at the
     * mark must be computable; an isolated margin must cover the initial margin at the maximum
     * leverage of the entry notional's bracket, and must not already be gone at the mark
     * (margin + uPnL &lt; 0). Cross positions are judged with their book, at its next evaluation.
     */
    private static int marketReason(final Instrument inst, final int side, final long qty, final long entry,
                                    final boolean cross, final long margin, final long markPrice) {
        final long notional;
        long equity = 0;
        try {
            notional = MarginMath.notional(inst, qty, entry);
            if (markPrice != 0) {
                equity = Math.addExact(cross ? 0 : margin, MarginMath.unrealizedPnl(inst, side, qty, entry, markPrice));
            }
        } catch (final ArithmeticException beyondLong) {
            return Rejections.VALUE_OVERFLOW;
        }
        if (cross) {
            return 0;
        }
        final long maxLeverage = inst.brackets().maxLeverage(MarginMath.bracketAt(inst, qty, entry));
        if (margin < MarginMath.initialMargin(inst, qty, entry, maxLeverage)) {
            return Rejections.LEVERAGE_ABOVE_MAXIMUM;
        }
        if (markPrice != 0 && equity < 0) {
            return Rejections.BANKRUPT_AT_MARK;
        }
        return 0;
    }

    void onWallet(final long sequence, final long timestamp, final long account, final int asset, final long balance) {
        if (!begin(sequence, timestamp, KIND_WALLET, account, -1)) {
            return;
        }
        if (asset < 0 || asset >= assetCount) {
            reject(KIND_WALLET, account, -1, Rejections.UNKNOWN_ASSET);
            return;
        }
        long weight = 1;
        for (int j = 0; j < levels; j++) {
            weight = Math.max(weight, Math.max(levelNum[j], rearmNum[j]));
        }
        if (balance > Long.MAX_VALUE / weight || balance < -(Long.MAX_VALUE / weight)) {
            // a balance no level can weigh in a long (ln × wallet)
            reject(KIND_WALLET, account, -1, Rejections.VALUE_OVERFLOW);
            return;
        }
        final Account a = account(account);
        if (a.bookAlert[asset] > 0) {
            alertResetsByWallet++;
        }
        a.wallet[asset] = balance;
        a.bookAlert[asset] = 0;
    }

    void onFunding(final long sequence, final long timestamp, final int instrument, final long rate) {
        if (!begin(sequence, timestamp, KIND_FUNDING, 0, instrument)) {
            return;
        }
        if (instrument < 0 || instrument >= instruments.length) {
            reject(KIND_FUNDING, 0, instrument, Rejections.UNKNOWN_INSTRUMENT);
            return;
        }
        if (rate > ONE || rate < -ONE) {
            reject(KIND_FUNDING, 0, instrument, Rejections.FUNDING_RATE_OUT_OF_RANGE);
            return;
        }
        if (mark[instrument] == 0) {
            reject(KIND_FUNDING, 0, instrument, Rejections.NO_MARK_PRICE);
            return;
        }
        final Instrument inst = instruments[instrument];
        final int asset = assetOf[instrument];
        for (final Account a : accounts.values()) {
            final Pos p = a.pos[instrument];
            if (p == null) {
                continue;
            }
            final BigInteger notional = BigInteger.valueOf(MarginMath.notional(inst, p.qty, mark[instrument]));
            final long signed = Math.multiplyExact((long) p.side, rate);
            final long payment;
            if (signed > 0) {
                // ceil(notional × signed / 1e8), both positive
                payment = notional.multiply(BigInteger.valueOf(signed)).add(BIG_ONE.subtract(BigInteger.ONE))
                    .divide(BIG_ONE).longValueExact();
            } else {
                payment = -notional.multiply(BigInteger.valueOf(-signed)).divide(BIG_ONE).longValueExact();
            }
            fundingPayments++;
            if (p.cross) {
                a.wallet[asset] = Math.subtractExact(a.wallet[asset], payment);
            } else {
                p.margin = Math.subtractExact(p.margin, payment);
            }
        }
    }

    void onMarkPrice(final long sequence, final long timestamp, final int instrument, final long price) {
        if (!begin(sequence, timestamp, KIND_MARK_PRICE, 0, instrument)) {
            return;
        }
        if (instrument < 0 || instrument >= instruments.length) {
            reject(KIND_MARK_PRICE, 0, instrument, Rejections.UNKNOWN_INSTRUMENT);
            return;
        }
        final Instrument inst = instruments[instrument];
        if (price <= 0) {
            reject(KIND_MARK_PRICE, 0, instrument, Rejections.NON_POSITIVE_PRICE);
            return;
        }
        if (price % inst.tickSize() != 0) {
            reject(KIND_MARK_PRICE, 0, instrument, Rejections.PRICE_OFF_TICK);
            return;
        }
        if (price > inst.maxPrice()) {
            reject(KIND_MARK_PRICE, 0, instrument, Rejections.PRICE_ABOVE_MAXIMUM);
            return;
        }
        if (timestamp < lastTickTime[instrument]) {
            reject(KIND_MARK_PRICE, 0, instrument, Rejections.TIMESTAMP_BACKWARDS);
            return;
        }
        mark[instrument] = price;
        lastTickTime[instrument] = timestamp;
        final int asset = assetOf[instrument];
        // the full scan: every unit holding the instrument, ascending account id; a unit changed by
        // ADL earlier in this scan is seen here in its new state (or not at all if ADL closed it)
        for (final Account a : accounts.values()) {
            final Pos p = a.pos[instrument];
            if (p == null) {
                continue;
            }
            final boolean reduced = adlReduced.contains(a.id);
            final int before = reduced ? unitState(a, instrument, asset) : 0;
            if (!p.cross) {
                evaluateIsolated(a, p);
            } else if (complete(a, asset)) {
                evaluateBook(a, asset, instrument);
            }
            if (reduced && unitState(a, instrument, asset) != before) {
                postAdlActions++;
            }
        }
    }

    private static int unitState(final Account a, final int i, final int asset) {
        final Pos p = a.pos[i];
        return java.util.Objects.hash(p == null ? 0 : p.qty, p == null ? 0 : p.alertLevel, p == null ? 0 : p.margin,
            a.bookAlert[asset], a.wallet[asset]);
    }

    private Account account(final long id) {
        return accounts.computeIfAbsent(id, k -> new Account(k, instruments.length, assetCount));
    }

    // ---------------------------------------------------------------------------------------------
    // Isolated

    private long closeFee(final Pos p) {
        final Instrument inst = instruments[p.instrument];
        if (!inst.profile().closeFeeAtBankruptcy()) {
            return 0;
        }
        return solver.reset(inst, p.margin).addLeg(p.side, p.qty, p.entry).closeFeeAtBankruptcy();
    }

    /**
     * {@code a·b + c − d·e}, exact: the excesses are only compared with 0, so a value beyond a long
     * (a large margin times a level numerator on the 1e-8 grid) saturates with its sign kept.
     */
    static long weighted(final long a, final long b, final long c, final long d, final long e) {
        try {
            return Math.subtractExact(Math.addExact(Math.multiplyExact(a, b), c), Math.multiplyExact(d, e));
        } catch (final ArithmeticException beyondLong) {
            final BigInteger v = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).add(BigInteger.valueOf(c))
                .subtract(BigInteger.valueOf(d).multiply(BigInteger.valueOf(e)));
            return v.bitLength() < 64 ? v.longValue() : v.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
    }

    /** {@code m·ln + levelSurplus(ln/ld) − f·ld}. */
    private long isolatedExcess(final Pos p, final long fee, final long ln, final long ld) {
        final Instrument inst = instruments[p.instrument];
        final long s = MarginMath.levelSurplus(inst, p.side, p.qty, p.entry, mark[p.instrument], ln, ld);
        return weighted(p.margin, ln, s, fee, ld);
    }

    private void evaluateIsolated(final Account a, final Pos p) {
        final long fee = closeFee(p);
        if (isolatedExcess(p, fee, 1, 1) <= 0) {
            liquidateIsolated(a, p, fee);
            return;
        }
        int reached = 0;
        for (int j = 1; j <= levels; j++) {
            if (isolatedExcess(p, fee, levelNum[j - 1], levelDen[j - 1]) <= 0) {
                reached = j;
            }
        }
        if (reached > p.alertLevel) {
            p.alertLevel = reached;
            final Instrument inst = instruments[p.instrument];
            final long price = mark[p.instrument];
            final long equity = MarginMath.marginBalance(inst, p.side, p.qty, p.entry, p.margin, price);
            final long mm = Math.addExact(MarginMath.maintenanceMargin(inst, p.qty, p.entry, price), fee);
            sink.onMarginCall(seq, ts, a.id, p.instrument, false, reached, levelRaw[reached - 1], price, equity, mm,
                MarginMath.maintenanceBracket(inst, p.qty, p.entry, price) + 1, MarginMath.marginRatio(mm, equity));
            return;
        }
        while (p.alertLevel > 0
            && isolatedExcess(p, fee, rearmNum[p.alertLevel - 1], rearmDen[p.alertLevel - 1]) > 0) {
            p.alertLevel--;
            rearms++;
        }
    }

    private void liquidateIsolated(final Account a, final Pos p, final long fee) {
        final int i = p.instrument;
        final Instrument inst = instruments[i];
        final long price = mark[i];
        final long close = policy.quantityToClose(inst, p.side, p.qty, p.entry, p.margin, price, ts, p.cooldownUntil);
        if (close <= 0) {
            waits++;
            return;
        }
        final long equity = MarginMath.marginBalance(inst, p.side, p.qty, p.entry, p.margin, price);
        final long mm = Math.addExact(MarginMath.maintenanceMargin(inst, p.qty, p.entry, price), fee);
        final int tier = MarginMath.maintenanceBracket(inst, p.qty, p.entry, price) + 1;
        final long ratio = MarginMath.marginRatio(mm, equity);
        final long bankruptcy = solver.reset(inst, p.margin).addLeg(p.side, p.qty, p.entry).bankruptcyPrice();
        if (close < p.qty) {
            sink.onPartialLiquidation(seq, ts, a.id, i, p.side, close, p.qty - close, price, bankruptcy, equity, mm, tier,
                ratio, policy.partialRule());
            p.margin = Math.addExact(p.margin, MarginMath.unrealizedPnl(inst, p.side, close, p.entry, price));
            p.qty -= close;
            p.cooldownUntil = Math.addExact(ts, policy.cooldownMillis());
            return;
        }
        final int rule = ts < p.cooldownUntil ? Rules.BACKSTOP : Rules.MAINTENANCE;
        sink.onLiquidation(seq, ts, a.id, i, p.side, p.qty, false, price, bankruptcy, equity, mm, tier, ratio, rule);
        a.pos[i] = null;
        settle(a.id, i, p.side, p.qty, bankruptcy, equity);
    }

    private void settle(final long account, final int i, final int side, final long qty, final long bankruptcy,
                        final long equity) {
        final int asset = assetOf[i];
        if (equity >= 0) {
            fund[asset] = Math.addExact(fund[asset], equity);
            sink.onInsuranceFund(seq, ts, account, i, asset, equity, fund[asset]);
            return;
        }
        final long shortfall = -equity;
        if (fund[asset] >= shortfall) {
            fund[asset] -= shortfall;
            sink.onInsuranceFund(seq, ts, account, i, asset, -shortfall, fund[asset]);
            return;
        }
        // ASSUMPTION (spec silent): no ADL when the position has no bankruptcy price to fill at
        adlValueMoved = BigInteger.ZERO;
        final long filled = bankruptcy == LiquidationPriceSolver.NO_PRICE ? 0 : deleverage(account, i, side, qty, bankruptcy);
        // conservation at the mark: the fund takes what the fills leave over the deficit, or pays what they do not cover
        final long delta = BigInteger.valueOf(shortfall).add(adlValueMoved).negate().longValueExact();
        fund[asset] = Math.addExact(fund[asset], delta);
        sink.onInsuranceFund(seq, ts, account, i, asset, delta, fund[asset]);
    }

    /** Σ over one settlement's ADL fills of the filled position's value change at the mark. */
    private BigInteger adlValueMoved = BigInteger.ZERO;

    private record Candidate(Account account, Pos pos, long score) {
    }

    private long deleverage(final long liquidated, final int i, final int side, final long qty, final long price) {
        final Instrument inst = instruments[i];
        final int asset = assetOf[i];
        final List<Candidate> candidates = new ArrayList<>();
        for (final Account b : accounts.values()) {
            final Pos q = b.pos[i];
            if (q == null || q.side != -side) {
                continue;
            }
            final long pnl = MarginMath.unrealizedPnl(inst, q.side, q.qty, q.entry, mark[i]);
            if (pnl <= 0) {
                continue;
            }
            final long equity = q.cross ? bookEquity(b, asset) : Math.addExact(q.margin, pnl);
            if (equity <= 0) {
                continue;
            }
            final BigInteger pnlPercent = BigInteger.valueOf(pnl).multiply(BIG_ONE)
                .divide(BigInteger.valueOf(MarginMath.notional(inst, q.qty, q.entry)));
            final BigInteger leverage = BigInteger.valueOf(MarginMath.notional(inst, q.qty, mark[i])).multiply(BIG_ONE)
                .divide(BigInteger.valueOf(equity));
            final long score = pnlPercent.multiply(leverage).divide(BIG_ONE).longValueExact();
            candidates.add(new Candidate(b, q, score));
        }
        candidates.sort((x, y) -> x.score != y.score ? Long.compare(y.score, x.score)
            : Long.compare(x.account.id, y.account.id));
        long remaining = qty;
        for (final Candidate c : candidates) {
            if (remaining == 0) {
                break;
            }
            final Pos q = c.pos;
            final long take = Math.min(remaining, q.qty);
            final long realised = MarginMath.unrealizedPnl(inst, q.side, take, q.entry, price);
            adlValueMoved = adlValueMoved.add(BigInteger.valueOf(realised))
                .add(BigInteger.valueOf(MarginMath.unrealizedPnl(inst, q.side, q.qty - take, q.entry, mark[i])))
                .subtract(BigInteger.valueOf(MarginMath.unrealizedPnl(inst, q.side, q.qty, q.entry, mark[i])));
            if (q.cross) {
                c.account.wallet[asset] = Math.addExact(c.account.wallet[asset], realised);
            } else {
                q.margin = Math.addExact(q.margin, realised);
            }
            q.qty -= take;
            remaining -= take;
            sink.onAdl(seq, ts, c.account.id, i, q.side, take, price, liquidated, c.score);
            if (q.qty > 0 && c.account.id > liquidated) {
                adlReduced.add(c.account.id);
            }
            if (q.qty == 0) {
                c.account.pos[i] = null;
                if (!q.cross) {
                    // closed by ADL: the isolated margin (with the realised profit) returns to the wallet
                    c.account.wallet[asset] = Math.addExact(c.account.wallet[asset], q.margin);
                }
                if (c.account.id > liquidated) {
                    if (!q.cross) {
                        adlClosedAhead++;
                    } else if (hasCrossPositions(c.account.id, asset)) {
                        adlEmptiedBooks++;
                    }
                }
            }
        }
        return qty - remaining;
    }

    // ---------------------------------------------------------------------------------------------
    // Cross books

    private boolean complete(final Account a, final int asset) {
        for (int k = 0; k < instruments.length; k++) {
            final Pos p = a.pos[k];
            if (p != null && p.cross && assetOf[k] == asset && mark[k] == 0) {
                return false;
            }
        }
        return true;
    }

    private long bookExcess(final Account a, final int asset, final long ln, final long ld) {
        long surplus = 0;
        for (int k = 0; k < instruments.length; k++) {
            final Pos p = a.pos[k];
            if (p != null && p.cross && assetOf[k] == asset) {
                surplus = Math.addExact(surplus,
                    MarginMath.levelSurplus(instruments[k], p.side, p.qty, p.entry, mark[k], ln, ld));
            }
        }
        return weighted(a.wallet[asset], ln, surplus, 0, 0);
    }

    /** Wallet + Σ uPnL (a market without a mark yet is valued at price 0: only ADL can ask that). */
    private long bookEquity(final Account a, final int asset) {
        long e = a.wallet[asset];
        for (int k = 0; k < instruments.length; k++) {
            final Pos p = a.pos[k];
            if (p != null && p.cross && assetOf[k] == asset) {
                e = Math.addExact(e, MarginMath.unrealizedPnl(instruments[k], p.side, p.qty, p.entry, mark[k]));
            }
        }
        return e;
    }

    private long bookMaintenance(final Account a, final int asset) {
        long mm = 0;
        for (int k = 0; k < instruments.length; k++) {
            final Pos p = a.pos[k];
            if (p != null && p.cross && assetOf[k] == asset) {
                mm = Math.addExact(mm, MarginMath.maintenanceMargin(instruments[k], p.qty, p.entry, mark[k]));
            }
        }
        return mm;
    }

    private void evaluateBook(final Account a, final int asset, final int ticked) {
        if (bookExcess(a, asset, 1, 1) <= 0) {
            liquidateBook(a, asset, ticked);
            return;
        }
        int reached = 0;
        for (int j = 1; j <= levels; j++) {
            if (bookExcess(a, asset, levelNum[j - 1], levelDen[j - 1]) <= 0) {
                reached = j;
            }
        }
        if (reached > a.bookAlert[asset]) {
            a.bookAlert[asset] = reached;
            final long equity = bookEquity(a, asset);
            final long mm = bookMaintenance(a, asset);
            final Pos p = a.pos[ticked];
            final Instrument inst = instruments[ticked];
            sink.onMarginCall(seq, ts, a.id, ticked, true, reached, levelRaw[reached - 1], mark[ticked], equity, mm,
                MarginMath.maintenanceBracket(inst, p.qty, p.entry, mark[ticked]) + 1, MarginMath.marginRatio(mm, equity));
            return;
        }
        while (a.bookAlert[asset] > 0
            && bookExcess(a, asset, rearmNum[a.bookAlert[asset] - 1], rearmDen[a.bookAlert[asset] - 1]) > 0) {
            a.bookAlert[asset]--;
            rearms++;
        }
    }

    private void liquidateBook(final Account a, final int asset, final int ticked) {
        bookLiquidationsThisInput.add(new BookLiquidation(a.id, asset, ticked));
        final long equity = bookEquity(a, asset);
        final long mm = bookMaintenance(a, asset);
        final long ratio = MarginMath.marginRatio(mm, equity);
        for (int k = 0; k < instruments.length; k++) {
            final Pos p = a.pos[k];
            if (p == null || !p.cross || assetOf[k] != asset) {
                continue;
            }
            final Instrument inst = instruments[k];
            final long pnl = MarginMath.unrealizedPnl(inst, p.side, p.qty, p.entry, mark[k]);
            final long bankruptcy = solver.reset(inst, Math.subtractExact(equity, pnl)).addLeg(p.side, p.qty, p.entry)
                .bankruptcyPrice();
            sink.onLiquidation(seq, ts, a.id, k, p.side, p.qty, true, mark[k], bankruptcy, equity, mm,
                MarginMath.maintenanceBracket(inst, p.qty, p.entry, mark[k]) + 1, ratio, Rules.CROSS_ACCOUNT);
        }
        for (int k = 0; k < instruments.length; k++) {
            final Pos p = a.pos[k];
            if (p != null && p.cross && assetOf[k] == asset) {
                a.pos[k] = null;
            }
        }
        a.wallet[asset] = 0;
        a.bookAlert[asset] = 0;
        fund[asset] = Math.addExact(fund[asset], equity);
        sink.onInsuranceFund(seq, ts, a.id, ticked, asset, equity, fund[asset]);
    }

    // ---------------------------------------------------------------------------------------------
    // Queries, for end-of-book comparisons and diagnostics

    long insuranceFund(final int asset) {
        return fund[asset];
    }

    int assetCount() {
        return assetCount;
    }

    long markPrice(final int instrument) {
        return mark[instrument];
    }

    int openPositions() {
        int n = 0;
        for (final Account a : accounts.values()) {
            for (final Pos p : a.pos) {
                if (p != null) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Positions of a book's markets and whether it is complete; {@code null} if it is empty. */
    boolean hasCrossPositions(final long account, final int asset) {
        final Account a = accounts.get(account);
        if (a == null) {
            return false;
        }
        for (int k = 0; k < instruments.length; k++) {
            if (a.pos[k] != null && a.pos[k].cross && assetOf[k] == asset) {
                return true;
            }
        }
        return false;
    }

    /**
     * For the book generator, not for checking: a price on instrument {@code i}'s grid next to an edge
     * where some unit holding {@code i} changes state (liquidation, a margin-call level, the re-arm of
     * its fired level), found by galloping and bisecting the same excess this oracle evaluates, give or
     * take a tick. Ticks there probe that the engine acts exactly at its thresholds. 0 if none is near.
     */
    long boundaryPrice(final java.util.Random r, final int i) {
        if (mark[i] == 0) {
            return 0;
        }
        final int asset = assetOf[i];
        final List<Account> holders = new ArrayList<>();
        for (final Account a : accounts.values()) {
            if (a.pos[i] != null && (!a.pos[i].cross || complete(a, asset))) {
                holders.add(a);
            }
        }
        if (holders.isEmpty()) {
            return 0;
        }
        final Account a = holders.get(r.nextInt(holders.size()));
        final Pos p = a.pos[i];
        final int alert = p.cross ? a.bookAlert[asset] : p.alertLevel;
        final long ln;
        final long ld;
        final int pick = r.nextInt(4);
        if (pick == 0 || levels == 0) {
            ln = 1;
            ld = 1;
        } else if (pick == 1 && alert > 0) {
            ln = rearmNum[alert - 1];
            ld = rearmDen[alert - 1];
        } else {
            final int j = pick == 2 && alert < levels ? alert : r.nextInt(levels);
            ln = levelNum[j];
            ld = levelDen[j];
        }
        final Instrument inst = instruments[i];
        final long saved = mark[i];
        final long fee = p.cross ? 0 : closeFee(p);
        try {
            final java.util.function.LongPredicate past = price -> {
                mark[i] = price;
                return (p.cross ? bookExcess(a, asset, ln, ld) : isolatedExcess(p, fee, ln, ld)) <= 0;
            };
            final long tick = inst.tickSize();
            final long hi = Math.min(inst.maxPrice(), Math.max(saved, p.entry) * 4 / tick * tick);
            final boolean here = past.test(saved);
            long best = 0;
            for (final int dir : new int[] {1, -1}) {
                long inside = saved;
                long step = tick;
                long outside = 0;
                while (true) {
                    final long q = saved + dir * step;
                    if (q < tick || q > hi) {
                        break;
                    }
                    if (past.test(q) != here) {
                        outside = q;
                        break;
                    }
                    inside = q;
                    step <<= 1;
                }
                if (outside == 0) {
                    continue;
                }
                while (Math.abs(outside - inside) > tick) {
                    final long mid = inside + (outside - inside) / 2 / tick * tick;
                    if (past.test(mid) == here) {
                        inside = mid;
                    } else {
                        outside = mid;
                    }
                }
                if (best == 0 || Math.abs(outside - saved) < Math.abs(best - saved)) {
                    best = outside;
                }
            }
            if (best == 0) {
                return 0;
            }
            final long shifted = best + (r.nextInt(3) - 1) * tick;
            return shifted >= tick && shifted <= inst.maxPrice() ? shifted : best;
        } catch (final ArithmeticException beyondLong) {
            return 0;
        } finally {
            mark[i] = saved;
        }
    }

    /** A readable dump of the state, for failure reports. */
    String describe() {
        final StringBuilder sb = new StringBuilder();
        sb.append("marks=").append(java.util.Arrays.toString(mark)).append(" fund=").append(java.util.Arrays.toString(fund))
            .append('\n');
        for (final Account a : accounts.values()) {
            sb.append("  account ").append(a.id).append(" wallets=").append(java.util.Arrays.toString(a.wallet))
                .append(" bookAlert=").append(java.util.Arrays.toString(a.bookAlert));
            for (final Pos p : a.pos) {
                if (p != null) {
                    sb.append(' ').append(p);
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
