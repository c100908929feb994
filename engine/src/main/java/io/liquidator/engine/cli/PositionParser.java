package io.liquidator.engine.cli;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.instrument.BracketTable;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates the calculator's text inputs into a {@link Position}: the same checks for the flag form
 * and for each batch line, and every message names the field as the user wrote it ({@code --qty}
 * or {@code qty}). Refuses what an exchange would refuse: non-positive or off-grid numbers, an
 * unknown instrument, and a leverage above the maximum of the bracket the position opens in.
 */
final class PositionParser {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,3})?");

    private final LiquidatorConfig config;
    private final boolean flagForm;

    /** @param flagForm name fields as flags ({@code --qty}) rather than batch keys ({@code qty}) */
    PositionParser(final LiquidatorConfig config, final boolean flagForm) {
        this.config = config;
        this.flagForm = flagForm;
    }

    Position parse(final Map<InputField, String> in) {
        final Instrument inst = instrument(required(in, InputField.INSTRUMENT));
        final int side = side(required(in, InputField.SIDE));
        final long qty = positive(in, InputField.QTY, inst.qtyScale(), inst.stepSize(),
            "not a multiple of the quantity step " + Display.qty(inst, inst.stepSize()) + " of " + inst.symbol());
        final long entry = price(in, InputField.ENTRY_PRICE, inst);
        final boolean cross = cross(in);
        final InputField marginField = cross ? InputField.WALLET_BALANCE : InputField.ISOLATED_MARGIN;
        final long margin = positive(in, marginField, inst.balanceScale(), 1,
            "more decimals than " + inst.settlementAsset() + " balances have (" + inst.balanceScale() + ")");
        final long mark = in.get(InputField.MARK_PRICE) == null ? Position.NO_MARK : price(in, InputField.MARK_PRICE, inst);
        checkLeverage(inst, qty, entry, margin, marginField, in.get(marginField));
        return new Position(inst, side, qty, entry, cross, margin, mark);
    }

    private String required(final Map<InputField, String> in, final InputField f) {
        final String v = in.get(f);
        if (v == null) {
            throw new InputException(flagForm ? "missing " + f.label(true) : "missing key " + f.key());
        }
        return v;
    }

    private InputException bad(final InputField f, final String text, final String problem) {
        return new InputException(f.label(flagForm) + " " + Display.echo(text) + ": " + problem);
    }

    private Instrument instrument(final String symbol) {
        return config.instrument(symbol).orElseThrow(() -> bad(InputField.INSTRUMENT, symbol,
            "unknown instrument (configured: " + String.join(", ",
                config.instruments().stream().map(Instrument::symbol).toList()) + ")"));
    }

    private int side(final String text) {
        final int side = Side.parse(text);
        if (side == 0) {
            throw bad(InputField.SIDE, text, "must be long or short");
        }
        return side;
    }

    private long price(final Map<InputField, String> in, final InputField f, final Instrument inst) {
        final long p = positive(in, f, inst.priceScale(), inst.tickSize(),
            "not on the price tick " + Display.price(inst, inst.tickSize()) + " of " + inst.symbol());
        if (p > inst.maxPrice()) {
            throw bad(f, in.get(f), "above the highest price " + Display.price(inst, inst.maxPrice()) + " of " + inst.symbol());
        }
        return p;
    }

    /** A positive decimal at {@code scale} and a multiple of {@code step} (both raw). */
    private long positive(final Map<InputField, String> in, final InputField f, final int scale, final long step,
                          final String offGrid) {
        final String text = required(in, f).trim();
        if (!DECIMAL.matcher(text).matches()) {
            throw bad(f, text, "not a decimal number");
        }
        if (text.startsWith("-")) {
            throw bad(f, text, "must be positive");
        }
        if (Decimals.decimalPlaces(text) > scale) {
            throw bad(f, text, offGrid);
        }
        final long raw;
        try {
            raw = Decimals.parse(text, scale);
        } catch (final Decimals.DecimalFormatException e) {
            throw bad(f, text, "number too large");
        }
        if (raw == 0) {
            throw bad(f, text, "must be positive");
        }
        if (raw % step != 0) {
            throw bad(f, text, offGrid);
        }
        return raw;
    }

    private boolean cross(final Map<InputField, String> in) {
        final boolean isolated = in.get(InputField.ISOLATED_MARGIN) != null;
        final boolean wallet = in.get(InputField.WALLET_BALANCE) != null;
        final String iso = InputField.ISOLATED_MARGIN.label(flagForm);
        final String cross = InputField.WALLET_BALANCE.label(flagForm);
        if (flagForm) {
            if (isolated && wallet) {
                throw new InputException(iso + " and " + cross + ": give one, not both ("
                    + iso + " for isolated margin, " + cross + " for cross margin)");
            }
            if (!isolated && !wallet) {
                throw new InputException("missing " + iso + " (isolated margin) or " + cross + " (cross margin)");
            }
            return wallet;
        }
        final String mode = required(in, InputField.MARGIN_MODE);
        if ("isolated".equals(mode)) {
            if (wallet) {
                throw new InputException(cross + ": not allowed with margin_mode isolated (give " + iso + ")");
            }
            return false;
        }
        if ("cross".equals(mode)) {
            if (isolated) {
                throw new InputException(iso + ": not allowed with margin_mode cross (give " + cross + ")");
            }
            return true;
        }
        throw bad(InputField.MARGIN_MODE, mode, "must be isolated or cross");
    }

    /** Leverage at entry (notional ÷ margin) must not exceed the max leverage of the entry bracket. */
    private void checkLeverage(final Instrument inst, final long qty, final long entry, final long margin,
                               final InputField marginField, final String marginText) {
        final long notional;
        try {
            notional = MarginMath.notional(inst, qty, entry);
        } catch (final ArithmeticException overflow) {
            throw bad(InputField.QTY, Display.qty(inst, qty), "position too large: its notional does not fit");
        }
        final BracketTable b = inst.brackets();
        final int tier = b.indexOf(notional);
        final long leverage = MarginMath.leverage(notional, margin);
        if (leverage > b.maxLeverage(tier)) {
            final long needed = MarginMath.initialMargin(inst, qty, entry, b.maxLeverage(tier));
            throw bad(marginField, marginText, "leverage " + Display.leverage(leverage) + " is above the maximum "
                + Display.leverage(b.maxLeverage(tier)) + " of tier " + (tier + 1) + " at entry (notional "
                + Display.money(inst, notional) + "; at least " + Display.money(inst, needed) + " needed)");
        }
    }
}
