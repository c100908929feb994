package io.liquidator.bench.compare;

import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.instrument.BracketTable;
import io.liquidator.engine.instrument.ContractKind;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.instrument.MarginProfile;
import io.liquidator.journal.EventRecords;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The naive baseline's state and its one algorithm, written the way a first attempt looks: every
 * position a plain object in a {@code HashMap<Long, NaivePosition>}, every amount a
 * {@link BigDecimal}, and on every tick a full scan of all positions that evaluates each one on the
 * ticked instrument from scratch with the Binance formula: maintenance = notional × MMR −
 * maintenance amount, the bracket looked up at the position's notional, each time.
 *
 * <p>It is honest: the decisions are the engine's, on the same book and ticks (the baseline check
 * compares them event for event). Same margin-call levels and hysteresis, a liquidation when the
 * margin balance is at or below the maintenance margin, full liquidations settled with the
 * insurance fund, cross books valued as a whole, events per tick in ascending account order. The
 * arithmetic is exact {@code BigDecimal}, where the engine rounds once in the exchange's favour; on
 * the bench's books every amount is a whole number of balance units, so the two cannot differ.
 *
 * <p>What it does not model, because the bench never asks for it: partial-liquidation policies
 * (full closes only), auto-deleveraging (it refuses to run a fund dry), funding, inverse contracts,
 * profiles other than Binance's, and inputs other than marks after the book is loaded.
 */
final class NaiveBook {
    private static final int SCALE_RATE = 8;

    private final List<Market> markets = new ArrayList<>();
    private final Map<Long, NaivePosition> positions = new HashMap<>();
    private final Map<Long, CrossAccount> crossAccounts = new HashMap<>();
    private final Map<Integer, BigDecimal> marks = new HashMap<>();
    private final List<BigDecimal> levels = new ArrayList<>();
    private final List<BigDecimal> rearmLevels = new ArrayList<>();
    private BigDecimal fund;
    private long nextPositionId = 1;

    NaiveBook(final List<Instrument> instruments, final EngineSettings settings, final long fundRaw) {
        for (final Instrument i : instruments) {
            markets.add(new Market(i));
        }
        final BigDecimal hysteresis = BigDecimal.valueOf(settings.hysteresis(), SCALE_RATE);
        for (final long level : settings.marginCallLevels()) {
            levels.add(BigDecimal.valueOf(level, SCALE_RATE));
            rearmLevels.add(BigDecimal.valueOf(level, SCALE_RATE).subtract(hysteresis));
        }
        this.fund = BigDecimal.valueOf(fundRaw, markets.get(0).balanceScale);
    }

    /** Sets a mark without evaluating anything (the opening marks, before the book). */
    void setMark(final int instrument, final long priceRaw) {
        marks.put(instrument, BigDecimal.valueOf(priceRaw, markets.get(instrument).priceScale));
    }

    /** Loads a book: wallets, then positions (raw fixed-point columns turned into BigDecimal). */
    void load(final MarketBook b) {
        for (int w = 0; w < b.wallets; w++) {
            final CrossAccount a = new CrossAccount(b.walletAccount[w]);
            a.wallet = BigDecimal.valueOf(b.walletBalance[w], markets.get(0).balanceScale);
            crossAccounts.put(a.id, a);
        }
        for (int k = 0; k < b.positions; k++) {
            final Market m = markets.get(b.instrument[k]);
            final NaivePosition p = new NaivePosition(nextPositionId++, b.account[k], b.instrument[k], b.side[k],
                BigDecimal.valueOf(b.qty[k], m.qtyScale), BigDecimal.valueOf(b.entry[k], m.priceScale), b.cross[k],
                BigDecimal.valueOf(b.margin[k], m.balanceScale));
            positions.put(p.id, p);
            if (p.cross) {
                final CrossAccount a = crossAccounts.computeIfAbsent(p.account, CrossAccount::new);
                a.positions.add(p);
                a.positions.sort(Comparator.comparingInt(x -> x.instrument));
            }
        }
    }

    int positionCount() {
        return positions.size();
    }

    BigDecimal priceOf(final int instrument, final long priceRaw) {
        return BigDecimal.valueOf(priceRaw, markets.get(instrument).priceScale);
    }

