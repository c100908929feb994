package io.liquidator.engine.money;

/**
 * Conversion between decimal text and scaled {@code long}s, exact or refused.
 *
 * <p>Used at the edges only (configuration, CSV, the calculator): a value with more significant
 * decimals than its scale is rejected rather than rounded, because a price off the tick or a
 * quantity off the step is an input error the sender must hear about. No {@code double} is involved.
 */
public final class Decimals {
    private Decimals() {
    }

    /** Why a decimal string was refused; the message is meant for a user and names the problem. */
    public static final class DecimalFormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public DecimalFormatException(final String message) {
            super(message);
        }
    }

    /**
     * Parses plain decimal text ({@code 60032.7}, {@code -0.5}, {@code 1.997038e8}) into a long
     * scaled by 10^scale, exactly.
     *
     * @throws DecimalFormatException if it is not a number, has more decimals than the scale allows
     *                                (other than trailing zeros), or does not fit
     */
    public static long parse(final CharSequence text, final int scale) {
        if (text == null) {
            throw new DecimalFormatException("missing number");
        }
        final int len = text.length();
        if (len == 0) {
            throw new DecimalFormatException("empty number");
        }
        int i = 0;
        boolean negative = false;
        final char first = text.charAt(0);
        if (first == '-' || first == '+') {
            negative = first == '-';
            i = 1;
        }
        long mantissa = 0;
        int fractionDigits = 0;
        boolean seenPoint = false;
        boolean seenDigit = false;
        int droppedNonZero = 0; // digits beyond what fits in the mantissa, must be zero
        int exponent = 0;
        for (; i < len; i++) {
            final char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                seenDigit = true;
                final int digit = c - '0';
                if (mantissa > (Long.MAX_VALUE - digit) / 10) {
                    if (digit != 0) {
                        droppedNonZero++;
                    }
                    if (!seenPoint) {
                        throw new DecimalFormatException("number too large: " + text);
                    }
                    continue;
                }
                mantissa = mantissa * 10 + digit;
                if (seenPoint) {
                    fractionDigits++;
                }
            } else if (c == '.' && !seenPoint) {
                seenPoint = true;
            } else if ((c == 'e' || c == 'E') && seenDigit) {
                exponent = parseExponent(text, i + 1);
                break;
            } else {
                throw new DecimalFormatException("not a decimal number: " + text);
            }
        }
        if (!seenDigit) {
            throw new DecimalFormatException("not a decimal number: " + text);
        }
        if (droppedNonZero > 0) {
            throw new DecimalFormatException("too many digits: " + text);
        }
        // value = mantissa × 10^(exponent − fractionDigits); we want value × 10^scale
        int shift = scale + exponent - fractionDigits;
        long result = mantissa;
        while (shift < 0) {
            if (result % 10 != 0) {
                throw new DecimalFormatException(text + " has more than " + scale + " decimal places");
            }
            result /= 10;
            shift++;
        }
        while (shift > 0) {
            if (result > Long.MAX_VALUE / 10) {
                throw new DecimalFormatException("number too large: " + text);
            }
            result *= 10;
            shift--;
        }
        return negative ? -result : result;
    }

    /** What {@link #parsePlain} and {@link #parsePlainRounded} return for text they refuse. */
    public static final long INVALID = Long.MIN_VALUE;
    /** {@link #plainProblem}: not a plain decimal (empty, NaN, Infinity, an exponent, letters, spaces). */
    public static final int NOT_PLAIN = 1;
    /** {@link #plainProblem}: a plain decimal with significant digits beyond the scale. */
    public static final int TOO_MANY_DECIMALS = 2;
    /** {@link #plainProblem}: a plain decimal that does not fit a long at the scale. */
    public static final int TOO_LARGE = 3;

    /**
     * Parses {@code text[from, to)} as a plain decimal ({@code [+-]digits[.digits]}, no exponent)
     * into a long scaled by 10^scale, exactly, or returns {@link #INVALID}.
     *
     * <p>For readers of large files, where a refused value is an ordinary outcome (a rejected row),
     * not an exception: no allocation, no throw. {@link #plainProblem} says why on the rare refusal.
     * Trailing fractional zeros beyond the scale are accepted ({@code 60032.70} at scale 1).
     */
    public static long parsePlain(final CharSequence text, final int from, final int to, final int scale) {
        int i = from;
        if (i >= to) {
            return INVALID;
        }
        boolean negative = false;
        final char first = text.charAt(i);
        if (first == '-' || first == '+') {
            negative = first == '-';
            i++;
        }
        long value = 0;
        int decimals = 0;
        boolean point = false;
        boolean digit = false;
        for (; i < to; i++) {
            final char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
                final int d = c - '0';
                if (point) {
                    if (decimals == scale) {
                        if (d != 0) {
                            return INVALID;
                        }
                        continue;
                    }
                    decimals++;
                }
                if (value > (Long.MAX_VALUE - d) / 10) {
                    return INVALID;
                }
                value = value * 10 + d;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return INVALID;
            }
        }
        if (!digit) {
            return INVALID;
        }
        for (; decimals < scale; decimals++) {
            if (value > Long.MAX_VALUE / 10) {
                return INVALID;
            }
            value *= 10;
        }
        return negative ? -value : value;
    }

    /**
     * Why {@link #parsePlain} refuses {@code text[from, to)} at this scale: {@link #NOT_PLAIN},
     * {@link #TOO_MANY_DECIMALS} (checked before size) or {@link #TOO_LARGE}; 0 if it does not.
     */
    public static int plainProblem(final CharSequence text, final int from, final int to, final int scale) {
        if (!plainSyntax(text, from, to)) {
            return NOT_PLAIN;
        }
        final int pointAt = indexOf(text, '.', from, to);
        if (pointAt >= 0) {
            for (int i = pointAt + 1 + scale; i < to; i++) {
                if (text.charAt(i) != '0') {
                    return TOO_MANY_DECIMALS;
                }
            }
        }
        return parsePlain(text, from, to, scale) == INVALID ? TOO_LARGE : 0;
    }

    /**
     * Parses {@code text[from, to)} as a plain decimal and rounds it to the nearest multiple of
     * {@code step} (raw, at {@code scale}), ties away from zero (half up for the positive prices it
     * is used for); {@link #INVALID} if it is not plain, does not fit, or has more than 18 decimals
     * beyond the scale.
     *
     * <p>For importing foreign data whose precision is finer than the instrument's tick (Binance
     * mark prices carry 8 decimals): a conversion the caller counts and reports, never a silent
     * default of {@link #parse}, which refuses such values.
     */
    public static long parsePlainRounded(final CharSequence text, final int from, final int to, final int scale,
                                         final long step) {
        if (step <= 0) {
            throw new IllegalArgumentException("step must be positive: " + step);
        }
        if (!plainSyntax(text, from, to)) {
            return INVALID;
        }
        int i = from;
        boolean negative = false;
        final char first = text.charAt(i);
        if (first == '-' || first == '+') {
            negative = first == '-';
            i++;
        }
        int end = to;
        final int pointAt = indexOf(text, '.', i, to);
        if (pointAt >= 0) {
            while (end > pointAt + 1 && text.charAt(end - 1) == '0') {
                end--;
            }
        }
        long mantissa = 0;
        int decimals = 0;
        for (; i < end; i++) {
            final char c = text.charAt(i);
            if (c == '.') {
                continue;
            }
            final int d = c - '0';
            if (mantissa > (Long.MAX_VALUE - d) / 10) {
                return INVALID;
            }
            mantissa = mantissa * 10 + d;
            if (pointAt >= 0 && i > pointAt) {
                decimals++;
            }
        }
        final long q;
        if (decimals <= scale) {
            long v = mantissa;
            for (int k = decimals; k < scale; k++) {
                if (v > Long.MAX_VALUE / 10) {
                    return INVALID;
                }
                v *= 10;
            }
            q = roundedQuotient(v, step);
        } else {
            final int extra = decimals - scale;
            if (extra > 18 || step > Long.MAX_VALUE / Fixed.pow10(extra)) {
                return INVALID;
            }
            q = roundedQuotient(mantissa, step * Fixed.pow10(extra));
        }
        if (q > Long.MAX_VALUE / step) {
            return INVALID;
        }
        return negative ? -(q * step) : q * step;
    }

    /** {@code v / unit} for {@code v >= 0}, rounded to the nearest integer, ties up. */
    private static long roundedQuotient(final long v, final long unit) {
        final long r = v % unit;
        return r >= unit - r ? v / unit + 1 : v / unit;
    }

    /** {@code [+-]digits[.digits]} with at least one digit. */
    private static boolean plainSyntax(final CharSequence text, final int from, final int to) {
        int i = from;
        if (i < to && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            i++;
        }
        boolean point = false;
        boolean digit = false;
        for (; i < to; i++) {
            final char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return false;
            }
        }
        return digit;
    }

    private static int indexOf(final CharSequence text, final char c, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static int parseExponent(final CharSequence text, final int from) {
        final int len = text.length();
        int i = from;
        boolean negative = false;
        if (i < len && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        if (i >= len || len - i > 3) {
            throw new DecimalFormatException("not a decimal number: " + text);
        }
        int e = 0;
        for (; i < len; i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new DecimalFormatException("not a decimal number: " + text);
            }
            e = e * 10 + (c - '0');
        }
        return negative ? -e : e;
    }

    /**
     * The smallest number of decimal places that holds {@code text} exactly (for choosing a scale).
     *
     * @throws DecimalFormatException if the text is not a decimal number
     */
    public static int decimalPlaces(final String text) {
        final String t = text == null ? "" : text.trim();
        final int e = Math.max(t.indexOf('e'), t.indexOf('E'));
        final String mantissa = e >= 0 ? t.substring(0, e) : t;
        final int exp = e >= 0 ? parseExponent(t, e + 1) : 0;
        if (!isPlainDecimal(mantissa)) {
            throw new DecimalFormatException("not a decimal number: " + text);
        }
        final int point = mantissa.indexOf('.');
        int places = 0;
        if (point >= 0) {
            int end = mantissa.length();
            while (end > point + 1 && mantissa.charAt(end - 1) == '0') {
                end--;
            }
            places = end - point - 1;
        }
        return Math.max(0, places - exp);
    }

    private static boolean isPlainDecimal(final String s) {
        int i = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        boolean digit = false;
        boolean point = false;
        for (; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return false;
            }
        }
        return digit;
    }

    /** Formats a scaled long as plain decimal text with exactly {@code scale} decimals. */
    public static String format(final long raw, final int scale) {
        final StringBuilder sb = new StringBuilder(24);
        appendTo(sb, raw, scale);
        return sb.toString();
    }

    /** Appends {@code raw / 10^scale} as plain decimal text with exactly {@code scale} decimals. */
    public static StringBuilder appendTo(final StringBuilder sb, final long raw, final int scale) {
        if (scale == 0) {
            return sb.append(raw);
        }
        final long pow = Fixed.pow10(scale);
        final boolean negative = raw < 0;
        // work on the negative side so Long.MIN_VALUE formats too
        final long n = negative ? raw : -raw;
        final long intPart = -(n / pow);
        final long frac = -(n % pow);
        if (negative) {
            sb.append('-');
        }
        sb.append(intPart).append('.');
        final String f = Long.toString(frac);
        for (int i = f.length(); i < scale; i++) {
            sb.append('0');
        }
        return sb.append(f);
    }

    /** Plain decimal text without trailing fractional zeros ({@code 0.0040} → {@code 0.004}). */
    public static String formatTrimmed(final long raw, final int scale) {
        String s = format(raw, scale);
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            if (s.charAt(end - 1) == '.') {
                end--;
            }
            s = s.substring(0, end);
        }
        return s;
    }
}
