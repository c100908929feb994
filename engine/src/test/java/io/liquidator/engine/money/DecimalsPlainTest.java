package io.liquidator.engine.money;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The allocation-free, non-throwing range parsers used by the file readers. */
class DecimalsPlainTest {

    private static long plain(final String text, final int scale) {
        return Decimals.parsePlain(text, 0, text.length(), scale);
    }

    private static int problem(final String text, final int scale) {
        return Decimals.plainProblem(text, 0, text.length(), scale);
    }

    private static long rounded(final String text, final int scale, final long step) {
        return Decimals.parsePlainRounded(text, 0, text.length(), scale, step);
    }

    @ParameterizedTest(name = "{0} at scale {1} = {2}")
    @CsvSource({
        "60032.7, 1, 600327",
        "60032.70, 1, 600327",
        "60032.7000000, 1, 600327",
        "60032.7, 8, 6003270000000",
        "-0.5, 8, -50000000",
        "+0.5, 1, 5",
        "-0, 4, 0",
        "1., 2, 100",
        ".25, 2, 25",
        "000123.4500, 2, 12345",
        "1621382400000, 0, 1621382400000",
        "1621382400000.0, 0, 1621382400000",
        "9223372036854775807, 0, 9223372036854775807",
        "92233720368.54775807, 8, 9223372036854775807",
    })
    void parsesPlainDecimalsExactly(final String text, final int scale, final long expected) {
        assertEquals(expected, plain(text, scale));
        assertEquals(0, problem(text, scale));
    }

    @Test
    void parsesARangeOfALine() {
        final String line = "1621382400000,BTCUSDT,42882.5";
        assertEquals(428825, Decimals.parsePlain(line, 22, line.length(), 1));
        assertEquals(1621382400000L, Decimals.parsePlain(line, 0, 13, 0));
        assertEquals(Decimals.INVALID, Decimals.parsePlain(line, 14, 21, 1));
    }

    @ParameterizedTest(name = "{0} is not plain")
    @ValueSource(strings = {"", "-", "+", ".", "NaN", "nan", "Infinity", "-Infinity", "1e5", "6.00327E4", "1.2.3",
        " 1", "1 ", "0x10", "1,5", "--1", "１"})
    void refusesWhatIsNotAPlainDecimal(final String text) {
        assertEquals(Decimals.INVALID, plain(text, 8));
        assertEquals(Decimals.NOT_PLAIN, problem(text, 8));
        assertEquals(Decimals.INVALID, rounded(text, 1, 1));
    }

    @ParameterizedTest(name = "{0} at scale {1}")
    @CsvSource({"60032.75, 1", "0.0001, 3", "-1.25, 1", "99999999999999999999.5, 0"})
    void namesTooManyDecimalsBeforeSize(final String text, final int scale) {
        assertEquals(Decimals.INVALID, plain(text, scale));
        assertEquals(Decimals.TOO_MANY_DECIMALS, problem(text, scale));
    }

    @ParameterizedTest(name = "{0} at scale {1}")
    @CsvSource({"9223372036854775808, 0", "92233720368547758.08, 2", "100000000000, 8", "-100000000000, 8"})
    void namesTooLarge(final String text, final int scale) {
        assertEquals(Decimals.INVALID, plain(text, scale));
        assertEquals(Decimals.TOO_LARGE, problem(text, scale));
    }

    @ParameterizedTest(name = "{0} at scale {1} step {2} = {3}")
    @CsvSource({
        "42882.54, 1, 1, 428825",          // .54 -> .5
        "42882.55, 1, 1, 428826",          // tie -> up
        "42882.5499999999, 1, 1, 428825",
        "42882.54000000, 1, 1, 428825",
        "42882.5, 1, 1, 428825",           // already on the tick
        "100.24, 1, 5, 1000",              // tick 0.5: 100.24 -> 100.0
        "100.25, 1, 5, 1005",              // tie -> 100.5
        "100.2, 1, 5, 1000",               // right scale, off a 0.5 tick
        "100.3, 1, 5, 1005",
        "0.06, 1, 2, 0",                   // tick 0.2: exact rounding, not via scale 1 (0.1 would round to 0.2)
        "0.14, 1, 2, 2",
        "-0.26, 1, 5, -5",                 // ties and more away from zero
        "0.04, 1, 1, 0",
        "3999.99999999, 2, 1, 400000",
        "7, 0, 5, 5",
    })
    void roundsToTheNearestStepHalfUp(final String text, final int scale, final long step, final long expected) {
        assertEquals(expected, rounded(text, scale, step));
    }

    @Test
    void roundingRefusesWhatDoesNotFit() {
        assertEquals(Decimals.INVALID, rounded("9223372036854775807.9", 0, 1));
        assertEquals(Decimals.INVALID, rounded("92233720368547758.07", 2, 10));
        assertEquals(Decimals.INVALID, rounded("0.0000000000000000000001", 1, 1));
    }
}