    /**
     * A new mark for {@code instrument}: scans every position, evaluates those on the instrument (a
     * cross position marks its account for evaluation after the scan), and returns the decisions in
     * ascending account order, the insurance fund's balance filled in.
     */
    List<NaiveDecision> onTick(final long tick, final int instrument, final BigDecimal price) {
        marks.put(instrument, price);
        final List<NaiveDecision> out = new ArrayList<>();
        final Set<Long> books = new LinkedHashSet<>();
        final Iterator<NaivePosition> it = positions.values().iterator();
        while (it.hasNext()) {
            final NaivePosition p = it.next();
            if (p.instrument != instrument) {
                continue;
            }
            if (p.cross) {
                books.add(p.account);
            } else if (evaluateIsolated(tick, p, price, out)) {
                it.remove();
            }
        }
        for (final Long account : books) {
            evaluateCross(tick, crossAccounts.get(account), instrument, out);
        }
        out.sort(Comparator.comparingLong(d -> d.account));
        for (final NaiveDecision d : out) {
            if (d.kind == EventRecords.KIND_INSURANCE_FUND) {
                if (d.delta.signum() < 0 && fund.compareTo(d.delta.negate()) < 0) {
                    throw new IllegalStateException("the insurance fund cannot pay: auto-deleveraging is not modelled");
                }
                fund = fund.add(d.delta);
                d.balanceAfter = fund;
            }
        }
        return out;
    }

    /** @return whether the position was liquidated (the caller removes it) */
    private boolean evaluateIsolated(final long tick, final NaivePosition p, final BigDecimal mark,
                                     final List<NaiveDecision> out) {
        final Market m = markets.get(p.instrument);
        final BigDecimal notional = p.qty.multiply(mark);
        final Bracket b = m.bracketFor(notional);
        final BigDecimal mm = notional.multiply(b.mmr).subtract(b.maintenanceAmount);
        final BigDecimal pnl = pnl(p, mark);
        final BigDecimal equity = p.margin.add(pnl);
        if (equity.compareTo(mm) <= 0) {
            final BigDecimal perUnit = p.margin.divide(p.qty, m.priceScale,
                p.side > 0 ? RoundingMode.CEILING : RoundingMode.FLOOR);
            final BigDecimal bankruptcy = p.side > 0 ? p.entryPrice.subtract(perUnit) : p.entryPrice.add(perUnit);
            out.add(new NaiveDecision(tick, EventRecords.KIND_LIQUIDATION, p.account, p.instrument, 0, mark, equity, mm,
                ratio(mm, equity), bankruptcy, null));
            out.add(new NaiveDecision(tick, EventRecords.KIND_INSURANCE_FUND, p.account, p.instrument, 0, mark, equity,
                mm, null, null, equity));
            return true;
        }
        p.alertLevel = levelAfter(tick, p.alertLevel, equity, mm, p.account, p.instrument, mark, out);
        return false;
    }

    private void evaluateCross(final long tick, final CrossAccount a, final int instrument,
                               final List<NaiveDecision> out) {
        BigDecimal equity = a.wallet;
        BigDecimal mm = BigDecimal.ZERO;
        for (final NaivePosition p : a.positions) {
            final BigDecimal mark = marks.get(p.instrument);
            if (mark == null) {
                return; // a market without a mark yet: the book cannot be valued
            }
            final BigDecimal notional = p.qty.multiply(mark);
            final Bracket b = markets.get(p.instrument).bracketFor(notional);
            mm = mm.add(notional.multiply(b.mmr).subtract(b.maintenanceAmount));
            equity = equity.add(pnl(p, mark));
        }
        final BigDecimal mark = marks.get(instrument);
        if (equity.compareTo(mm) <= 0) {
            for (final NaivePosition p : a.positions) {
                out.add(new NaiveDecision(tick, EventRecords.KIND_LIQUIDATION, a.id, p.instrument, 0,
                    marks.get(p.instrument), equity, mm, ratio(mm, equity), null, null));
                positions.remove(p.id);
            }
            a.positions.clear();
            a.wallet = BigDecimal.ZERO;
            a.alertLevel = 0;
            out.add(new NaiveDecision(tick, EventRecords.KIND_INSURANCE_FUND, a.id, instrument, 0, mark, equity, mm,
                null, null, equity));
            return;
        }
        a.alertLevel = levelAfter(tick, a.alertLevel, equity, mm, a.id, instrument, mark, out);
    }

