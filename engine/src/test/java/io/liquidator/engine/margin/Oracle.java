package io.liquidator.engine.margin;

import io.liquidator.engine.instrument.BracketTable;
import io.liquidator.engine.instrument.ContractKind;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.instrument.MarginProfile;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Test-only oracle for the margin math and the liquidation price solver, in exact rationals.
 *
 * <p>It reads only data from the instrument (scales, tick, contract size, taker rate, the bracket
 * table's columns, the profile's identity) and states each venue convention itself, from
 * {@code liquidation-mechanics.md}: BINANCE MM on mark notional × MMR − cum; GATE adds the taker
 * rate; HYPERLIQUID MM = mark notional / (2 × max leverage); BYBIT MM on entry value plus the taker
 * fee to close at the bankruptcy price; BITMEX MM on entry value with the taker rate added.
 * Rounding as {@code formats.md} states it: maintenance up, PnL down, prices toward the entry.
 * Amounts are in balance units (the instrument's 10^-balanceScale).
 */
final class Oracle {
    final Instrument inst;
    private final BracketTable table;
    private final Q unitsPerCoin;

    Oracle(final Instrument inst) {
        this.inst = inst;
        this.table = inst.brackets();
        this.unitsPerCoin = Q.of(Q.pow10(inst.balanceScale()), java.math.BigInteger.ONE);
    }

    /** A position problem: margin backing up to two legs. */
    static final class Problem {
        final long margin;
        final List<long[]> legs = new ArrayList<>(); // {side, qty, entry}

        Problem(final long margin) {
            this.margin = margin;
        }

        Problem leg(final int side, final long qty, final long entry) {
            legs.add(new long[]{side, qty, entry});
            return this;
        }

        LiquidationPriceSolver load(final LiquidationPriceSolver s, final Instrument i) {
            s.reset(i, margin);
            for (final long[] l : legs) {
                s.addLeg((int) l[0], l[1], l[2]);
            }
            return s;
        }

        @Override
        public String toString() {
            final StringBuilder sb = new StringBuilder("margin=" + margin);
            for (final long[] l : legs) {
                sb.append(" [").append(Side.name((int) l[0])).append(" qty=").append(l[1]).append(" @").append(l[2]).append(']');
            }
            return sb.toString();
        }
    }

    // ---- conventions -------------------------------------------------------------------------

    boolean entryBasis() {
        final MarginProfile p = inst.profile();
        return p == MarginProfile.BYBIT || p == MarginProfile.BITMEX;
    }

    boolean takerInRate() {
        final MarginProfile p = inst.profile();
        return p == MarginProfile.GATE || p == MarginProfile.BITMEX;
    }

    boolean halfInitial() {
        return inst.profile() == MarginProfile.HYPERLIQUID;
    }

    boolean closeFeeAtBankruptcy() {
        return inst.profile() == MarginProfile.BYBIT && inst.takerFeeRate() > 0;
    }

    // ---- quantities in exact rationals --------------------------------------------------------

    Q price(final long raw) {
        return Q.scaled(raw, inst.priceScale());
    }

    Q qty(final long raw) {
        return Q.scaled(raw, inst.qtyScale());
    }

    Q contractSize() {
        return Q.scaled(inst.contractSize(), inst.priceScale());
    }

    static Q rate(final long raw) {
        return Q.scaled(raw, 8);
    }

    /** Position value in balance units, exact. */
    Q notional(final long qtyRaw, final Q price) {
        if (inst.kind() == ContractKind.LINEAR) {
            return qty(qtyRaw).mul(price).mul(unitsPerCoin);
        }
        return qty(qtyRaw).mul(contractSize()).div(price).mul(unitsPerCoin);
    }

    Q notional(final long qtyRaw, final long priceRaw) {
        return notional(qtyRaw, price(priceRaw));
    }

    /** Unrealised PnL in balance units, exact. */
    Q pnl(final int side, final long qtyRaw, final long entryRaw, final Q mark) {
        final Q e = price(entryRaw);
        final Q v;
        if (inst.kind() == ContractKind.LINEAR) {
            v = qty(qtyRaw).mul(mark.sub(e));
        } else {
            v = qty(qtyRaw).mul(contractSize()).mul(e.inv().sub(mark.inv()));
        }
        return v.mul(unitsPerCoin).mul(side);
    }

    Q pnl(final int side, final long qtyRaw, final long entryRaw, final long markRaw) {
        return pnl(side, qtyRaw, entryRaw, price(markRaw));
    }

    /** Bracket of an exact notional in balance units: last floor ≤ notional. */
    int bracket(final Q notionalUnits) {
        int b = 0;
        for (int k = 0; k < table.size(); k++) {
            if (Q.of(table.floor(k)).compareTo(notionalUnits) <= 0) {
                b = k;
            }
        }
        return b;
    }

    /** The maintenance rate α of a bracket under the profile. */
    Q alpha(final int b) {
        if (halfInitial()) {
            return Q.ONE.div(rate(table.maxLeverage(b)).mul(2));
        }
        final Q mmr = rate(table.mmr(b));
        return takerInRate() ? mmr.add(rate(inst.takerFeeRate())) : mmr;
    }

    Q cum(final int b) {
        return halfInitial() ? Q.ZERO : Q.of(table.maintenanceAmount(b));
    }

    Q maintenanceBasis(final long entryRaw, final long markRaw) {
        return price(entryBasis() ? entryRaw : markRaw);
    }

    /** Exact maintenance margin at a price (no fee), balance units. */
    Q mmExact(final long qtyRaw, final long entryRaw, final Q mark) {
        final Q basis = entryBasis() ? price(entryRaw) : mark;
        final Q n = notional(qtyRaw, basis);
        final int b = bracket(n);
        return n.mul(alpha(b)).sub(cum(b));
    }

    /** Maintenance margin rounded up: ceil(notional × α) − cum (cum is whole units). */
    long mmRounded(final long qtyRaw, final long entryRaw, final long markRaw) {
        return mmRoundedBig(qtyRaw, entryRaw, markRaw).longValueExact();
    }

    BigInteger mmRoundedBig(final long qtyRaw, final long entryRaw, final long markRaw) {
        if (qtyRaw == 0) {
            return BigInteger.ZERO;
        }
        final Q n = notional(qtyRaw, maintenanceBasis(entryRaw, markRaw));
        final int b = bracket(n);
        return n.mul(alpha(b)).ceil().subtract(cum(b).floor());
    }

    long pnlRounded(final int side, final long qtyRaw, final long entryRaw, final long markRaw) {
        return pnl(side, qtyRaw, entryRaw, markRaw).floorLong();
    }

    long feeRounded(final long qtyRaw, final long priceRaw) {
        return notional(qtyRaw, priceRaw).mul(rate(inst.takerFeeRate())).ceilLong();
    }

    // ---- the trigger ---------------------------------------------------------------------------

    /** Margin balance minus maintenance at a grid price, with the venue's rounding (balance units). */
    long excess(final Problem p, final long priceRaw) {
        return excessBig(p, priceRaw).longValueExact();
    }

    BigInteger excessBig(final Problem p, final long priceRaw) {
        BigInteger e = BigInteger.valueOf(p.margin);
        // the engine's rule: each leg's PnL − MM as one exact fraction, rounded up once
        for (final long[] l : p.legs) {
            e = e.add(pnl((int) l[0], l[1], l[2], priceRaw).sub(mmExact(l[1], l[2], price(priceRaw))).ceil());
        }
        if (closeFeeAtBankruptcy()) {
            e = e.subtract(BigInteger.valueOf(closeFeeAtBankruptcyEdge(p)));
        }
        return e;
    }

    /** Equity after (Bybit) the fee to close at this price. */
    long bankruptcyExcess(final Problem p, final long priceRaw) {
        return bankruptcyExcessBig(p, priceRaw).longValueExact();
    }

    BigInteger bankruptcyExcessBig(final Problem p, final long priceRaw) {
        BigInteger e = BigInteger.valueOf(p.margin);
        for (final long[] l : p.legs) {
            Q leg = pnl((int) l[0], l[1], l[2], priceRaw);
            if (closeFeeAtBankruptcy()) {
                leg = leg.sub(notional(l[1], priceRaw).mul(rate(inst.takerFeeRate())));
            }
            e = e.add(leg.ceil());
        }
        return e;
    }

    /** Bybit: fee to close every leg at the REPORTED bankruptcy price (0 if there is none). */
    long closeFeeAtBankruptcyEdge(final Problem p) {
        final long bankruptcyEdge = gridEdge(price -> bankruptcyExcessBig(p, price).signum() <= 0, direction(p));
        if (bankruptcyEdge == LiquidationPriceSolver.NO_PRICE) {
            return 0;
        }
        final long edge = report(bankruptcyEdge, exactBankruptcyExcess(p, bankruptcyEdge), direction(p));
        long fee = 0;
        for (final long[] l : p.legs) {
            fee += feeRounded(l[1], edge);
        }
        return fee;
    }

    /** Side whose losses grow as the price falls: decided from the exact excess slope far from the entry. */
    int direction(final Problem p) {
        if (p.legs.size() == 1) {
            return (int) p.legs.get(0)[0];
        }
        long net = 0;
        for (final long[] l : p.legs) {
            net += l[0] * l[1];
        }
        return net > 0 ? Side.LONG : Side.SHORT;
    }

    /**
     * The edge of a monotone predicate on the tick grid [tick, maxPrice], by bisection: for a long
     * (true on [tick, edge]) the highest true price, for a short (true on [edge, max]) the lowest.
     */
    long gridEdge(final LongPredicate liquidatable, final int direction) {
        final long tick = inst.tickSize();
        final long max = inst.maxPrice();
        long lo = 1; // grid index
        long hi = max / tick;
        if (direction == Side.LONG) {
            if (!liquidatable.test(lo * tick)) {
                return LiquidationPriceSolver.NO_PRICE;
            }
            if (liquidatable.test(hi * tick)) {
                return hi * tick;
            }
            while (hi - lo > 1) { // true at lo, false at hi
                final long mid = (lo + hi) >>> 1;
                if (liquidatable.test(mid * tick)) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return lo * tick;
        }
        if (!liquidatable.test(hi * tick)) {
            return LiquidationPriceSolver.NO_PRICE;
        }
        if (liquidatable.test(lo * tick)) {
            return lo * tick;
        }
        while (hi - lo > 1) { // false at lo, true at hi
            final long mid = (lo + hi) >>> 1;
            if (liquidatable.test(mid * tick)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi * tick;
    }

    long liquidationEdge(final Problem p) {
        return gridEdge(price -> excessBig(p, price).signum() <= 0, direction(p));
    }

    long bankruptcyEdge(final Problem p) {
        return gridEdge(price -> bankruptcyExcessBig(p, price).signum() <= 0, direction(p));
    }

    /** Exact equity after the Bybit close fee at a price (for the reporting rule). */
    Q exactBankruptcyExcess(final Problem p, final long priceRaw) {
        Q e = Q.of(p.margin);
        for (final long[] l : p.legs) {
            e = e.add(pnl((int) l[0], l[1], l[2], priceRaw));
            if (closeFeeAtBankruptcy()) {
                e = e.sub(notional(l[1], priceRaw).mul(rate(inst.takerFeeRate())));
            }
        }
        return e;
    }

    /**
     * The reporting rule: the edge is the price itself only if the exact excess there is 0;
     * otherwise it moves one tick toward the entry (up for a long).
     */
    long report(final long edge, final Q exactExcessAtEdge, final int direction) {
        if (edge == LiquidationPriceSolver.NO_PRICE) {
            return edge;
        }
        if (exactExcessAtEdge.signum() == 0) {
            return edge;
        }
        if (direction == Side.LONG) {
            return edge >= inst.maxPrice() ? edge : edge + inst.tickSize();
        }
        return edge <= inst.tickSize() ? edge : edge - inst.tickSize();
    }

    // ---- exact roots (no rounding at all) ------------------------------------------------------

    /** Margin balance minus maintenance (and a constant fee) at a price, without any rounding. */
    Q exactExcess(final Problem p, final long priceRaw, final long fee) {
        Q e = Q.of(p.margin).sub(Q.of(fee));
        final Q price = price(priceRaw);
        for (final long[] l : p.legs) {
            e = e.add(pnl((int) l[0], l[1], l[2], price)).sub(mmExact(l[1], l[2], price));
        }
        return e;
    }

    /**
     * The exact liquidation price of one leg (real price units), from the profile's closed form
     * solved per bracket and kept only where the bracket at the root is the bracket used; null if
     * there is no positive root. {@code fee} is a constant amount added to the requirement (Bybit).
     */
    Q exactLiquidationPrice(final Problem p, final long fee) {
        final long[] l = p.legs.get(0);
        final int s = (int) l[0];
        final Q q = qty(l[1]);
        final Q ep = price(l[2]);
        final Q c = Q.of(p.margin);
        final Q k = unitsPerCoin;
        if (entryBasis()) {
            final Q mm = mmExact(l[1], l[2], ep).add(Q.of(fee));
            if (inst.kind() == ContractKind.LINEAR) {
                // C + s·q·(P − EP)·k − MM = 0
                final Q root = ep.add(mm.sub(c).div(q.mul(k).mul(s)));
                return root.signum() > 0 ? root : null;
            }
            // C + s·q·CS·k·(1/EP − 1/P) − MM = 0
            final Q qk = q.mul(contractSize()).mul(k);
            final Q den = c.sub(mm).add(qk.div(ep).mul(s));
            if (den.signum() == 0) {
                return null;
            }
            final Q root = qk.mul(s).div(den);
            return root.signum() > 0 ? root : null;
        }
        Q found = null;
        for (int b = 0; b < table.size(); b++) {
            final Q alpha = alpha(b);
            final Q cum = cum(b);
            final Q root;
            if (inst.kind() == ContractKind.LINEAR) {
                // C + s·q·(P − EP)·k − (α·q·P·k − cum) = 0
                root = q.mul(ep).mul(k).mul(s).sub(c).sub(cum).div(q.mul(k).mul(Q.of(s).sub(alpha)));
            } else {
                // C + s·q·CS·k·(1/EP − 1/P) − (α·q·CS·k/P − cum) = 0
                final Q qk = q.mul(contractSize()).mul(k);
                final Q den = c.add(cum).add(qk.div(ep).mul(s));
                if (den.signum() == 0) {
                    continue;
                }
                root = Q.of(s).add(alpha).mul(qk).div(den);
            }
            if (root.signum() <= 0) {
                continue;
            }
            final Q n = notional(l[1], root);
            final boolean inBracket = Q.of(table.floor(b)).compareTo(n) <= 0
                && (b == table.size() - 1 || n.compareTo(Q.of(table.cap(b))) < 0);
            if (inBracket && found == null) {
                found = root;
            }
        }
        return found;
    }

    /** Exact bankruptcy price of one leg: equity (after the Bybit fee to close at P) is zero. */
    Q exactBankruptcyPrice(final Problem p) {
        final long[] l = p.legs.get(0);
        final int s = (int) l[0];
        final Q q = qty(l[1]);
        final Q ep = price(l[2]);
        final Q c = Q.of(p.margin);
        final Q k = unitsPerCoin;
        final Q tau = closeFeeAtBankruptcy() ? rate(inst.takerFeeRate()) : Q.ZERO;
        final Q root;
        if (inst.kind() == ContractKind.LINEAR) {
            root = q.mul(ep).mul(k).mul(s).sub(c).div(q.mul(k).mul(Q.of(s).sub(tau)));
        } else {
            final Q qk = q.mul(contractSize()).mul(k);
            final Q den = c.add(qk.div(ep).mul(s));
            if (den.signum() == 0) {
                return null;
            }
            root = Q.of(s).add(tau).mul(qk).div(den);
        }
        return root.signum() > 0 ? root : null;
    }

    /** A real price as raw price units. */
    Q raw(final Q price) {
        return price.mul(Q.of(Q.pow10(inst.priceScale()), BigInteger.ONE));
    }

    long ceilToTick(final Q price) {
        final long tick = inst.tickSize();
        return raw(price).div(Q.of(tick)).ceil().longValueExact() * tick;
    }

    long floorToTick(final Q price) {
        final long tick = inst.tickSize();
        return raw(price).div(Q.of(tick)).floor().longValueExact() * tick;
    }

    /** The exact price rounded toward the entry: up for a long, down for a short. */
    long towardEntry(final Q price, final int side) {
        return side == Side.LONG ? ceilToTick(price) : floorToTick(price);
    }
}
