package io.liquidator.engine.config;

import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.Rates;

/**
 * Typed readings of scalar nodes: exact decimals at a given scale, rates, small integers and
 * tick/step grids. Each failure is reported at the node (key path and line) with the reason.
 */
final class ConfigValues {
    /** The most decimals an instrument scale may have (the {@code Instrument} builder's limit). */
    static final int MAX_SCALE = 12;

    private ConfigValues() {
    }

    /** A tick or step: its decimals become the scale, its value at that scale the raw step. */
    record Grid(int scale, long raw) {
    }

    /**
     * An exact decimal at {@code scale}; {@code scaleOwner} says whose scale it is, for the message
     * when the text has more decimals than that ({@code "the balance scale of USDT"}).
     */
    static long decimal(final ConfigNode node, final int scale, final String scaleOwner) {
        final String text = node.text();
        try {
            return Decimals.parse(text, scale);
        } catch (final Decimals.DecimalFormatException e) {
            if (isDecimal(text) && places(text) > scale) {
                throw node.error(text + " has more than " + scale + " decimal places (" + scaleOwner + ")");
            }
            throw node.error(e.getMessage());
        }
    }

    /** A rate or leverage in {@link Rates} units (8 decimals): {@code 0.0065}, {@code 125}. */
    static long rate(final ConfigNode node) {
        return decimal(node, Rates.SCALE_DIGITS, "rates and leverages have at most " + Rates.SCALE_DIGITS);
    }

    static Grid grid(final ConfigNode node) {
        final String text = node.text();
        if (!isDecimal(text)) {
            throw node.error("not a decimal number: " + text);
        }
        final int scale = places(text);
        if (scale > MAX_SCALE) {
            throw node.error(text + " has more than " + MAX_SCALE + " decimal places");
        }
        final long raw = decimal(node, scale, "its own decimals");
        if (raw <= 0) {
            throw node.error("must be positive, found " + text);
        }
        return new Grid(scale, raw);
    }

    static int integer(final ConfigNode node, final int min, final int max) {
        final long v = decimal(node, 0, "a whole number");
        if (v < min || v > max) {
            throw node.error("must be a whole number from " + min + " to " + max + ", found " + node.text());
        }
        return (int) v;
    }

    /** Plain decimal syntax: optional sign, digits with at most one point, optional short exponent. */
    static boolean isDecimal(final String text) {
        return text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,3})?");
    }

    /** Significant decimals of syntactically valid decimal text. */
    static int places(final String text) {
        return Decimals.decimalPlaces(text);
    }
}
