package io.liquidator.engine.money;

import java.math.RoundingMode;

/**
 * Checked fixed-point arithmetic on {@code long}s.
 *
 * <p>Every margin formula is a chain of products and quotients of scaled integers. The product of two
 * scaled values routinely exceeds 63 bits (a notional of 1e17 raw units times a rate of 1e8), so
 * {@link #mulDiv(long, long, long, RoundingMode)} forms the exact 128-bit product with
 * {@link Math#multiplyHigh(long, long)} and divides it exactly, rounding once in the caller's stated
 * direction. Nothing here allocates unless it throws.
 */
public final class Fixed {
    private static final long[] POW10 = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private Fixed() {
    }

    /** 10^n for 0 ≤ n ≤ 18. */
    public static long pow10(final int n) {
        if (n < 0 || n >= POW10.length) {
            throw new FixedPointOverflowException("pow10(" + n + ")");
        }
        return POW10[n];
    }

    public static long add(final long a, final long b) {
        final long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            throw new FixedPointOverflowException("add");
        }
        return r;
    }

    public static long sub(final long a, final long b) {
        final long r = a - b;
        if (((a ^ b) & (a ^ r)) < 0) {
            throw new FixedPointOverflowException("sub");
        }
        return r;
    }

    public static long mul(final long a, final long b) {
        final long hi = Math.multiplyHigh(a, b);
        final long lo = a * b;
        if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) {
            throw new FixedPointOverflowException("mul");
        }
        return lo;
    }

    public static long negate(final long a) {
        if (a == Long.MIN_VALUE) {
            throw new FixedPointOverflowException("negate");
        }
        return -a;
    }

    /**
     * {@code round(a × b ÷ d)} computed exactly through a 128-bit intermediate.
     *
     * @param mode FLOOR, CEILING, DOWN, UP or HALF_UP
     * @throws FixedPointOverflowException if the rounded quotient does not fit in a long
     * @throws ArithmeticException         on division by zero or an unsupported rounding mode
     */
    public static long mulDiv(final long a, final long b, final long d, final RoundingMode mode) {
        if (d == 0) {
            throw new ArithmeticException("division by zero in mulDiv");
        }
        if (a == Long.MIN_VALUE || b == Long.MIN_VALUE || d == Long.MIN_VALUE) {
            throw new FixedPointOverflowException("mulDiv");
        }
        final boolean negative = (a < 0) ^ (b < 0) ^ (d < 0) && a != 0 && b != 0;
        final long ua = Math.abs(a);
        final long ub = Math.abs(b);
        final long ud = Math.abs(d);
        final long hi = Math.multiplyHigh(ua, ub);
        final long lo = ua * ub;
        if (Long.compareUnsigned(hi, ud) >= 0) {
            throw new FixedPointOverflowException("mulDiv");
        }
        final long q = divideUnsigned128(hi, lo, ud);
        final long r = lo - q * ud; // exact remainder (< ud), wrap-around cancels
        if (q < 0) {
            throw new FixedPointOverflowException("mulDiv");
        }
        final long magnitude = r == 0 ? q : q + (roundAwayFromZero(mode, negative, r, ud) ? 1 : 0);
        if (magnitude < 0) {
            throw new FixedPointOverflowException("mulDiv");
        }
        return negative ? -magnitude : magnitude;
    }

    /**
     * {@code round(a × b ÷ (d1 × d2))} for positive divisors whose product may not fit in a long.
     * Exact for FLOOR, CEILING, DOWN and UP, because those roundings compose:
     * {@code ⌈⌈x/d1⌉/d2⌉ = ⌈x/(d1·d2)⌉} for integers and positive divisors (likewise ⌊⌋ and toward zero).
     */
    public static long mulDiv(final long a, final long b, final long d1, final long d2, final RoundingMode mode) {
        if (d1 <= 0 || d2 <= 0) {
            throw new ArithmeticException("mulDiv needs positive divisors");
        }
        if (mode == RoundingMode.HALF_UP) {
            throw new ArithmeticException("HALF_UP does not compose over two divisions");
        }
        final long hi = Math.multiplyHigh(d1, d2);
        final long lo = d1 * d2;
        if (hi == 0 && lo > 0) {
            return mulDiv(a, b, lo, mode);
        }
        // divide by the larger divisor first: the intermediate quotient is then the smallest
        return d1 >= d2 ? div(mulDiv(a, b, d1, mode), d2, mode) : div(mulDiv(a, b, d2, mode), d1, mode);
    }

    /** Greatest common divisor of two non-negative longs (for reducing rate fractions). */
    public static long gcd(long a, long b) {
        while (b != 0) {
            final long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** {@code round(a ÷ d)}. */
    public static long div(final long a, final long d, final RoundingMode mode) {
        return mulDiv(a, 1, d, mode);
    }

    /** Rounds {@code value} to a multiple of {@code step} (step > 0). */
    public static long roundToStep(final long value, final long step, final RoundingMode mode) {
        return mul(div(value, step, mode), step);
    }

    private static boolean roundAwayFromZero(final RoundingMode mode, final boolean negative, final long r, final long d) {
        switch (mode) {
            case DOWN:
                return false;
            case UP:
                return true;
            case FLOOR:
                return negative;
            case CEILING:
                return !negative;
            case HALF_UP:
                // r >= d - r  <=>  2r >= d, without overflowing
                return Long.compareUnsigned(r, d - r) >= 0;
            default:
                throw new ArithmeticException("unsupported rounding mode " + mode);
        }
    }

    /**
     * Unsigned 128-by-64 division (Hacker's Delight, divlu), requires {@code hi < d} unsigned.
     * Returns the 64-bit quotient.
     */
    private static long divideUnsigned128(final long hi, final long lo, final long d) {
        if (hi == 0) {
            return Long.divideUnsigned(lo, d);
        }
        final long b = 1L << 32;
        final int s = Long.numberOfLeadingZeros(d);
        final long v = d << s;
        final long vn1 = v >>> 32;
        final long vn0 = v & 0xFFFF_FFFFL;
        final long un32 = s == 0 ? hi : (hi << s) | (lo >>> (64 - s));
        final long un10 = lo << s;
        final long un1 = un10 >>> 32;
        final long un0 = un10 & 0xFFFF_FFFFL;

        long q1 = Long.divideUnsigned(un32, vn1);
        long rhat = un32 - q1 * vn1;
        while (Long.compareUnsigned(q1, b) >= 0 || Long.compareUnsigned(q1 * vn0, b * rhat + un1) > 0) {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, b) >= 0) {
                break;
            }
        }
        final long un21 = un32 * b + un1 - q1 * v;
        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (Long.compareUnsigned(q0, b) >= 0 || Long.compareUnsigned(q0 * vn0, b * rhat + un0) > 0) {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, b) >= 0) {
                break;
            }
        }
        return q1 * b + q0;
    }
}
