package io.liquidator.engine.money;

import io.liquidator.engine.money.Decimals.DecimalFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecimalsTest {

    @ParameterizedTest(name = "{0} at scale {1} = {2}")
    @CsvSource({
        "60032.7, 1, 600327",
        "60032.7, 2, 6003270",
        "60032.7, 8, 6003270000000",
        "0.5, 8, 50000000",
        "-0.5, 8, -50000000",
        "+0.5, 1, 5",
        "0, 0, 0",
        "-0, 4, 0",
        "0.004, 8, 400000",
        "125, 8, 12500000000",
        "1., 2, 100",
        ".25, 2, 25",
        "-.25, 2, -25",
        "000123.4500, 2, 12345",
        "1535443.01, 8, 153544301000000",
        "9223372036854775807, 0, 9223372036854775807",
        "-9223372036854775807, 0, -9223372036854775807",
        "92233720368.54775807, 8, 9223372036854775807",
        "0.000000000000000001, 18, 1",
    })
    void parsesPlainDecimalsExactly(final String text, final int scale, final long expected) {
        assertEquals(expected, Decimals.parse(text, scale));
    }

    @ParameterizedTest(name = "{0} at scale {1} = {2}")
    @CsvSource({
        "1.997038e8, 0, 199703800",
        "1.997038E8, 2, 19970380000",
        "1.997038e+8, 0, 199703800",
        "-1.997038e8, 0, -199703800",
        "6.00327e4, 1, 600327",
        "1e-3, 3, 1",
        "1e-3, 8, 100000",
        "15e-1, 1, 15",
        "100e-2, 0, 1",
        "0e5, 2, 0",
        "2.5e0, 1, 25",
    })
    void parsesExponentForm(final String text, final int scale, final long expected) {
        assertEquals(expected, Decimals.parse(text, scale));
    }

    @ParameterizedTest
    @CsvSource({
        "60032.70000, 1, 600327",
        "0.10000000000, 1, 1",
        "1.00000000000000000000000000, 2, 100",   // more zeros than a long holds digits
        "-7.5000, 1, -75",
        "1.997038000e8, 0, 199703800",
    })
    void acceptsTrailingZerosBeyondTheScale(final String text, final int scale, final long expected) {
        assertEquals(expected, Decimals.parse(text, scale));
    }

    @ParameterizedTest
    @CsvSource({
        "60032.75, 1",
        "0.123456789, 8",
        "-0.5, 0",
        "1e-3, 2",
        "1.997038512e8, 0",
        "0.00000000000000000000001, 8",
    })
    void rejectsNonZeroDigitsBeyondTheScaleWithAMessage(final String text, final int scale) {
        final DecimalFormatException e = assertThrows(DecimalFormatException.class, () -> Decimals.parse(text, scale));
        assertTrue(e.getMessage().contains(text), "message names the input: " + e.getMessage());
        assertTrue(e.getMessage().contains("decimal places") || e.getMessage().contains("digits"), e.getMessage());
    }

    @Test
    void theDecimalPlacesMessageNamesTheScale() {
        final DecimalFormatException e = assertThrows(DecimalFormatException.class, () -> Decimals.parse("60032.75", 1));
        assertEquals("60032.75 has more than 1 decimal places", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "", "1.2.3", "-", "+", ".", "-.", "e5", "1e", "1e+", "1e-", "1e5e5", "1e5.3",
        "abc", " 1", "1 ", "1,000", "0x10", "Infinity", "--1", "+-1", "1-", "1e1234", "١٢٣"})
    void rejectsNonNumbers(final String text) {
        final DecimalFormatException e = assertThrows(DecimalFormatException.class, () -> Decimals.parse(text, 2));
        assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
        assertTrue(e instanceof IllegalArgumentException);
    }

    @Test
    void rejectsNull() {
        assertThrows(DecimalFormatException.class, () -> Decimals.parse(null, 2));
    }

    @ParameterizedTest
    @CsvSource({
        "9223372036854775808, 0",
        "-9223372036854775808, 0",   // Long.MIN_VALUE itself is not accepted (the engine never uses it)
        "99999999999999999999, 0",
        "92233720368.54775808, 8",
        "92233720368.54775807, 9",
        "1e19, 0",
        "1e18, 1",
        "1e999, 0",
        "123456789012345678901234567890, 0",
    })
    void rejectsNumbersTooLargeForALong(final String text, final int scale) {
        final DecimalFormatException e = assertThrows(DecimalFormatException.class, () -> Decimals.parse(text, scale));
        assertTrue(e.getMessage().contains("too large") || e.getMessage().contains("too many digits"), e.getMessage());
    }

    @Test
    void parseAgreesWithBigDecimalOnRandomValues() {
        final Random r = new Random(1234L);
        for (int n = 0; n < 20_000; n++) {
            final int scale = r.nextInt(13);
            final long raw = r.nextInt(3) == 0 ? r.nextLong() / Fixed.pow10(r.nextInt(19)) : r.nextInt();
            final BigDecimal exact = BigDecimal.valueOf(raw, scale);
            final String plain = exact.toPlainString();
            assertEquals(raw, Decimals.parse(plain, scale), plain);
            // BigDecimal's scientific rendering (e.g. 1.23E+5 or 1.2E-7) parses to the same value
            final String sci = exact.toString();
            if (sci.length() < 30) {
                assertEquals(raw, Decimals.parse(sci, scale), sci);
            }
            // one more decimal than the scale, non-zero: refused
            if (scale < 12) {
                final String tooFine = exact.add(BigDecimal.valueOf(1, scale + 1)).toPlainString();
                assertThrows(DecimalFormatException.class, () -> Decimals.parse(tooFine, scale), tooFine);
            }
        }
    }

    @ParameterizedTest(name = "{0} at scale {1} -> {2}")
    @CsvSource({
        "600327, 1, 60032.7",
        "-600327, 1, -60032.7",
        "5, 2, 0.05",
        "-5, 2, -0.05",
        "0, 2, 0.00",
        "0, 0, 0",
        "-42, 0, -42",
        "400000, 8, 0.00400000",
        "100, 2, 1.00",
        "9223372036854775807, 8, 92233720368.54775807",
        "-9223372036854775808, 8, -92233720368.54775808",
        "-9223372036854775808, 0, -9223372036854775808",
        "-9223372036854775808, 18, -9.223372036854775808",
        "1, 18, 0.000000000000000001",
    })
    void formatsWithExactlyScaleDecimals(final long raw, final int scale, final String expected) {
        assertEquals(expected, Decimals.format(raw, scale));
        final StringBuilder sb = new StringBuilder("x=");
        assertEquals("x=" + expected, Decimals.appendTo(sb, raw, scale).toString());
    }

    @ParameterizedTest(name = "{0} at scale {1} -> {2}")
    @CsvSource({
        "400000, 8, 0.004",
        "40, 4, 0.004",
        "600327, 1, 60032.7",
        "6003270, 2, 60032.7",
        "100, 2, 1",
        "-100, 2, -1",
        "-50, 2, -0.5",
        "0, 8, 0",
        "1000, 0, 1000",
        "-1000, 0, -1000",
        "-9223372036854775808, 8, -92233720368.54775808",
        "-9223372036854775800, 2, -92233720368547758",
    })
    void formatTrimmedDropsTrailingZerosOnly(final long raw, final int scale, final String expected) {
        assertEquals(expected, Decimals.formatTrimmed(raw, scale));
    }

    @Test
    void formatAndParseRoundTrip() {
        final Random r = new Random(77L);
        for (int n = 0; n < 20_000; n++) {
            final int scale = r.nextInt(19);
            long raw = r.nextLong();
            if (raw == Long.MIN_VALUE) {
                raw++;
            }
            final String s = Decimals.format(raw, scale);
            assertEquals(BigDecimal.valueOf(raw, scale).toPlainString(), s);
            assertEquals(raw, Decimals.parse(s, scale), s);
            final String t = Decimals.formatTrimmed(raw, scale);
            assertEquals(0, BigDecimal.valueOf(raw, scale).compareTo(new BigDecimal(t)), t);
            assertEquals(raw, Decimals.parse(t, scale), t);
            assertTrue(!t.contains(".") || !t.endsWith("0"), t);
        }
    }

    @Test
    void longMinValueFormatsCorrectlyAtEveryScale() {
        for (int scale = 0; scale <= 18; scale++) {
            assertEquals(BigDecimal.valueOf(Long.MIN_VALUE, scale).toPlainString(), Decimals.format(Long.MIN_VALUE, scale));
            assertEquals(0, BigDecimal.valueOf(Long.MIN_VALUE, scale)
                .compareTo(new BigDecimal(Decimals.formatTrimmed(Long.MIN_VALUE, scale))));
        }
    }

    @ParameterizedTest(name = "decimalPlaces({0}) = {1}")
    @CsvSource({
        "60032.7, 1",
        "0.0040, 3",
        "0.004, 3",
        "100, 0",
        "100.000, 0",
        "1.997038e8, 0",
        "1.997038e3, 3",
        "1.5e-3, 4",
        "1e-8, 8",
        "1.5E+3, 0",
        "-0.001, 3",
        "' 0.10 ', 1",
        "0.0, 0",
    })
    void decimalPlacesIsTheSmallestExactScale(final String text, final int expected) {
        assertEquals(expected, Decimals.decimalPlaces(text));
        // and that scale really holds the value
        final long raw = Decimals.parse(text.trim(), expected);
        assertEquals(0, new BigDecimal(text.trim()).compareTo(BigDecimal.valueOf(raw, expected)));
        if (expected > 0) {
            assertThrows(DecimalFormatException.class, () -> Decimals.parse(text.trim(), expected - 1));
        }
    }
}
