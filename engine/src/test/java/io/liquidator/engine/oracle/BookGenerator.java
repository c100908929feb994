package io.liquidator.engine.oracle;

import io.liquidator.engine.instrument.ContractKind;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Fixed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random but realistic books: marks that random-walk with occasional sharp moves, isolated and
 * cross positions of 20 USD to 30 M USD at 2–125× leverage around the mark, cross wallets sized from
 * the book's leverage, and, between ticks, position and wallet updates, funding and the odd invalid
 * input. Every number is on its instrument's tick or step. All randomness comes from one seed.
 */
final class BookGenerator {

    /** Shape of a book. */
    static final class Shape {
        int minAccounts = 1;
        int maxAccounts = 12;
        int minTicks = 20;
        int maxTicks = 60;
        /** Probability that an account is all-cross, all-isolated (else mixed). */
        double crossAccount = 0.35;
        double isolatedAccount = 0.45;
        int minMarkets = 1;
        int maxMarkets = 3;
        /** Cross property books: every account cross, 2–3 USDT markets, one market moves per tick. */
        boolean crossOnly;
        double positionUpdate = 0.05;
        double walletUpdate = 0.03;
        double funding = 0.03;
        double invalid = 0.02;
        /** Sharp-move probability per tick; random per book when not positive. */
        double jumpChance;
        /** Insurance funds start empty: every shortfall goes to ADL. */
        boolean emptyFund;
    }

    private final Random r;
    private final Book book;
    private final Shape shape;
    private final List<Instrument> inst;
    private final double[] fair;
    private final double[] base;
    private final double volatility;
    private final double jumpChance;
    private long seq;
    private long ts;
    private final List<Long> accountIds = new ArrayList<>();
    private final Map<Long, Integer> accountStyle = new HashMap<>();
    private final Map<String, Long> lastWallet = new HashMap<>();
    private final List<Input> lastOpened = new ArrayList<>();
    /** The last position set per "account/instrument" (the generator does not know about liquidations). */
    private final Map<String, Input> open = new HashMap<>();
    private final boolean heavyFunding;
    /** The oracle run alongside, so that ticks can be aimed at the units' thresholds. */
    private final NaiveOracle shadow;
    private final FullRecordingSink shadowSink = new FullRecordingSink();
    private final double edgeChance;

    private BookGenerator(final Random r, final Book book, final Shape shape) {
        this.r = r;
        this.book = book;
        this.shape = shape;
        this.inst = book.instruments();
        this.fair = new double[inst.size()];
        this.base = new double[inst.size()];
        final double[] vols = {0.001, 0.003, 0.006, 0.012, 0.02};
        this.volatility = vols[r.nextInt(vols.length)];
        this.jumpChance = shape.jumpChance > 0 ? shape.jumpChance : 0.01 + r.nextDouble() * 0.05;
        // some books settle funding often and at stressed rates, with the index's funding slack in play
        this.heavyFunding = r.nextDouble() < 0.1;
        this.shadow = new NaiveOracle(book.instruments(), book.settings(), shadowSink);
        this.edgeChance = r.nextDouble() < 0.5 ? 0 : 0.1 + 0.4 * r.nextDouble();
    }

