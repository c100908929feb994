package io.liquidator.engine.money;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@link Fixed} against BigInteger/BigDecimal, the test-only oracle. */
class FixedTest {
    private static final RoundingMode[] MODES = {
        RoundingMode.FLOOR, RoundingMode.CEILING, RoundingMode.DOWN, RoundingMode.UP, RoundingMode.HALF_UP};
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final long P62 = 1L << 62;

    /** The exactly rounded quotient a·b/d, or null when it does not fit in (MIN, MAX]. */
    private static BigInteger oracle(final long a, final long b, final long d, final RoundingMode mode) {
        final BigDecimal p = new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)));
        return p.divide(BigDecimal.valueOf(d), 0, mode).toBigIntegerExact();
    }

    /** One check; returns true if the result fitted (so the caller can count real comparisons). */
    private static boolean check(final long a, final long b, final long d, final RoundingMode mode) {
        final BigInteger expected = oracle(a, b, d, mode);
        final String what = "mulDiv(" + a + ", " + b + ", " + d + ", " + mode + ")";
        if (expected.compareTo(MAX) > 0 || expected.compareTo(MIN) < 0) {
            assertThrows(FixedPointOverflowException.class, () -> Fixed.mulDiv(a, b, d, mode), what + " must overflow, exact " + expected);
            return false;
        }
        if (expected.equals(MIN)) {
            // -2^63 is representable; the implementation works on magnitudes ≤ 2^63-1 and may refuse it
            try {
                assertEquals(Long.MIN_VALUE, Fixed.mulDiv(a, b, d, mode), what);
            } catch (final FixedPointOverflowException acceptable) {
                // refusing the one value whose magnitude does not fit is acceptable (never wraps)
            }
            return false;
        }
        final long got;
        try {
            got = Fixed.mulDiv(a, b, d, mode);
        } catch (final ArithmeticException e) {
            fail(what + " threw " + e + " but the exact result " + expected + " fits");
            return false;
        }
        assertEquals(expected.longValueExact(), got, what);
        return true;
    }

    /** A long from one of several regimes that exercise different paths of the 128/64 division. */
    private static long draw(final Random r) {
        final long v;
        switch (r.nextInt(8)) {
            case 0: v = r.nextLong(); break;                                  // full range
            case 1: v = P62 + r.nextInt(2001) - 1000; break;                  // near 2^62
            case 2: v = Long.MAX_VALUE - r.nextInt(1000); break;              // near 2^63
            case 3: v = r.nextInt(2001) - 1000; break;                        // small (ties, exact)
            case 4: v = r.nextLong() >>> (1 + r.nextInt(63)); break;          // random bit length
            case 5: v = Fixed.pow10(r.nextInt(19)) * (1 + r.nextInt(9)); break; // scale factors
            case 6: v = (1L << r.nextInt(63)) + r.nextInt(3) - 1; break;     // powers of two ± 1
            default: v = (long) r.nextInt(); break;                           // 32-bit
        }
        final long nonMin = v == Long.MIN_VALUE ? Long.MIN_VALUE + 1 : v;
        return r.nextBoolean() ? nonMin : -nonMin;
    }

    @Test
    void mulDivAgreesWithBigIntegerOnRandomTriplesInEveryMode() {
        final Random r = new Random(20241024L);
        int compared = 0;
        int overflowed = 0;
        int total = 0;
        for (int n = 0; n < 40_000; n++) {
            final long a = draw(r);
            final long b = draw(r);
            long d = draw(r);
            if (d == 0) {
                d = 7;
            }
            for (final RoundingMode mode : MODES) {
                total++;
                if (check(a, b, d, mode)) {
                    compared++;
                } else {
                    overflowed++;
                }
            }
        }
        assertEquals(200_000, total);
        // make sure the distribution really exercises both outcomes
        assertTrue(compared > 100_000, "fitted results compared: " + compared);
        assertTrue(overflowed > 5_000, "overflows checked: " + overflowed);
    }

    @Test
    void mulDivWithProductsAbove64BitsButFittingQuotients() {
        // the 128-bit path: a·b ≥ 2^64 and the quotient still fits
        final Random r = new Random(7L);
        for (int n = 0; n < 20_000; n++) {
            final long a = (r.nextLong() >>> 1) | P62;      // in [2^62, 2^63)
            final long b = (r.nextLong() >>> 2) | (1L << 60);
            final long d = (r.nextLong() >>> 1) | P62;      // quotient ≈ b·(a/d) < 2^63
            final int signs = r.nextInt(8);
            final long sa = (signs & 1) == 0 ? a : -a;
            final long sb = (signs & 2) == 0 ? b : -b;
            final long sd = (signs & 4) == 0 ? d : -d;
            for (final RoundingMode mode : MODES) {
                check(sa, sb, sd, mode);
            }
        }
    }

    @Test
    void mulDivSmallValuesAllSignsAllModesExhaustive() {
        int n = 0;
        for (long a = -12; a <= 12; a++) {
            for (long b = -7; b <= 7; b++) {
                for (long d = -9; d <= 9; d++) {
                    if (d == 0) {
                        continue;
                    }
                    for (final RoundingMode mode : MODES) {
                        assertTrue(check(a, b, d, mode));
                        n++;
                    }
                }
            }
        }
        assertEquals(25 * 15 * 18 * 5, n);
    }

    @Test
    void halfUpRoundsTiesAwayFromZero() {
        assertEquals(3, Fixed.mulDiv(5, 1, 2, RoundingMode.HALF_UP));
        assertEquals(-3, Fixed.mulDiv(-5, 1, 2, RoundingMode.HALF_UP));
        assertEquals(-3, Fixed.mulDiv(5, 1, -2, RoundingMode.HALF_UP));
        assertEquals(2, Fixed.mulDiv(7, 1, 3, RoundingMode.HALF_UP));
        assertEquals(3, Fixed.mulDiv(8, 1, 3, RoundingMode.HALF_UP));
        // tie at the largest divisor: r = d - r + 1 must still round away; r = (d-1)/2 must not
        final long d = Long.MAX_VALUE; // odd: d / 2 = 2^62 - 1 is just below half, 2^62 just above
        assertEquals(1, Fixed.mulDiv(d / 2 + 1, 1, d, RoundingMode.HALF_UP));
        assertEquals(0, Fixed.mulDiv(d / 2, 1, d, RoundingMode.HALF_UP));
        assertEquals(-1, Fixed.mulDiv(-(d / 2 + 1), 1, d, RoundingMode.HALF_UP));
        assertEquals(0, Fixed.mulDiv(-(d / 2), 1, d, RoundingMode.HALF_UP));
        // an even divisor with an exact half: 2^62 / 2^63-2 ... use d' = 2^62, r = 2^61
        assertEquals(1, Fixed.mulDiv(1L << 61, 1, P62, RoundingMode.HALF_UP));
        assertEquals(0, Fixed.mulDiv((1L << 61) - 1, 1, P62, RoundingMode.HALF_UP));
    }

    @Test
    void directedModesOnAnInexactQuotient() {
        // 10 / 4 = 2.5 and -2.5
        assertEquals(2, Fixed.mulDiv(10, 1, 4, RoundingMode.FLOOR));
        assertEquals(3, Fixed.mulDiv(10, 1, 4, RoundingMode.CEILING));
        assertEquals(2, Fixed.mulDiv(10, 1, 4, RoundingMode.DOWN));
        assertEquals(3, Fixed.mulDiv(10, 1, 4, RoundingMode.UP));
        assertEquals(-3, Fixed.mulDiv(-10, 1, 4, RoundingMode.FLOOR));
        assertEquals(-2, Fixed.mulDiv(-10, 1, 4, RoundingMode.CEILING));
        assertEquals(-2, Fixed.mulDiv(-10, 1, 4, RoundingMode.DOWN));
        assertEquals(-3, Fixed.mulDiv(-10, 1, 4, RoundingMode.UP));
        // zero times a negative is zero in every mode (no "-0" rounding to -1)
        for (final RoundingMode mode : MODES) {
            assertEquals(0, Fixed.mulDiv(0, -5, 3, mode));
            assertEquals(0, Fixed.mulDiv(-5, 0, -3, mode));
        }
    }

    @Test
    void mulDivNearTheTopOfTheRange() {
        assertEquals(Long.MAX_VALUE, Fixed.mulDiv(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, RoundingMode.FLOOR));
        assertEquals(Long.MAX_VALUE, Fixed.mulDiv(Long.MAX_VALUE, 2, 2, RoundingMode.UP));
        assertEquals(-Long.MAX_VALUE, Fixed.mulDiv(Long.MAX_VALUE, -3, 3, RoundingMode.FLOOR));
        assertEquals(Long.MAX_VALUE - 1, Fixed.mulDiv(Long.MAX_VALUE - 1, Long.MAX_VALUE, Long.MAX_VALUE, RoundingMode.HALF_UP));
        // (2^63-1)·(2^63-2)/(2^63-1) exact; (2^63-1)^2/(2^63-2) = 2^63 + ... overflows
        assertThrows(FixedPointOverflowException.class,
            () -> Fixed.mulDiv(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE - 1, RoundingMode.DOWN));
        // a quotient of exactly 2^63 - 1 plus a rounding step up must overflow, not wrap
        assertThrows(FixedPointOverflowException.class,
            () -> Fixed.mulDiv(Long.MAX_VALUE, 2, 1, RoundingMode.FLOOR));
        assertThrows(FixedPointOverflowException.class,
            () -> Fixed.mulDiv(P62, 2, 1, RoundingMode.FLOOR)); // exactly 2^63
        assertThrows(FixedPointOverflowException.class,
            () -> Fixed.mulDiv(Long.MAX_VALUE, 3, 2, RoundingMode.FLOOR)); // quotient ≥ 2^63, hi < d
        // rounding that pushes 2^63 - 1 + fraction over the edge
        assertThrows(FixedPointOverflowException.class,
            () -> Fixed.mulDiv(Long.MAX_VALUE, 2 * 3 + 1, 2 * 3, RoundingMode.CEILING));
        assertEquals(Long.MAX_VALUE, Fixed.mulDiv(Long.MAX_VALUE, 7, 7, RoundingMode.CEILING));
    }

    @Test
    void mulDivRefusesLongMinValueInputs() {
        for (final RoundingMode mode : MODES) {
            assertThrows(FixedPointOverflowException.class, () -> Fixed.mulDiv(Long.MIN_VALUE, 1, 1, mode));
            assertThrows(FixedPointOverflowException.class, () -> Fixed.mulDiv(1, Long.MIN_VALUE, 1, mode));
            assertThrows(FixedPointOverflowException.class, () -> Fixed.mulDiv(1, 1, Long.MIN_VALUE, mode));
            assertThrows(FixedPointOverflowException.class, () -> Fixed.mulDiv(Long.MIN_VALUE, 0, 5, mode));
        }
    }

    @Test
    void divisionByZeroIsArithmeticExceptionNotOverflow() {
        final ArithmeticException e = assertThrows(ArithmeticException.class, () -> Fixed.mulDiv(1, 1, 0, RoundingMode.FLOOR));
        assertEquals(ArithmeticException.class, e.getClass(), "division by zero is not an overflow");
        final ArithmeticException e2 = assertThrows(ArithmeticException.class, () -> Fixed.div(5, 0, RoundingMode.HALF_UP));
        assertEquals(ArithmeticException.class, e2.getClass());
        final ArithmeticException e3 = assertThrows(ArithmeticException.class, () -> Fixed.mulDiv(0, 0, 0, RoundingMode.UP));
        assertEquals(ArithmeticException.class, e3.getClass());
    }

    @Test
    void unsupportedRoundingModeIsRefusedWhenItMatters() {
        assertThrows(ArithmeticException.class, () -> Fixed.mulDiv(5, 1, 2, RoundingMode.HALF_EVEN));
        assertThrows(ArithmeticException.class, () -> Fixed.mulDiv(5, 1, 2, RoundingMode.UNNECESSARY));
        // exact quotients need no rounding
        assertEquals(3, Fixed.mulDiv(6, 1, 2, RoundingMode.HALF_EVEN));
    }

    @Test
    void addDetectsOverflowInsteadOfWrapping() {
        assertThrows(FixedPointOverflowException.class, () -> Fixed.add(Long.MAX_VALUE, 1));
        assertThrows(FixedPointOverflowException.class, () -> Fixed.add(1, Long.MAX_VALUE));
        assertThrows(FixedPointOverflowException.class, () -> Fixed.add(Long.MIN_VALUE, -1));
        assertThrows(FixedPointOverflowException.class, () -> Fixed.add(Long.MIN_VALUE, Long.MIN_VALUE));
        assertThrows(FixedPointOverflowException.class, () -> Fixed.add(P62, P62));
        assertEquals(-1, Fixed.add(Long.MAX_VALUE, Long.MIN_VALUE));
        assertEquals(Long.MAX_VALUE, Fixed.add(Long.MAX_VALUE - 5, 5));
        assertEquals(Long.MIN_VALUE, Fixed.add(Long.MIN_VALUE + 5, -5));
    }

    @Test
    void subDetectsOverflowInsteadOfWrapping() {
        assertThrows(FixedPointOverflowException.class, () -> Fixed.sub(Long.MIN_VALUE, 1));
        assertThrows(FixedPointOverflowException.class, () -> Fixed.sub(0, Long.MIN_VALUE));
        assertThrows(FixedPointOverflowException.class, () -> Fixed.sub(Long.MAX_VALUE, -1));
        assertThrows(FixedPointOverflowException.class, () -> Fixed.sub(-P62 - 1, P62));
        assertEquals(Long.MAX_VALUE, Fixed.sub(-1, Long.MIN_VALUE));
        assertEquals(Long.MIN_VALUE, Fixed.sub(-P62, P62));
        assertEquals(0, Fixed.sub(Long.MIN_VALUE, Long.MIN_VALUE));
    }

    @Test
    void mulDetectsOverflowInsteadOfWrapping() {
        assertThrows(FixedPointOverflowException.class, () -> Fixed.mul(Long.MAX_VALUE, 2));
        assertThrows(FixedPointOverflowException.class, () -> Fixed.mul(1L << 32, 1L << 31)); // exactly 2^63
        assertThrows(FixedPointOverflowException.class, () -> Fixed.mul(Long.MIN_VALUE, -1));
        assertThrows(FixedPointOverflowException.class, () -> Fixed.mul(3_037_000_500L, 3_037_000_500L));
        assertThrows(FixedPointOverflowException.class, () -> Fixed.mul(-3_037_000_500L, 3_037_000_500L));
        // a wrapped product that happens to be positive: 2^32 · 2^32 = 2^64 wraps to 0
        assertThrows(FixedPointOverflowException.class, () -> Fixed.mul(1L << 32, 1L << 32));
        assertEquals(3_037_000_499L * 3_037_000_499L, Fixed.mul(3_037_000_499L, 3_037_000_499L));
        assertEquals(Long.MIN_VALUE, Fixed.mul(-(1L << 32), 1L << 31));
        assertEquals(Long.MIN_VALUE, Fixed.mul(Long.MIN_VALUE, 1));
        assertEquals(0, Fixed.mul(Long.MIN_VALUE, 0));
        assertEquals(-Long.MAX_VALUE, Fixed.mul(Long.MAX_VALUE, -1));
    }

    @Test
    void addSubMulAgreeWithBigIntegerOnRandomPairs() {
        final Random r = new Random(99L);
        for (int n = 0; n < 50_000; n++) {
            final long a = draw(r);
            final long b = draw(r);
            final BigInteger ba = BigInteger.valueOf(a);
            final BigInteger bb = BigInteger.valueOf(b);
            expectFitOrOverflow(ba.add(bb), () -> Fixed.add(a, b), "add");
            expectFitOrOverflow(ba.subtract(bb), () -> Fixed.sub(a, b), "sub");
            expectFitOrOverflow(ba.multiply(bb), () -> Fixed.mul(a, b), "mul");
        }
    }

    private interface LongOp {
        long run();
    }

    private static void expectFitOrOverflow(final BigInteger exact, final LongOp op, final String what) {
        if (exact.bitLength() <= 63) {
            assertEquals(exact.longValueExact(), op.run(), what);
        } else {
            assertThrows(FixedPointOverflowException.class, op::run, what + " = " + exact);
        }
    }

    @Test
    void negateRefusesLongMinValue() {
        assertThrows(FixedPointOverflowException.class, () -> Fixed.negate(Long.MIN_VALUE));
        assertEquals(-Long.MAX_VALUE, Fixed.negate(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, Fixed.negate(-Long.MAX_VALUE));
        assertEquals(0, Fixed.negate(0));
    }

    @Test
    void pow10CoversZeroToEighteenOnly() {
        long p = 1;
        for (int n = 0; n <= 18; n++) {
            assertEquals(p, Fixed.pow10(n));
            assertEquals(BigInteger.TEN.pow(n), BigInteger.valueOf(Fixed.pow10(n)));
            if (n < 18) {
                p *= 10;
            }
        }
        assertThrows(FixedPointOverflowException.class, () -> Fixed.pow10(19));
        assertThrows(FixedPointOverflowException.class, () -> Fixed.pow10(-1));
        assertThrows(FixedPointOverflowException.class, () -> Fixed.pow10(Integer.MAX_VALUE));
    }

    @Test
    void divAgreesWithBigDecimal() {
        final Random r = new Random(3L);
        for (int n = 0; n < 20_000; n++) {
            final long a = draw(r);
            long d = draw(r);
            if (d == 0) {
                d = -3;
            }
            for (final RoundingMode mode : MODES) {
                final BigInteger expected = BigDecimal.valueOf(a).divide(BigDecimal.valueOf(d), 0, mode).toBigIntegerExact();
                assertEquals(expected.longValueExact(), Fixed.div(a, d, mode), a + "/" + d + " " + mode);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = RoundingMode.class, names = {"FLOOR", "CEILING", "DOWN", "UP", "HALF_UP"})
    void roundToStepAgreesWithBigDecimal(final RoundingMode mode) {
        final Random r = new Random(mode.ordinal() + 11L);
        for (int n = 0; n < 20_000; n++) {
            final long value = r.nextInt(2) == 0 ? r.nextLong() / 3 : r.nextInt(2_000_001) - 1_000_000;
            final long step = 1 + (r.nextBoolean() ? r.nextInt(1000) : Math.abs(r.nextInt() / 7));
            final BigInteger expected = new BigDecimal(value).divide(BigDecimal.valueOf(step), 0, mode)
                .toBigIntegerExact().multiply(BigInteger.valueOf(step));
            final long got = Fixed.roundToStep(value, step, mode);
            assertEquals(expected.longValueExact(), got, value + " to step " + step + " " + mode);
            assertEquals(0, got % step);
        }
    }

    @Test
    void roundToStepExamples() {
        assertEquals(12345, Fixed.roundToStep(12345, 5, RoundingMode.FLOOR));
        assertEquals(12345, Fixed.roundToStep(12347, 5, RoundingMode.FLOOR));
        assertEquals(12350, Fixed.roundToStep(12347, 5, RoundingMode.CEILING));
        assertEquals(12345, Fixed.roundToStep(12347, 5, RoundingMode.HALF_UP));
        assertEquals(12350, Fixed.roundToStep(12348, 5, RoundingMode.HALF_UP));
        assertEquals(-12350, Fixed.roundToStep(-12347, 5, RoundingMode.FLOOR));
        assertEquals(-12345, Fixed.roundToStep(-12347, 5, RoundingMode.CEILING));
        assertEquals(-12345, Fixed.roundToStep(-12347, 5, RoundingMode.DOWN));
        assertEquals(-12350, Fixed.roundToStep(-12347, 5, RoundingMode.UP));
        // the step multiple may itself overflow
        assertThrows(FixedPointOverflowException.class,
            () -> Fixed.roundToStep(Long.MAX_VALUE - 1, 1000, RoundingMode.CEILING));
        assertEquals(Long.MAX_VALUE - Long.MAX_VALUE % 1000, Fixed.roundToStep(Long.MAX_VALUE - 1, 1000, RoundingMode.FLOOR));
    }

    @Test
    void overflowExceptionIsAnArithmeticExceptionNamingTheOperation() {
        final FixedPointOverflowException e = assertThrows(FixedPointOverflowException.class, () -> Fixed.mul(Long.MAX_VALUE, 3));
        assertTrue(e.getMessage().contains("mul"), e.getMessage());
        assertTrue(ArithmeticException.class.isAssignableFrom(FixedPointOverflowException.class));
    }
}
