package io.liquidator.engine.vectors;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a published number is compared, parsed from a vector's {@code expected.precision} text.
 *
 * <ul>
 *   <li>{@code rel tol 1e-6}, {@code rel 1e-6}, {@code compare with rel tol 1e-4 (...)} → relative;</li>
 *   <li>{@code 0.5 tick ...} (Bybit: rounded up to the 0.5 tick for a long, down for a short) → our
 *       fine value rounded that way must equal the published number;</li>
 *   <li>{@code N dp} → our fine value rounded half-up to N decimals must equal it;</li>
 *   <li>a leading decimal ({@code 0.01 (published to 2 dp)}, {@code tick 0.1, ...}) → absolute
 *       tolerance of that size;</li>
 *   <li>nothing stated → the published digits exactly: our fine value rounded half-up to as many
 *       decimals as the published text has must equal it.</li>
 * </ul>
 * A text with {@code ;} states one rule per field ({@code bankruptcy 2 dp; liquidation rounded UP to
 * the 0.5 tick for a long}); a field no part names is compared at its published digits. A precision
 * text this class cannot read fails the vector rather than being guessed at.
 *
 * <p>BigDecimal is used here, in test code only, to compare the engine's raw longs with the
 * published decimal strings.
 */
final class Precision {
    enum Kind { RELATIVE, ABSOLUTE, BYBIT_HALF_TICK, DECIMALS, PUBLISHED }

    private static final Pattern RELATIVE = Pattern.compile("\\brel(?:\\s+tol)?\\s+([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)");
    private static final Pattern HALF_TICK = Pattern.compile("\\b0\\.5\\s+tick\\b");
    private static final Pattern DP = Pattern.compile("^\\s*([0-9]+)\\s*dp\\b");
    private static final Pattern LEADING = Pattern.compile("^\\s*(?:tick\\s+)?([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\b");

    private static final BigDecimal HALF = new BigDecimal("0.5");

    final Kind kind;
    /** Relative or absolute tolerance; null otherwise. */
    final BigDecimal tolerance;
    /** Decimals for {@link Kind#DECIMALS}. */
    final int decimals;
    final String text;

    private Precision(final Kind kind, final BigDecimal tolerance, final int decimals, final String text) {
        this.kind = kind;
        this.tolerance = tolerance;
        this.decimals = decimals;
        this.text = text;
    }

    static Precision published() {
        return new Precision(Kind.PUBLISHED, null, 0, "published digits");
    }

    /** The rule for {@code field} (e.g. {@code liquidation_price}) in a vector's precision text. */
    static Precision forField(final String precisionText, final String field) {
        if (precisionText == null || precisionText.isBlank()) {
            return published();
        }
        if (precisionText.indexOf(';') >= 0) {
            final String head = field.split("_")[0].toLowerCase(Locale.ROOT);
            for (final String part : precisionText.split(";")) {
                final String p = part.trim();
                final int space = p.indexOf(' ');
                if (space > 0 && p.substring(0, space).toLowerCase(Locale.ROOT).equals(head)) {
                    return parse(p.substring(space + 1), p);
                }
            }
            return published();
        }
        return parse(precisionText, precisionText);
    }

    private static Precision parse(final String rule, final String original) {
        final String lower = rule.toLowerCase(Locale.ROOT);
        Matcher m = RELATIVE.matcher(lower);
        if (m.find()) {
            return new Precision(Kind.RELATIVE, new BigDecimal(m.group(1)), 0, original);
        }
        if (HALF_TICK.matcher(lower).find()) {
            return new Precision(Kind.BYBIT_HALF_TICK, null, 0, original);
        }
        m = DP.matcher(lower);
        if (m.find()) {
            return new Precision(Kind.DECIMALS, null, Integer.parseInt(m.group(1)), original);
        }
        m = LEADING.matcher(lower);
        if (m.find()) {
            return new Precision(Kind.ABSOLUTE, new BigDecimal(m.group(1)), 0, original);
        }
        throw new IllegalArgumentException("unrecognised precision text: \"" + original + "\"");
    }

    /** Decimals the published text carries, trailing zeros included ({@code 99.50} → 2, {@code 1.997038e8} → 0). */
    static int publishedDecimals(final String text) {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        final int e = t.indexOf('e');
        final String mantissa = e >= 0 ? t.substring(0, e) : t;
        final int exp = e >= 0 ? Integer.parseInt(t.substring(e + 1)) : 0;
        final int point = mantissa.indexOf('.');
        final int frac = point >= 0 ? mantissa.length() - point - 1 : 0;
        return Math.max(0, frac - exp);
    }

    /**
     * The value of {@code got} that is compared with {@code want}: rounded per the rule where the
     * rule rounds, else unchanged.
     *
     * @param side +1 long / -1 short, for the Bybit rule
     */
    BigDecimal shown(final BigDecimal got, final int side, final String want) {
        switch (kind) {
            case BYBIT_HALF_TICK: {
                if (side != 1 && side != -1) {
                    throw new IllegalArgumentException("the 0.5-tick rule needs the position side");
                }
                final RoundingMode mode = side == 1 ? RoundingMode.CEILING : RoundingMode.FLOOR;
                return got.divide(HALF).setScale(0, mode).multiply(HALF);
            }
            case DECIMALS:
                return got.setScale(decimals, RoundingMode.HALF_UP);
            case PUBLISHED:
                return got.setScale(publishedDecimals(want), RoundingMode.HALF_UP);
            default:
                return got;
        }
    }

    /** Does {@code got} (our exact or fine-tick value) match the published {@code want}? */
    boolean matches(final BigDecimal got, final int side, final String want) {
        final BigDecimal w = new BigDecimal(want);
        switch (kind) {
            case RELATIVE:
                return got.subtract(w).abs().compareTo(tolerance.multiply(w.abs())) <= 0;
            case ABSOLUTE:
                return got.subtract(w).abs().compareTo(tolerance) <= 0;
            default:
                return shown(got, side, want).compareTo(w) == 0;
        }
    }

    String describe() {
        switch (kind) {
            case RELATIVE:
                return "rel " + tolerance.toPlainString();
            case ABSOLUTE:
                return "abs " + tolerance.toPlainString();
            case BYBIT_HALF_TICK:
                return "Bybit 0.5 tick (long up, short down)";
            case DECIMALS:
                return "half-up to " + decimals + " dp";
            default:
                return "published digits";
        }
    }

    @Override
    public String toString() {
        return describe() + " [" + text + "]";
    }
}