    static Book generate(final long seed, final String mode, final Book.Policy policy, final Shape shape) {
        final Random r = new Random(seed);
        final int set;
        if (shape.crossOnly) {
            set = Book.THREE_USDT;
        } else {
            final double u = r.nextDouble();
            set = u < 0.6 ? Book.BUNDLED : u < 0.8 ? Book.VENUES : Book.THREE_USDT;
        }
        final long[] minNotionals = {0L, 1_000_000_000L, 100_000_000_000L, 2_000_000_000_000L};
        final long minNotional = minNotionals[r.nextInt(minNotionals.length)];
        long[] levels = {80_000_000L, 90_000_000L};
        long hysteresis = 5_000_000L;
        if (r.nextDouble() < 0.35) {
            // levels and hysteresis on a 0.5 % grid (finer ones overflow the weighted excess for margins above
            // about 9.2 M USDT, OracleFindingsTest #3), the lowest re-arm level (L1 − h) above 0.55: above every
            // maintenance rate the profiles apply (0.5 in the top brackets, Gate's 0.5005), as the engine
            // requires (a ratio can then reach a level only on the losing side; OracleFindingsTest #2)
            final long[][] choices = {{}, {60_000_000L, 75_000_000L, 90_000_000L}, {95_000_000L},
                {70_000_000L, 99_000_000L}, {66_000_000L}, {57_500_000L, 62_000_000L, 99_500_000L}};
            levels = choices[r.nextInt(choices.length)];
            final long cap = levels.length == 0 ? 15_000_000L : Math.max(0, Math.min(levels[0] - 1 - 55_000_000L, 15_000_000L));
            hysteresis = 500_000L * r.nextInt((int) (cap / 500_000L) + 1);
        }
        final Book book = new Book(seed, mode, set, policy, minNotional, levels, hysteresis);
        final String[] assets = set == Book.VENUES ? new String[] {"USDT", "BTC", "ETH"} : new String[] {"USDT", "BTC"};
        final boolean smallFund = shape.emptyFund || r.nextDouble() < 0.6;
        for (final String a : assets) {
            // small: a few units at most, so that shortfalls go to ADL; large: never runs dry
            book.fund.put(a, smallFund ? (shape.emptyFund || r.nextBoolean() ? 0L : (long) (r.nextDouble() * 500_000_000L))
                : 100_000_000_000_000L);
        }
        new BookGenerator(r, book, shape).build();
        return book;
    }