    /**
     * The margin-call level after this evaluation: the highest level now reached (MM ≥ level ×
     * equity) fires a margin call if it is above the one fired before; otherwise a fired level
     * re-arms while the ratio is below it minus the hysteresis.
     */
    private int levelAfter(final long tick, final int fired, final BigDecimal equity, final BigDecimal mm,
                           final long account, final int instrument, final BigDecimal mark,
                           final List<NaiveDecision> out) {
        int reached = 0;
        for (int j = levels.size(); j >= 1; j--) {
            if (equity.multiply(levels.get(j - 1)).compareTo(mm) <= 0) {
                reached = j;
                break;
            }
        }
        if (reached > fired) {
            out.add(new NaiveDecision(tick, EventRecords.KIND_MARGIN_CALL, account, instrument, reached, mark, equity,
                mm, ratio(mm, equity), null, null));
            return reached;
        }
        int a = fired;
        while (a > 0 && equity.multiply(rearmLevels.get(a - 1)).compareTo(mm) > 0) {
            a--;
        }
        return a;
    }

    private static BigDecimal pnl(final NaivePosition p, final BigDecimal mark) {
        final BigDecimal pnl = mark.subtract(p.entryPrice).multiply(p.qty);
        return p.side > 0 ? pnl : pnl.negate();
    }

    private static BigDecimal ratio(final BigDecimal mm, final BigDecimal equity) {
        return equity.signum() <= 0 ? null : mm.divide(equity, SCALE_RATE, RoundingMode.CEILING);
    }

    /** A cross account: its USDT wallet, its positions, the margin-call level its book last fired. */
    private static final class CrossAccount {
        final long id;
        final List<NaivePosition> positions = new ArrayList<>();
        BigDecimal wallet = BigDecimal.ZERO;
        int alertLevel;

        CrossAccount(final long id) {
            this.id = id;
        }
    }

    /** One bracket of an instrument's table, in USDT and plain rates. */
    private static final class Bracket {
        final BigDecimal floor;
        final BigDecimal cap;
        final BigDecimal mmr;
        final BigDecimal maintenanceAmount;

        Bracket(final BigDecimal floor, final BigDecimal cap, final BigDecimal mmr, final BigDecimal maintenanceAmount) {
            this.floor = floor;
            this.cap = cap;
            this.mmr = mmr;
            this.maintenanceAmount = maintenanceAmount;
        }
    }

    /** An instrument's scales and brackets; Binance linear contracts only. */
    private static final class Market {
        final int priceScale;
        final int qtyScale;
        final int balanceScale;
        final boolean supported;
        final List<Bracket> brackets = new ArrayList<>();

        Market(final Instrument i) {
            this.priceScale = i.priceScale();
            this.qtyScale = i.qtyScale();
            this.balanceScale = i.balanceScale();
            final BracketTable t = i.brackets();
            for (int k = 0; k < t.size(); k++) {
                brackets.add(new Bracket(BigDecimal.valueOf(t.floor(k), balanceScale),
                    BigDecimal.valueOf(t.cap(k), balanceScale), BigDecimal.valueOf(t.mmr(k), SCALE_RATE),
                    BigDecimal.valueOf(t.maintenanceAmount(k), balanceScale)));
            }
            supported = i.kind() == ContractKind.LINEAR && i.profile() == MarginProfile.BINANCE;
        }

        /** The bracket whose floor ≤ notional < cap; above the last cap, the last. */
        Bracket bracketFor(final BigDecimal notional) {
            if (!supported) {
                throw new UnsupportedOperationException("the naive baseline models Binance linear contracts only");
            }
            for (final Bracket b : brackets) {
                if (notional.compareTo(b.floor) >= 0 && notional.compareTo(b.cap) < 0) {
                    return b;
                }
            }
            return brackets.get(brackets.size() - 1);
        }
    }
}
