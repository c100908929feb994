package io.liquidator.engine.cli;

import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.Fixed;
import io.liquidator.engine.money.Rates;

import java.math.RoundingMode;

/**
 * How the calculator writes numbers. Prices with the instrument's decimals on the tick
 * ({@code 59700.0}), amounts in the settlement asset's balance scale without trailing zeros, rates
 * as plain decimals ({@code 0.05263158}). Human-only forms (percent, leverage) round up, the
 * conservative way for a risk figure.
 */
final class Display {
    /** JSON and text spelling of an infinite margin ratio (margin balance ≤ 0). */
    static final String INFINITE = "Infinity";

    private Display() {
    }

    static String price(final Instrument i, final long raw) {
        return Decimals.format(raw, i.priceScale());
    }

    static String qty(final Instrument i, final long raw) {
        return Decimals.formatTrimmed(raw, i.qtyScale());
    }

    static String amount(final Instrument i, final long raw) {
        return Decimals.formatTrimmed(raw, i.balanceScale());
    }

    /** Amount with its asset: {@code 3000 USDT}. */
    static String money(final Instrument i, final long raw) {
        return amount(i, raw) + " " + i.settlementAsset();
    }

    /** A {@link Rates} value as a plain decimal, or {@value #INFINITE}. */
    static String rate(final long raw) {
        return raw == Rates.INFINITE ? INFINITE : Decimals.formatTrimmed(raw, Rates.SCALE_DIGITS);
    }

    /** A rate as an exact percentage ({@code 0.0065} → {@code 0.65%}). */
    static String exactPercent(final long raw) {
        return Decimals.formatTrimmed(raw, Rates.SCALE_DIGITS - 2) + "%";
    }

    /** A ratio as a percentage with two decimals, rounded up ({@code 12.35%}). */
    static String percent(final long raw) {
        if (raw == Rates.INFINITE) {
            return "infinite";
        }
        return Decimals.format(Fixed.div(raw, Fixed.pow10(Rates.SCALE_DIGITS - 4), RoundingMode.CEILING), 2) + "%";
    }

    /** Leverage with at most two decimals, rounded up ({@code 33.34x}). */
    static String leverage(final long raw) {
        if (raw == Rates.INFINITE) {
            return "infinite";
        }
        return Decimals.formatTrimmed(Fixed.div(raw, Fixed.pow10(Rates.SCALE_DIGITS - 2), RoundingMode.CEILING), 2) + "x";
    }

    /** A user's value echoed in a message: short, printable, visible when empty. */
    static String echo(final String text) {
        if (text == null || text.isBlank()) {
            return "\"" + (text == null ? "" : text) + "\"";
        }
        final String t = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return t.replaceAll("[\\p{Cntrl}]", "?");
    }
}
