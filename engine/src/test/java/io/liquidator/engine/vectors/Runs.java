package io.liquidator.engine.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.liquidator.engine.core.AdlQueue;
import io.liquidator.engine.instrument.BracketTable;
import io.liquidator.engine.instrument.ContractKind;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.instrument.MarginProfile;
import io.liquidator.engine.margin.LiquidationPriceSolver;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.Fixed;
import io.liquidator.engine.money.Rates;

import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one vector through the project's margin code: builds the instrument and bracket table the
 * vector describes, derives the margin the way the vector states it, asks {@link MarginMath} and
 * {@link LiquidationPriceSolver} for the numbers, and hands each to {@link Check}.
 *
 * <p>Every number is parsed from its decimal text with {@link Decimals#parse} into a fixed-point
 * long. Scales are chosen per vector so that the exact answer is resolved well below the vector's
 * precision: linear contracts get an 8-decimal price where the quantity leaves room in a 12-decimal
 * balance; inverse contracts get the finest price/balance pair whose products stay inside a long.
 */
final class Runs {
    static final int RATE = Rates.SCALE_DIGITS;
    /** Headroom: raw value numerators stay below this so that rate products and sums cannot overflow. */
    private static final long SAFE = Long.MAX_VALUE / 4;
    private static final long DEFAULT_MAX_LEVERAGE = 100 * Rates.ONE;

    private Runs() {
    }

    // ------------------------------------------------------------------ numbers and scales

    static long dec(final String text, final int scale) {
        return Decimals.parse(text, scale);
    }

    static long rate(final String text) {
        return Decimals.parse(text, RATE);
    }

    static int places(final String text) {
        return Decimals.decimalPlaces(text);
    }

    static String fmt(final long raw, final int scale) {
        return Decimals.formatTrimmed(raw, scale);
    }

    static int side(final JsonNode v) {
        final int s = Side.parse(Json.text(v, "side"));
        if (s == 0) {
            throw new IllegalArgumentException("side must be long or short: " + Json.text(v, "side"));
        }
        return s;
    }

    record Qty(long raw, int scale, String shown) {
    }

    record Scales(int price, int balance) {
    }

    /** The quantity as published, or (BitMEX "Karen") notional ÷ entry, which must divide exactly. */
    static Qty quantity(final JsonNode v, final String entryText) {
        final String q = Json.opt(v, "quantity");
        if (q != null) {
            final int qs = places(q);
            return new Qty(dec(q, qs), qs, q);
        }
        final String notional = Json.opt(v, "notional");
        if (notional == null) {
            throw new IllegalArgumentException("vector states neither quantity nor notional");
        }
        final long n = dec(notional, 8);
        final long e = dec(entryText, 8);
        for (int qs = 0; qs <= 8; qs++) {
            final long scaled = Fixed.mul(n, Fixed.pow10(qs));
            final long raw = Fixed.div(scaled, e, RoundingMode.DOWN);
            if (Fixed.mul(raw, e) == scaled) {
                return new Qty(raw, qs, fmt(raw, qs) + " (= notional " + notional + " / entry " + entryText + ")");
            }
        }
        throw new IllegalArgumentException("notional / entry is not an exact quantity: " + notional + " / " + entryText);
    }

    /**
     * Linear scales: price scale 8 (or less, so that qty decimals + price decimals ≤ 12), balance
     * scale = qty decimals + price decimals, so that notional = qty × price is exact.
     */
    static Scales linearScales(final int maxQtyScale, final List<String> prices, final List<String> money) {
        final int ps = Math.min(8, 12 - maxQtyScale);
        for (final String p : prices) {
            if (places(p) > ps) {
                throw new IllegalArgumentException("price " + p + " needs more than " + ps + " decimals");
            }
        }
        final int bs = maxQtyScale + ps;
        for (final String m : money) {
            if (places(m) > bs) {
                throw new IllegalArgumentException("amount " + m + " needs more than " + bs + " decimals");
            }
        }
        return new Scales(ps, bs);
    }

    /**
     * Inverse scales: the pair (price 2..4 decimals, balance 8..10 decimals) with the most total
     * decimals (then the finer price) such that contracts × size × 10^(balance − qty decimals) stays
     * below {@link #SAFE} and (2 × price)² fits in a long (entry × mark in the PnL denominator).
     */
    static Scales inverseScales(final String qtyText, final String contractSizeText, final String priceText,
                                final List<String> money) {
        final int qs = places(qtyText);
        final long qty = dec(qtyText, qs);
        for (int sum = 15; sum >= 10; sum--) {
            for (int ps = 4; ps >= 2; ps--) {
                final int bs = sum - ps;
                if (bs < 8 || bs > 10 || places(priceText) > ps || places(contractSizeText) > ps || bs < qs) {
                    continue;
                }
                try {
                    final long price2 = Math.multiplyExact(2, dec(priceText, ps));
                    Math.multiplyExact(price2, price2);
                    final long numerator = Math.multiplyExact(Math.multiplyExact(qty, dec(contractSizeText, ps)), Fixed.pow10(bs - qs));
                    if (numerator > SAFE) {
                        continue;
                    }
                    boolean moneyFits = true;
                    for (final String m : money) {
                        moneyFits &= places(m) <= bs && Math.abs(dec(m, bs)) < SAFE;
                    }
                    if (moneyFits) {
                        return new Scales(ps, bs);
                    }
                } catch (final ArithmeticException overflow) {
                    // try a coarser pair
                }
            }
        }
        throw new IllegalArgumentException("no inverse scales fit for qty " + qtyText + " at " + priceText);
    }

    private static void addIfPresent(final List<String> list, final JsonNode v, final String... fields) {
        for (final String f : fields) {
            final String t = Json.opt(v, f);
            if (t != null) {
                list.add(t);
            }
        }
    }

    // ------------------------------------------------------------------ instruments, brackets, margin

    static Instrument linear(final String symbol, final MarginProfile profile, final int ps, final int qs, final int bs,
                             final long taker, final BracketTable brackets) {
        return Instrument.builder().symbol(symbol).kind(ContractKind.LINEAR).settlementAsset("USDT").profile(profile)
            .price(ps, 1).quantity(qs, 1).balanceScale(bs).takerFeeRate(taker).brackets(brackets).build();
    }

    static Instrument inverse(final String symbol, final MarginProfile profile, final int ps, final int qs, final int bs,
                              final long contractSize, final long taker, final BracketTable brackets) {
        return Instrument.builder().symbol(symbol).kind(ContractKind.INVERSE).settlementAsset("BTC").profile(profile)
            .price(ps, 1).quantity(qs, 1).balanceScale(bs).contractSize(contractSize).takerFeeRate(taker)
            .brackets(brackets).build();
    }

    /**
     * The single bracket a vector states: its MMR ({@code mmr}, else {@code mmr_implied}, else
     * {@code computed.mmr_assumed}), maintenance amount ({@code maintenance_amount} / Bybit
     * {@code mm_deduction}) and max leverage. Hyperliquid: MM rate = 1 / (2 × max leverage).
     */
    static BracketTable singleBracket(final JsonNode v, final int bs, final MarginProfile profile, final Check c,
                                      final boolean mmrNeeded) {
        if (profile == MarginProfile.HYPERLIQUID) {
            final String ml = Json.text(v, "max_leverage");
            final long maxLev = rate(ml);
            final long mmr = Fixed.mulDiv(Rates.ONE, Rates.ONE, Fixed.mul(2, maxLev), RoundingMode.HALF_UP);
            c.note("bracket: max leverage " + ml + "x -> MM = mark notional / (2 x " + ml + ")");
            return BracketTable.single(mmr, 0, maxLev);
        }
        String mmrText = Json.first(v, "mmr", "mmr_implied");
        String how = Json.has(v, "mmr") ? "mmr" : "mmr_implied (inferred from the published prices)";
        if (mmrText == null && Json.has(v, "computed")) {
            mmrText = Json.opt(v.get("computed"), "mmr_assumed");
            how = "computed.mmr_assumed (not stated in the source)";
        }
        if (mmrText == null) {
            if (mmrNeeded) {
                throw new IllegalArgumentException("vector states no maintenance margin rate");
            }
            mmrText = "0";
            how = "not stated, not used by a bankruptcy price";
        }
        final String amountText = Json.first(v, "maintenance_amount", "mm_deduction");
        final String levText = Json.first(v, "max_leverage", "leverage");
        c.note("bracket: MMR " + mmrText + " [" + how + "], maintenance amount " + (amountText == null ? "0" : amountText)
            + (levText == null ? "" : ", max leverage " + levText));
        return BracketTable.single(rate(mmrText), amountText == null ? 0 : dec(amountText, bs),
            levText == null ? DEFAULT_MAX_LEVERAGE : rate(levText));
    }

    /** Leverage in Rates units: {@code leverage}, else 1 / {@code imr} (must be exact). */
    static long leverage(final JsonNode v) {
        final String lev = Json.opt(v, "leverage");
        if (lev != null) {
            return rate(lev);
        }
        final String imr = Json.first(v, "imr", "imr_implied");
        if (imr == null) {
            throw new IllegalArgumentException("vector states neither leverage nor an initial margin rate");
        }
        final long r = rate(imr);
        final long l = Fixed.mulDiv(Rates.ONE, Rates.ONE, r, RoundingMode.DOWN);
        if (Fixed.mul(l, r) != Fixed.mul(Rates.ONE, Rates.ONE)) {
            throw new IllegalArgumentException("1 / imr " + imr + " is not an exact leverage");
        }
        return l;
    }

    /**
     * The margin backing the position, as the vector states it: isolated margin; wallet balance
     * (cross, before other positions); Bybit cross available balance + initial margin; the rule
     * {@code quantity*entry_price/leverage}; or the initial margin at the stated leverage. Plus
     * extra margin, minus order margin.
     */
    static long margin(final JsonNode v, final Instrument inst, final long qty, final long entry, final Check c) {
        final int bs = inst.balanceScale();
        long m;
        if (Json.has(v, "isolated_margin")) {
            m = dec(Json.text(v, "isolated_margin"), bs);
            c.note("margin = isolated_margin " + fmt(m, bs));
        } else if (Json.has(v, "wallet_balance")) {
            m = dec(Json.text(v, "wallet_balance"), bs);
            c.note("margin = wallet_balance " + fmt(m, bs));
        } else if (Json.has(v, "available_balance")) {
            final long im = MarginMath.initialMargin(inst, qty, entry, leverage(v));
            m = Fixed.add(dec(Json.text(v, "available_balance"), bs), im);
            c.note("margin = available_balance + initial margin " + fmt(im, bs) + " = " + fmt(m, bs));
        } else if (Json.has(v, "wallet_balance_rule")) {
            final String rule = Json.text(v, "wallet_balance_rule").replace(" ", "");
            if (!"quantity*entry_price/leverage".equals(rule)) {
                throw new IllegalArgumentException("unknown wallet_balance_rule " + rule);
            }
            m = MarginMath.initialMargin(inst, qty, entry, leverage(v));
            c.note("margin = quantity*entry_price/leverage = " + fmt(m, bs) + " (rounded up to the balance scale)");
        } else if (Json.has(v, "leverage") || Json.has(v, "imr") || Json.has(v, "imr_implied")) {
            m = MarginMath.initialMargin(inst, qty, entry, leverage(v));
            c.note("margin = initial margin at " + fmt(leverage(v), RATE) + "x = " + fmt(m, bs)
                + " (rounded up to the balance scale)");
        } else {
            throw new IllegalArgumentException("vector states no margin, wallet balance or leverage");
        }
        if (Json.has(v, "extra_margin")) {
            m = Fixed.add(m, dec(Json.text(v, "extra_margin"), bs));
            c.note("+ extra_margin " + Json.text(v, "extra_margin") + " -> " + fmt(m, bs));
        }
        if (Json.has(v, "order_margin")) {
            m = Fixed.sub(m, dec(Json.text(v, "order_margin"), bs));
            c.note("- order_margin " + Json.text(v, "order_margin") + " -> " + fmt(m, bs));
        }
        return m;
    }

    private static long priceOrFail(final long p, final String what) {
        if (p == LiquidationPriceSolver.NO_PRICE) {
            throw new AssertionError("the solver found no " + what);
        }
        return p;
    }

    // ------------------------------------------------------------------ liquidation / bankruptcy prices

    /** Linear liquidation and bankruptcy prices, isolated or cross (other positions at their marks). */
    static void linearPrices(final JsonNode v, final Check c, final MarginProfile profile) {
        final String kind = Json.kind(v);
        final int side = side(v);
        final String ep = Json.text(v, "entry_price");
        final Qty q = quantity(v, ep);
        final String mode = Json.opt(v, "margin_mode");
        final boolean cross = "cross".equals(mode);
        final String positionMode = Json.opt(v, "position_mode");
        if (positionMode != null && !"one-way".equals(positionMode)) {
            throw new IllegalArgumentException("only one-way position mode vectors exist; got " + positionMode);
        }
        final List<JsonNode> others = new ArrayList<>();
        if (Json.has(v, "other_positions")) {
            if (!cross) {
                throw new IllegalArgumentException("other_positions on an isolated vector");
            }
            v.get("other_positions").forEach(others::add);
        }
        int maxQs = q.scale();
        final List<String> prices = new ArrayList<>(List.of(ep));
        final List<String> money = new ArrayList<>();
        addIfPresent(prices, v, "mark_price");
        addIfPresent(money, v, "wallet_balance", "isolated_margin", "available_balance", "extra_margin", "order_margin",
            "maintenance_amount", "mm_deduction");
        for (final JsonNode o : others) {
            maxQs = Math.max(maxQs, places(Json.text(o, "quantity")));
            addIfPresent(prices, o, "entry_price", "mark_price");
            addIfPresent(money, o, "maintenance_amount");
        }
        final Scales s = linearScales(maxQs, prices, money);
        final int ps = s.price();
        final int bs = s.balance();
        final long taker = Json.has(v, "taker_fee_rate") ? rate(Json.text(v, "taker_fee_rate")) : 0;
        c.note("linear " + profile.configName() + (cross ? " cross" : " isolated") + ", " + Side.name(side) + " "
            + q.shown() + " @ " + ep + "; scales price " + ps + ", qty " + q.scale() + ", balance " + bs
            + (taker == 0 ? "" : ", taker " + Json.text(v, "taker_fee_rate")));
        final String symbol = Json.has(v, "symbol") ? Json.text(v, "symbol") : "VECTOR";
        final Instrument inst = linear(symbol, profile, ps, q.scale(), bs, taker,
            singleBracket(v, bs, profile, c, !"bankruptcy_price".equals(kind)));
        final long entry = dec(ep, ps);
        final long wallet = margin(v, inst, q.raw(), entry, c);
        long margin = wallet;
        if (!others.isEmpty()) {
            long upnl = 0;
            long tmm = 0;
            for (final JsonNode o : others) {
                final String oq = Json.text(o, "quantity");
                final int oqs = places(oq);
                final BracketTable ob = BracketTable.single(rate(Json.text(o, "mmr")),
                    dec(Json.text(o, "maintenance_amount"), bs), DEFAULT_MAX_LEVERAGE);
                final Instrument oi = linear(Json.text(o, "symbol"), profile, ps, oqs, bs, 0, ob);
                final int oside = side(o);
                final long oqty = dec(oq, oqs);
                final long oentry = dec(Json.text(o, "entry_price"), ps);
                final long omark = dec(Json.text(o, "mark_price"), ps);
                final long pnl = MarginMath.unrealizedPnl(oi, oside, oqty, oentry, omark);
                final long mm = MarginMath.maintenanceMargin(oi, oqty, oentry, omark);
                c.note("other " + Json.text(o, "symbol") + " " + Side.name(oside) + " " + oq + " @ " + Json.text(o, "entry_price")
                    + " mark " + Json.text(o, "mark_price") + ": uPnL " + fmt(pnl, bs) + ", MM " + fmt(mm, bs));
                upnl = Fixed.add(upnl, pnl);
                tmm = Fixed.add(tmm, mm);
            }
            if (Json.has(v, "tmm1")) {
                c.other("tmm1 (stated in the source)", tmm, bs, 0, Json.text(v, "tmm1"), Precision.published());
            }
            if (Json.has(v, "upnl1")) {
                c.other("upnl1 (stated in the source)", upnl, bs, 0, Json.text(v, "upnl1"), Precision.published());
            }
            margin = Fixed.add(Fixed.sub(margin, tmm), upnl);
            c.note("cross margin = WB - TMM1 + UPNL1 = " + fmt(margin, bs));
        }
        final LiquidationPriceSolver solver = new LiquidationPriceSolver().reset(inst, margin).addLeg(side, q.raw(), entry);
        final JsonNode e = v.get("expected");
        long lp = LiquidationPriceSolver.NO_PRICE;
        if (Json.has(e, "liquidation_price") || Json.has(v.get("computed"), "liquidation_price")) {
            lp = priceOrFail(solver.liquidationPrice(), "liquidation price");
        }
        if (Json.has(e, "liquidation_price")) {
            c.expected("liquidation_price", lp, ps, side);
        } else if (Json.has(v.get("computed"), "liquidation_price")) {
            c.other("computed.liquidation_price", lp, ps, side, Json.text(v.get("computed"), "liquidation_price"),
                Precision.published());
        }
        if (Json.has(e, "bankruptcy_price")) {
            c.expected("bankruptcy_price", priceOrFail(solver.bankruptcyPrice(), "bankruptcy price"), ps, side);
        }
        long im = 0;
        if (Json.has(e, "initial_margin") || Json.has(e, "available_balance")) {
            im = MarginMath.initialMargin(inst, q.raw(), entry, leverage(v));
        }
        if (Json.has(e, "initial_margin")) {
            c.expected("initial_margin", im, bs, 0);
        }
        if (Json.has(e, "maintenance_margin") || Json.has(e, "total_sustainable_loss")) {
            final long mark = Json.has(v, "mark_price") ? dec(Json.text(v, "mark_price"), ps) : entry;
            final long mm = MarginMath.maintenanceMargin(inst, q.raw(), entry, mark);
            if (Json.has(e, "maintenance_margin")) {
                c.expected("maintenance_margin", mm, bs, 0);
            }
            if (Json.has(e, "total_sustainable_loss")) {
                c.expected("total_sustainable_loss", Fixed.sub(margin, mm), bs, 0);
            }
        }
        if (Json.has(e, "available_balance")) {
            c.expected("available_balance", Fixed.sub(wallet, im), bs, 0);
        }
        c.done();
    }

    /** Inverse (coin-margined) liquidation and bankruptcy prices, isolated or cross. */
    static void inversePrices(final JsonNode v, final Check c, final MarginProfile profile) {
        final String kind = Json.kind(v);
        final int side = side(v);
        final String ep = Json.text(v, "entry_price");
        final String qtyText = Json.text(v, "quantity");
        final int qs = places(qtyText);
        final String cs = contractSize(v);
        final List<String> money = new ArrayList<>();
        addIfPresent(money, v, "wallet_balance", "isolated_margin", "extra_margin", "order_margin", "maintenance_amount",
            "mm_deduction");
        final Scales s = inverseScales(qtyText, cs, ep, money);
        final int ps = s.price();
        final int bs = s.balance();
        final long taker = Json.has(v, "taker_fee_rate") ? rate(Json.text(v, "taker_fee_rate")) : 0;
        c.note("inverse " + profile.configName() + " " + Json.opt(v, "margin_mode") + ", " + Side.name(side) + " "
            + qtyText + " contracts of " + cs + " USD @ " + ep + "; scales price " + ps + ", balance " + bs
            + (taker == 0 ? "" : ", taker " + Json.text(v, "taker_fee_rate")));
        final String symbol = Json.has(v, "symbol") ? Json.text(v, "symbol") : "VECTOR";
        final Instrument inst = inverse(symbol, profile, ps, qs, bs, dec(cs, ps), taker,
            singleBracket(v, bs, profile, c, !"bankruptcy_price".equals(kind)));
        final long qty = dec(qtyText, qs);
        final long entry = dec(ep, ps);
        final long margin = margin(v, inst, qty, entry, c);
        final LiquidationPriceSolver solver = new LiquidationPriceSolver().reset(inst, margin).addLeg(side, qty, entry);
        final JsonNode e = v.get("expected");
        final JsonNode computed = v.get("computed");
        if (Json.has(e, "liquidation_price") || Json.has(computed, "unrounded_liquidation_price")) {
            final long lp = priceOrFail(solver.liquidationPrice(), "liquidation price");
            if (Json.has(e, "liquidation_price")) {
                c.expected("liquidation_price", lp, ps, side);
            }
            if (Json.has(computed, "unrounded_liquidation_price")) {
                c.bracketed("computed.unrounded_liquidation_price", false, solver.liquidationTrigger(), lp, ps,
                    Json.text(computed, "unrounded_liquidation_price"));
            }
        }
        if (Json.has(e, "bankruptcy_price") || Json.has(e, "bankruptcy_price_unrounded")) {
            final long bp = priceOrFail(solver.bankruptcyPrice(), "bankruptcy price");
            if (Json.has(e, "bankruptcy_price")) {
                c.expected("bankruptcy_price", bp, ps, side);
            }
            if (Json.has(e, "bankruptcy_price_unrounded")) {
                // the venue's 0.5-tick rule does not apply to the unrounded number: its published digits do
                c.bracketed("bankruptcy_price_unrounded", true, solver.bankruptcyTrigger(), bp, ps,
                    Json.text(e, "bankruptcy_price_unrounded"));
            }
        }
        c.done();
    }

    /** Contract face value in USD: {@code contract_size_usd}, or the "(1 USD each)" of the quantity unit. */
    static String contractSize(final JsonNode v) {
        final String cs = Json.opt(v, "contract_size_usd");
        if (cs != null) {
            return cs;
        }
        final String unit = Json.opt(v, "quantity_unit");
        if (unit != null && unit.replace(" ", "").equals("contracts(1USDeach)")) {
            return "1";
        }
        throw new IllegalArgumentException("inverse vector states no contract size (quantity_unit " + unit + ")");
    }

    // ------------------------------------------------------------------ maintenance margin, brackets

    /** Maintenance margin (and notional) of an inverse position at its mark. */
    static void maintenanceMargin(final JsonNode v, final Check c, final MarginProfile profile) {
        if (!"inverse".equals(Json.text(v, "contract_type"))) {
            throw new IllegalArgumentException("only inverse maintenance_margin vectors are published");
        }
        final String qtyText = Json.text(v, "quantity");
        final int qs = places(qtyText);
        final String cs = contractSize(v);
        final String markText = Json.text(v, "mark_price");
        final List<String> money = new ArrayList<>();
        addIfPresent(money, v, "maintenance_amount");
        final Scales s = inverseScales(qtyText, cs, markText, money);
        c.note("inverse " + profile.configName() + ", " + qtyText + " contracts of " + cs + " USD at mark " + markText
            + "; scales price " + s.price() + ", balance " + s.balance());
        final Instrument inst = inverse("VECTOR", profile, s.price(), qs, s.balance(), dec(cs, s.price()), 0,
            singleBracket(v, s.balance(), profile, c, true));
        final long qty = dec(qtyText, qs);
        final long mark = dec(markText, s.price());
        final JsonNode e = v.get("expected");
        if (Json.has(e, "notional_coin")) {
            c.expected("notional_coin", MarginMath.notional(inst, qty, mark), s.balance(), 0);
        }
        c.expected("maintenance_margin_coin", MarginMath.maintenanceMargin(inst, qty, mark, mark), s.balance(), 0);
        c.done();
    }

    /**
     * The maintenance-amount recurrence {@code cum_n = cum_(n-1) + floor_n × (MMR_n − MMR_(n-1))}:
     * computed with {@link Fixed#mulDiv}, then confirmed by {@link BracketTable#validated}, which must
     * accept the published cum and refuse it one unit off.
     */
    static void maintenanceAmountRecurrence(final JsonNode v, final Check c) {
        final int bs = 8;
        final JsonNode in = v.get("inputs");
        final long floor5 = dec(Json.text(in, "floor_level5_coin"), bs);
        final long mmr5 = rate(Json.text(in, "mmr_level5"));
        final long mmr4 = rate(Json.text(in, "mmr_level4"));
        final long cum4 = dec(Json.text(in, "cum_level4"), bs);
        final long step = Fixed.mulDiv(floor5, Fixed.sub(mmr5, mmr4), Rates.ONE, RoundingMode.FLOOR);
        c.require(step == Fixed.mulDiv(floor5, Fixed.sub(mmr5, mmr4), Rates.ONE, RoundingMode.CEILING),
            "floor_5 x (MMR_5 - MMR_4) is not exact at balance scale " + bs);
        final long cum5 = Fixed.add(cum4, step);
        c.note("cum_5 = cum_4 " + fmt(cum4, bs) + " + floor_5 " + fmt(floor5, bs) + " x (" + fmt(mmr5, RATE) + " - "
            + fmt(mmr4, RATE) + ") = " + fmt(cum5, bs));
        c.expected("cum_level5", cum5, bs, 0);

        // The production validator on the published pair (level 4 -> level 5). Its recurrence starts at
        // bracket 0, so a SYNTHETIC lower bracket [0, floor_5/2) is put below level 4, with the MMR that
        // makes cum_4 come out of the recurrence; levels 4 and 5 are the vector's numbers.
        final long floor4 = floor5 / 2;
        final long drop = Fixed.mulDiv(cum4, Rates.ONE, floor4, RoundingMode.FLOOR);
        final long mmr0 = Fixed.sub(mmr4, drop);
        c.require(drop == Fixed.mulDiv(cum4, Rates.ONE, floor4, RoundingMode.CEILING) && mmr0 > 0,
            "cannot build a synthetic bracket below level 4");
        final String published = Json.text(v.get("expected"), "cum_level5");
        final long cum5Published = dec(published, bs);
        final long[] floors = {0, floor4, floor5};
        final long[] caps = {floor4, floor5, Fixed.mul(floor5, 2)};
        final long[] mmrs = {mmr0, mmr4, mmr5};
        final long[] maxLev = {125 * Rates.ONE, 50 * Rates.ONE, 20 * Rates.ONE};
        try {
            final BracketTable t = BracketTable.validated(floors, caps, mmrs, new long[]{0, cum4, cum5Published}, maxLev, bs);
            c.require(t.maintenanceAmount(t.indexOf(floor5)) == cum5Published, "validated table lost the level-5 cum");
            c.note("BracketTable.validated accepts cum_5 = " + published + " (synthetic bracket 0: [0, " + fmt(floor4, bs)
                + ") MMR " + fmt(mmr0, RATE) + ")");
        } catch (final BracketTable.InvalidBracketException ex) {
            c.require(false, "BracketTable.validated refused the published cum_5 " + published + ": " + ex.getMessage());
        }
        try {
            BracketTable.validated(floors, caps, mmrs, new long[]{0, cum4, cum5Published + 1}, maxLev, bs);
            c.require(false, "BracketTable.validated accepted cum_5 one unit off the recurrence");
        } catch (final BracketTable.InvalidBracketException ex) {
            c.require(ex.bracket() == 2 && "maintenance_amount".equals(ex.field()),
                "BracketTable.validated refused cum_5 + 1 unit at the wrong place: bracket " + ex.bracket() + " " + ex.field());
            c.note("BracketTable.validated refuses cum_5 + 1e-" + bs + ": " + ex.getMessage());
        }
        c.done();
    }

    /** Bracket lookup: floor inclusive, cap exclusive; MMR and maintenance amount of the bracket found. */
    /**
     * BitMEX's ADL example: the opposite side ranked by the published scores, the bankrupt size filled
     * down the queue at the bankruptcy price, and the queue lights, through {@link AdlQueue} (the same
     * ranking and fill the engine runs).
     */
    static void adlRanking(final JsonNode v, final Check c) {
        final JsonNode longs = v.get("inputs").get("longs");
        final int n = longs.size();
        final long[] scores = new long[n];
        final long[] accounts = new long[n];
        final int[] quantities = new int[n];
        long total = 0;
        for (int k = 0; k < n; k++) {
            final JsonNode l = longs.get(k);
            scores[k] = dec(Json.text(l, "score"), 0);
            accounts[k] = l.get("account").asLong();
            quantities[k] = (int) dec(Json.text(l, "quantity"), 0);
            total += quantities[k];
        }
        AdlQueue.rank(scores, accounts, quantities, n);
        final JsonNode ranked = v.get("expected").get("ranked");
        c.require(ranked.size() == n, "ranked list has " + ranked.size() + " entries, inputs " + n);
        long cumulative = 0;
        for (int k = 0; k < n; k++) {
            cumulative += quantities[k];
            final long wantAccount = ranked.get(k).get("account").asLong();
            c.require(accounts[k] == wantAccount, "rank " + (k + 1) + ": account " + accounts[k] + ", expected " + wantAccount);
            final String light = (AdlQueue.quintile(cumulative, total) * 20) + "%";
            final String wantLight = Json.text(ranked.get(k), "percentile");
            c.require(light.equals(wantLight), "account " + accounts[k] + ": queue light " + light + ", expected " + wantLight);
        }
        final JsonNode liquidated = v.get("inputs").get("liquidated");
        long remaining = dec(Json.text(liquidated, "size"), 0);
        final String price = Json.text(liquidated, "bankruptcy_price");
        final JsonNode fills = v.get("expected").get("fills");
        int f = 0;
        long account5Left = -1;
        for (int k = 0; k < n; k++) {
            final long take = remaining > 0 ? AdlQueue.take(remaining, quantities[k]) : 0;
            if (take > 0) {
                c.require(f < fills.size(), "unexpected fill for account " + accounts[k]);
                final JsonNode want = fills.get(f++);
                c.require(want.get("account").asLong() == accounts[k], "fill " + f + ": account " + accounts[k]
                    + ", expected " + want.get("account").asLong());
                c.require(dec(Json.text(want, "quantity"), 0) == take, "fill " + f + ": quantity " + take);
                c.require(Json.text(want, "price").equals(price), "fill " + f + " at the bankruptcy price " + price);
                remaining -= take;
            }
            if (accounts[k] == 5) {
                account5Left = quantities[k] - take;
            }
        }
        c.require(f == fills.size(), "filled " + f + " entries, expected " + fills.size());
        c.require(remaining == 0, "the bankrupt size is covered");
        c.require(account5Left == dec(Json.text(v.get("expected"), "account5_remaining"), 0),
            "account 5 keeps " + account5Left);
        c.checkedBy("ranked");
        c.checkedBy("fills");
        c.checkedBy("account5_remaining");
        c.note("ranked by score, quintile lights by cumulative quantity, filled at " + price);
    }

    static void bracketLookup(final JsonNode v, final Check c) {
        final int bs = 8;
        final JsonNode tiers = v.get("tiers");
        final int n = tiers.size();
        final long[] floors = new long[n];
        final long[] caps = new long[n];
        final long[] mmrs = new long[n];
        final long[] cums = new long[n];
        final long[] maxLev = new long[n];
        for (int i = 0; i < n; i++) {
            final JsonNode t = tiers.get(i);
            floors[i] = dec(Json.text(t, "notional_floor"), bs);
            caps[i] = dec(Json.text(t, "notional_cap"), bs);
            mmrs[i] = rate(Json.text(t, "mmr"));
            cums[i] = dec(Json.text(t, "cum"), bs);
            maxLev[i] = rate(Json.text(t, "max_leverage"));
        }
        BracketTable table;
        try {
            table = BracketTable.validated(floors, caps, mmrs, cums, maxLev, bs);
            c.note(n + "-bracket table passes BracketTable.validated (cum recurrence, floors, caps)");
        } catch (final BracketTable.InvalidBracketException ex) {
            table = BracketTable.unchecked(floors, caps, mmrs, cums, maxLev);
            c.note(n + "-bracket table refused by BracketTable.validated (" + ex.getMessage() + "); using unchecked");
        }
        final String notionalText = Json.text(v, "notional");
        final long notional = dec(notionalText, bs);
        final int i = table.indexOf(notional);
        // the same lookup through MarginMath: a position of `notional` units at price 1 has that notional
        final Instrument unit = linear("LOOKUP", MarginProfile.BINANCE, 0, bs, bs, 0, table);
        final int viaMarginMath = MarginMath.bracketAt(unit, notional, 1);
        c.require(viaMarginMath == i, "MarginMath.bracketAt gives bracket " + (viaMarginMath + 1) + ", indexOf " + (i + 1));
        c.note("notional " + notionalText + " -> bracket " + (i + 1) + " [" + fmt(table.floor(i), bs) + ", "
            + fmt(table.cap(i), bs) + ")");
        c.expected("mmr", table.mmr(i), RATE, 0);
        if (Json.has(v.get("expected"), "maintenance_amount")) {
            c.expected("maintenance_amount", table.maintenanceAmount(i), bs, 0);
        }
        c.done();
    }
}