    private void build() {
        for (int i = 0; i < inst.size(); i++) {
            final String s = inst.get(i).symbol();
            base[i] = s.startsWith("BTC") ? 20_000 + r.nextDouble() * 80_000
                : s.startsWith("ETH") ? 1_000 + r.nextDouble() * 4_000 : 20 + r.nextDouble() * 280;
            fair[i] = base[i];
        }
        // a linear market whose first mark comes late: its cross books wait (bundled set only, where
        // the only inverse market is alone in its asset)
        int delayed = -1;
        if (book.instrumentSet == Book.BUNDLED && !shape.crossOnly && r.nextDouble() < 0.1) {
            delayed = r.nextInt(2);
        }
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < inst.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, r);
        for (final int i : order) {
            if (i != delayed) {
                emitMark(i, snap(i, fair[i]));
            }
        }
        final int n = shape.minAccounts + r.nextInt(shape.maxAccounts - shape.minAccounts + 1);
        final Set<Long> ids = new LinkedHashSet<>();
        final int idRange = Math.max(40, 3 * n);
        while (ids.size() < n) {
            final double u = r.nextDouble();
            ids.add(u < 0.04 ? -1 - (long) r.nextInt(1000) : u < 0.07 ? Long.MAX_VALUE - r.nextInt(1000)
                : 1 + (long) r.nextInt(idRange));
        }
        accountIds.addAll(ids);
        book.accounts = n;
        long previous = 0;
        for (final long id : accountIds) {
            if (!lastOpened.isEmpty() && r.nextInt(8) == 0) {
                // a twin of the previous account: same positions, margins and wallet, so that scores and
                // thresholds tie and the account-id order decides (ADL queue, evaluation order)
                accountStyle.put(id, accountStyle.get(previous));
                for (final Input in : lastOpened) {
                    emit(in.kind == Input.Kind.WALLET ? Input.wallet(nextSeq(), ts, id, in.instrument, in.value)
                        : Input.position(nextSeq(), ts, id, in.instrument, in.side, in.qty, in.value, in.cross, in.margin));
                }
                previous = id;
                continue;
            }
            final double u = r.nextDouble();
            final int style = shape.crossOnly ? 0 : u < shape.crossAccount ? 0 : u < shape.crossAccount
                + shape.isolatedAccount ? 1 : 2;
            accountStyle.put(id, style);
            final int from = book.inputs.size();
            openAccount(id, style);
            lastOpened.clear();
            lastOpened.addAll(book.inputs.subList(from, book.inputs.size()));
            previous = id;
        }
        final int ticks = shape.minTicks + r.nextInt(shape.maxTicks - shape.minTicks + 1);
        final int delayUntil = delayed < 0 ? -1 : r.nextInt(Math.max(1, ticks / 2));
        for (int t = 0; t < ticks; t++) {
            advanceClock();
            if (t == delayUntil) {
                emitMark(delayed, snap(delayed, fair[delayed]));
                continue;
            }
            final double u = r.nextDouble();
            if (!shape.crossOnly && u < shape.invalid) {
                invalid();
            } else if (u < shape.invalid + shape.positionUpdate) {
                final long id = accountIds.get(r.nextInt(accountIds.size()));
                updatePosition(id);
            } else if (u < shape.invalid + shape.positionUpdate + shape.walletUpdate) {
                updateWallet();
            } else if (u < shape.invalid + shape.positionUpdate + shape.walletUpdate + (heavyFunding ? 0.15 : shape.funding)) {
                final int i = r.nextInt(inst.size());
                emit(Input.funding(nextSeq(), ts, i, fundingRate()));
            } else {
                tick(delayed >= 0 && t < delayUntil ? delayed : -1);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    private long nextSeq() {
        seq += 1 + (r.nextInt(10) == 0 ? r.nextInt(5) : 0);
        return seq;
    }

    private void advanceClock() {
        final int u = r.nextInt(10);
        ts += u == 0 ? 0 : u < 7 ? 1 + r.nextInt(3_000) : 1 + r.nextInt(40_000);
    }

    private void emit(final Input in) {
        book.inputs.add(in);
        in.apply(shadow);
        shadowSink.clear();
        if (in.kind == Input.Kind.POSITION && in.instrument >= 0 && in.instrument < inst.size()) {
            final Instrument i = inst.get(in.instrument);
            final String key = in.account + "/" + in.instrument;
            if (in.qty == 0) {
                open.remove(key);
            } else if (in.qty > 0 && Math.abs(in.side) == 1 && in.qty % i.stepSize() == 0 && in.value > 0
                && in.value % i.tickSize() == 0 && in.value <= i.maxPrice() && (in.cross || in.margin >= 0)) {
                open.put(key, in);
            }
        }
    }

    private void emitMark(final int i, final long price) {
        emit(Input.mark(nextSeq(), ts, i, price));
    }

    private long snap(final int i, final double human) {
        final Instrument in = inst.get(i);
        final double raw = human * Math.pow(10, in.priceScale());
        final long ticks = Math.max(1, Math.round(raw / in.tickSize()));
        return ticks * in.tickSize();
    }

    private double human(final int i, final long raw) {
        return raw / Math.pow(10, inst.get(i).priceScale());
    }

    /** One market moves: a random-walk step, sometimes a sharp move, sometimes no change. */
    private void tick(final int skip) {
        int i = r.nextInt(inst.size());
        if (i == skip) {
            i = (i + 1) % inst.size();
        }
        if (shape.crossOnly && inst.get(i).kind() == ContractKind.INVERSE && r.nextBoolean()) {
            i = r.nextInt(3);
        }
        if (r.nextDouble() < edgeChance) {
            final long edge = shadow.boundaryPrice(r, i);
            if (edge > 0) {
                fair[i] = human(i, edge);
                emitMark(i, edge);
                return;
            }
        }
        final double u = r.nextDouble();
        double move;
        if (u < jumpChance) {
            move = (r.nextBoolean() ? 1 : -1) * (0.03 + r.nextDouble() * 0.17);
        } else if (u < jumpChance + 0.05) {
            move = 0;
        } else {
            move = r.nextGaussian() * volatility;
        }
        // pull gently back toward the base so that long books do not drift off to nowhere
        move += 0.02 * Math.log(base[i] / fair[i]);
        fair[i] = Math.max(base[i] / 20, Math.min(base[i] * 20, fair[i] * Math.exp(move)));
        emitMark(i, snap(i, fair[i]));
    }

    private long fundingRate() {
        final long rate = r.nextInt(heavyFunding ? 3 : 20) == 0 ? 1_000_000L + r.nextInt(4_000_000)
            : 1_000L + r.nextInt(300_000);
        return r.nextBoolean() ? rate : -rate;
    }

    /** A notional in USD: log-uniform over 20 .. 3 M, with a tail to 30 M (the higher brackets). */
    private double notionalUsd() {
        return r.nextInt(10) == 0 ? 3e6 * Math.exp(r.nextDouble() * Math.log(10))
            : 20 * Math.exp(r.nextDouble() * Math.log(150_000));
    }

    private long quantityFor(final int i, final double usd, final double price) {
        final Instrument in = inst.get(i);
        final double units = in.kind() == ContractKind.LINEAR ? usd / price
            : usd / (in.contractSize() / Math.pow(10, in.priceScale()));
        final long raw = Math.round(units * Math.pow(10, in.qtyScale()) / in.stepSize());
        return Math.max(1, raw) * in.stepSize();
    }

    /** Leverage 2–125×, log-uniform, mostly within the bracket's maximum. */
    private double leverage(final int i, final long qty, final long entry) {
        final Instrument in = inst.get(i);
        double lev = Math.exp(Math.log(2) + r.nextDouble() * Math.log(125.0 / 2));
        final double max = in.brackets().maxLeverage(MarginMath.bracketAt(in, qty, entry)) / 1e8;
        if (lev > max && r.nextInt(5) != 0) {
            lev = Math.max(2, max * (0.5 + 0.5 * r.nextDouble()));
        }
        return lev;
    }

    private int[] markets() {
        final List<Integer> pool = new ArrayList<>();
        for (int i = 0; i < inst.size(); i++) {
            if (!shape.crossOnly || inst.get(i).settlementAsset().equals("USDT")) {
                pool.add(i);
            }
        }
        java.util.Collections.shuffle(pool, r);
        final int k = Math.min(pool.size(), shape.minMarkets + r.nextInt(shape.maxMarkets - shape.minMarkets + 1));
        final int[] out = new int[k];
        for (int j = 0; j < k; j++) {
            out[j] = pool.get(j);
        }
        return out;
    }

    private void openAccount(final long id, final int style) {
        final int[] markets = markets();
        final double bookLeverage = Math.exp(Math.log(2) + r.nextDouble() * Math.log(60.0 / 2));
        final Map<String, Double> walletNeed = new HashMap<>();
        final List<Input> positions = new ArrayList<>();
        for (final int i : markets) {
            final boolean cross = style == 0 || (style == 2 && r.nextBoolean());
            final Input p = newPosition(id, i, cross);
            positions.add(p);
            if (cross) {
                walletNeed.merge(inst.get(i).settlementAsset(),
                    (double) MarginMath.notional(inst.get(i), p.qty, p.value) / bookLeverage, Double::sum);
            }
        }
        final boolean walletFirst = r.nextBoolean();
        if (!walletFirst) {
            positions.forEach(this::emit);
        }
        for (final Map.Entry<String, Double> w : walletNeed.entrySet()) {
            final int asset = assetIndex(w.getKey());
            final long balance = (long) w.getValue().doubleValue();
            lastWallet.put(id + "/" + asset, balance);
            emit(Input.wallet(nextSeq(), ts, id, asset, balance));
        }
        if (walletFirst) {
            for (final Input p : positions) {
                emit(Input.position(nextSeq(), p.ts, p.account, p.instrument, p.side, p.qty, p.value, p.cross, p.margin));
            }
        }
    }

    private int assetIndex(final String asset) {
        final List<String> names = new ArrayList<>();
        for (final Instrument in : inst) {
            if (!names.contains(in.settlementAsset())) {
                names.add(in.settlementAsset());
            }
        }
        return names.indexOf(asset);
    }

    private Input newPosition(final long id, final int i, final boolean cross) {
        // now and then a position arrives with an entry far from the market (moved from another
        // book, or reported late), possibly already past its bankruptcy price
        final double price = fair[i] * (1 + (r.nextInt(20) == 0 ? (r.nextBoolean() ? 1 : -1) * (0.03 + 0.12 * r.nextDouble())
            : r.nextGaussian() * 0.004));
        final long entry = snap(i, Math.max(price, 1e-6));
        final long qty = quantityFor(i, notionalUsd(), human(i, entry));
        final int side = r.nextBoolean() ? Side.LONG : Side.SHORT;
        long margin = 0;
        if (!cross) {
            final double lev = leverage(i, qty, entry);
            margin = (long) (MarginMath.notional(inst.get(i), qty, entry) / lev);
        }
        return Input.position(nextSeq(), ts, id, i, side, qty, entry, cross, margin);
    }

    /**
     * Changes one of the account's positions the way trading does (top up or withdraw margin, add at
     * the market, reduce, close, or re-send it unchanged, which resets its levels and cooldown), or
     * now and then opens a fresh one.
     */
    private void updatePosition(final long id) {
        final int style = accountStyle.get(id);
        final List<Input> mine = new ArrayList<>();
        for (int i = 0; i < inst.size(); i++) {
            final Input p = open.get(id + "/" + i);
            if (p != null) {
                mine.add(p);
            }
        }
        if (mine.isEmpty() || r.nextDouble() < 0.15) {
            final int i = r.nextInt(inst.size());
            if (shape.crossOnly && !inst.get(i).settlementAsset().equals("USDT")) {
                return;
            }
            final boolean cross = style == 0 || (style == 2 && r.nextBoolean());
            emit(newPosition(id, i, cross));
            return;
        }
        final Input p = mine.get(r.nextInt(mine.size()));
        final Instrument in = inst.get(p.instrument);
        final long step = in.stepSize();
        switch (r.nextInt(5)) {
            case 0 -> {
                if (p.cross) {
                    updateWallet(id, assetIndex(in.settlementAsset()));
                } else {
                    final long margin = (long) (p.margin * (0.7 + 0.7 * r.nextDouble()));
                    emit(Input.position(nextSeq(), ts, id, p.instrument, p.side, p.qty, p.value, false, margin));
                }
            }
            case 1 -> {
                final long add = Math.max(step, Math.round(p.qty * (0.05 + 0.45 * r.nextDouble()) / step) * step);
                final long at = snap(p.instrument, fair[p.instrument]);
                final double avg = ((double) p.value * p.qty + (double) at * add) / (p.qty + add);
                final long entry = Math.max(in.tickSize(), Math.round(avg / in.tickSize()) * in.tickSize());
                final long margin = p.cross ? 0 : p.margin + (long) ((double) p.margin * add / p.qty * r.nextDouble() * 1.5);
                emit(Input.position(nextSeq(), ts, id, p.instrument, p.side, p.qty + add, entry, p.cross, margin));
            }
            case 2 -> {
                final double keep = 0.3 + 0.65 * r.nextDouble();
                final long qty = Math.max(step, Math.round(p.qty * keep / step) * step);
                emit(Input.position(nextSeq(), ts, id, p.instrument, p.side, qty, p.value, p.cross,
                    p.cross ? 0 : (long) (p.margin * keep)));
            }
            case 3 -> emit(Input.position(nextSeq(), ts, id, p.instrument, r.nextBoolean() ? p.side : 0, 0, 0,
                r.nextBoolean(), 0));
            default -> emit(Input.position(nextSeq(), ts, id, p.instrument, p.side, p.qty, p.value, p.cross, p.margin));
        }
    }

    /** A wallet update, mostly of a book that holds positions: deposits and withdrawals, or a re-send. */
    private void updateWallet() {
        final long id = accountIds.get(r.nextInt(accountIds.size()));
        for (int i = 0; i < inst.size(); i++) {
            final Input p = open.get(id + "/" + i);
            if (p != null && p.cross && r.nextInt(4) != 0) {
                updateWallet(id, assetIndex(inst.get(i).settlementAsset()));
                return;
            }
        }
        updateWallet(id, r.nextInt(assetIndex(inst.get(inst.size() - 1).settlementAsset()) + 1));
    }

    private void updateWallet(final long id, final int asset) {
        final long previous = lastWallet.getOrDefault(id + "/" + asset, 0L);
        final long balance;
        final double u = r.nextDouble();
        if (previous == 0 || u < 0.08) {
            balance = (long) (Math.exp(r.nextDouble() * Math.log(1e6)) * (asset == 0 ? 1e8 : 1e4));
        } else if (u < 0.1) {
            balance = -(long) (previous * r.nextDouble() * 0.1);
        } else if (u < 0.3) {
            balance = previous;
        } else if (u < 0.75) {
            balance = (long) (previous * (0.85 + 0.3 * r.nextDouble()));
        } else {
            balance = (long) (previous * (0.3 + 1.2 * r.nextDouble()));
        }
        lastWallet.put(id + "/" + asset, balance);
        emit(Input.wallet(nextSeq(), ts, id, asset, balance));
    }

    /** Inputs the engine must refuse (and, for qty 0 with a bad side, accept). */
    private void invalid() {
        final int i = r.nextInt(inst.size());
        final Instrument in = inst.get(i);
        final long price = snap(i, fair[i]);
        final long id = accountIds.get(r.nextInt(accountIds.size()));
        switch (r.nextInt(16)) {
            case 0 -> emit(Input.mark(Math.max(1, seq - r.nextInt(3)), ts, i, price));
            case 1 -> emit(Input.mark(nextSeq(), ts, r.nextBoolean() ? -1 : inst.size(), price));
            case 2 -> emit(Input.mark(nextSeq(), ts, i, -r.nextInt(2) * price));
            case 3 -> emit(Input.mark(nextSeq(), ts, i, price + (in.tickSize() > 1 ? 1 : 0)));
            case 4 -> emit(Input.mark(nextSeq(), ts, i, in.maxPrice() + in.tickSize()));
            case 5 -> emit(Input.mark(nextSeq(), ts - 1 - r.nextInt(50_000), i, price));
            case 6 -> emit(Input.position(nextSeq(), ts, id, i, Side.LONG, -in.stepSize(), price, false, 1));
            case 7 -> emit(Input.position(nextSeq(), ts, id, i, r.nextBoolean() ? 0 : 2, in.stepSize(), price, false, 1));
            case 8 -> emit(Input.position(nextSeq(), ts, id, i, Side.SHORT, in.stepSize() + (in.stepSize() > 1 ? 1 : 0),
                price, true, 0));
            case 9 -> emit(Input.position(nextSeq(), ts, id, i, Side.SHORT, in.stepSize(), -r.nextInt(2) * price, true, 0));
            case 10 -> emit(Input.position(nextSeq(), ts, id, i, Side.LONG, in.stepSize(), in.maxPrice() + in.tickSize(),
                false, 1));
            case 11 -> emit(Input.position(nextSeq(), ts, id, i, Side.LONG, in.stepSize(), price, false, -1));
            case 12 -> emit(Input.position(nextSeq(), ts, id, r.nextBoolean() ? -1 : inst.size(), Side.LONG, 1, price,
                false, 1));
            case 13 -> emit(Input.wallet(nextSeq(), ts, id, r.nextBoolean() ? -1 : 7, 1));
            case 14 -> emit(Input.funding(nextSeq(), ts, r.nextBoolean() ? -1 : inst.size(), 1000));
            default -> emit(Input.position(nextSeq(), ts, id, i, 0, 0, 0, false, -5));
        }
        if (r.nextInt(4) == 0 && in.tickSize() > 1) {
            // an entry off the tick (only instruments whose tick is more than one raw unit)
            emit(Input.position(nextSeq(), ts, id, i, Side.LONG, in.stepSize(), Fixed.add(price, 1), false, 1));
        }
    }
}
