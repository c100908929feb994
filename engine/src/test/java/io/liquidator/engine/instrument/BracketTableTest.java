package io.liquidator.engine.instrument;

import io.liquidator.engine.instrument.BracketTable.InvalidBracketException;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.Rates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static io.liquidator.engine.instrument.TestInstruments.BALANCE_SCALE;
import static io.liquidator.engine.instrument.TestInstruments.BTCUSDT_2024_10;
import static io.liquidator.engine.instrument.TestInstruments.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BracketTableTest {
    private static long usdt(final String s) {
        return Decimals.parse(s, BALANCE_SCALE);
    }

    private static long rate(final String s) {
        return Decimals.parse(s, Rates.SCALE_DIGITS);
    }

    /** The five columns of the bundled BTCUSDT table, mutable copies for corruption. */
    private static long[][] btcusdtColumns() {
        return new long[][]{
            column(BTCUSDT_2024_10, 0, BALANCE_SCALE), column(BTCUSDT_2024_10, 1, BALANCE_SCALE),
            column(BTCUSDT_2024_10, 2, 8), column(BTCUSDT_2024_10, 3, BALANCE_SCALE), column(BTCUSDT_2024_10, 4, 8)};
    }

    private static InvalidBracketException rejected(final long[][] c) {
        return assertThrows(InvalidBracketException.class,
            () -> BracketTable.validated(c[0], c[1], c[2], c[3], c[4], BALANCE_SCALE));
    }

    @Test
    void theBundledTablesValidate() {
        final BracketTable btc = TestInstruments.btcusdtBrackets();
        assertEquals(12, btc.size());
        assertEquals(12, TestInstruments.ethusdtBrackets().size());
        assertEquals(10, TestInstruments.btcusdBrackets().size());
        assertEquals(usdt("600000"), btc.floor(2));
        assertEquals(usdt("3000000"), btc.cap(2));
        assertEquals(rate("0.0065"), btc.mmr(2));
        assertEquals(usdt("950"), btc.maintenanceAmount(2));
        assertEquals(rate("75"), btc.maxLeverage(2));
        assertEquals(usdt("421481450"), btc.maintenanceAmount(11));
    }

    @Test
    void everyBundledMaintenanceAmountFollowsTheRecurrenceInExactDecimals() {
        for (final String[][] rows : new String[][][]{
            BTCUSDT_2024_10, TestInstruments.ETHUSDT_2024_10, TestInstruments.BTCUSD_COIN}) {
            BigDecimal cum = BigDecimal.ZERO;
            BigDecimal prevMmr = BigDecimal.ZERO;
            for (final String[] row : rows) {
                final BigDecimal mmr = new BigDecimal(row[2]);
                cum = cum.add(new BigDecimal(row[0]).multiply(mmr.subtract(prevMmr)));
                assertEquals(0, cum.compareTo(new BigDecimal(row[3])), "cum of bracket at floor " + row[0]);
                prevMmr = mmr;
            }
        }
    }

    @Test
    void aWrongMaintenanceAmountIsRejectedNamingTheFieldAndBracket() {
        final long[][] c = btcusdtColumns();
        c[3][2] = usdt("1300"); // the old table's level-3 cum, where 950 is right
        final InvalidBracketException e = rejected(c);
        assertEquals("maintenance_amount", e.field());
        assertEquals(2, e.bracket());
        assertTrue(e.getMessage().contains("1300"), e.getMessage());
        assertTrue(e.getMessage().contains("950"), "names the value the recurrence gives: " + e.getMessage());
    }

    @Test
    void aMaintenanceAmountOffByOneUnitIsRejected() {
        final long[][] c = btcusdtColumns();
        c[3][11] += 1; // 421481450.00000001
        final InvalidBracketException e = rejected(c);
        assertEquals("maintenance_amount", e.field());
        assertEquals(11, e.bracket());
    }

    @Test
    void aNonZeroFirstMaintenanceAmountIsRejected() {
        final long[][] c = btcusdtColumns();
        c[3][0] = usdt("1");
        final InvalidBracketException e = rejected(c);
        assertEquals("maintenance_amount", e.field());
        assertEquals(0, e.bracket());
    }

    @Test
    void aGapBetweenCapAndNextFloorIsRejected() {
        final long[][] c = btcusdtColumns();
        c[1][3] = usdt("11000000"); // bracket 3 ends at 11M, bracket 4 starts at 12M
        final InvalidBracketException e = rejected(c);
        assertEquals("notional_floor", e.field());
        assertEquals(4, e.bracket());
    }

    @Test
    void anOverlapBetweenCapAndNextFloorIsRejected() {
        final long[][] c = btcusdtColumns();
        c[1][0] = usdt("60000");
        final InvalidBracketException e = rejected(c);
        assertEquals("notional_floor", e.field());
        assertEquals(1, e.bracket());
    }

    @Test
    void aFallingMaintenanceRateIsRejected() {
        final long[][] c = btcusdtColumns();
        c[2][5] = rate("0.015"); // below bracket 4's 2 %
        final InvalidBracketException e = rejected(c);
        assertEquals("mmr", e.field());
        assertEquals(5, e.bracket());
    }

    @Test
    void aRisingMaxLeverageIsRejected() {
        final long[][] c = btcusdtColumns();
        c[4][3] = rate("80"); // above bracket 2's 75×
        final InvalidBracketException e = rejected(c);
        assertEquals("max_leverage", e.field());
        assertEquals(3, e.bracket());
    }

    @Test
    void aMaxLeverageBelowOneIsRejected() {
        final long[][] c = btcusdtColumns();
        c[4][11] = rate("0.5");
        final InvalidBracketException e = rejected(c);
        assertEquals("max_leverage", e.field());
        assertEquals(11, e.bracket());
    }

    @Test
    void aNonZeroFirstFloorIsRejected() {
        final long[][] c = btcusdtColumns();
        c[0][0] = usdt("1");
        final InvalidBracketException e = rejected(c);
        assertEquals("notional_floor", e.field());
        assertEquals(0, e.bracket());
    }

    @Test
    void aCapNotAboveItsFloorIsRejected() {
        final long[][] c = btcusdtColumns();
        c[1][11] = c[0][11];
        final InvalidBracketException e = rejected(c);
        assertEquals("notional_cap", e.field());
        assertEquals(11, e.bracket());
    }

    @Test
    void maintenanceRatesOutsideZeroToOneAreRejected() {
        final long[][] c = btcusdtColumns();
        c[2][0] = 0;
        assertEquals("mmr", rejected(c).field());
        final long[][] d = btcusdtColumns();
        d[2][11] = Rates.ONE;
        final InvalidBracketException e = rejected(d);
        assertEquals("mmr", e.field());
        assertEquals(11, e.bracket());
    }

    @Test
    void shapeErrorsAreRejectedForUncheckedTablesToo() {
        final InvalidBracketException empty = assertThrows(InvalidBracketException.class,
            () -> BracketTable.unchecked(new long[0], new long[0], new long[0], new long[0], new long[0]));
        assertEquals(-1, empty.bracket());
        final InvalidBracketException ragged = assertThrows(InvalidBracketException.class,
            () -> BracketTable.unchecked(new long[]{0, 5}, new long[]{5}, new long[]{1, 2}, new long[]{0, 0}, new long[]{1, 1}));
        assertEquals(-1, ragged.bracket());
        final InvalidBracketException unordered = assertThrows(InvalidBracketException.class,
            () -> BracketTable.unchecked(new long[]{0, 5, 5}, new long[]{5, 5, 9}, new long[]{1, 2, 3}, new long[]{0, 0, 0},
                new long[]{1, 1, 1}));
        assertEquals("notional_floor", unordered.field());
        assertEquals(2, unordered.bracket());
    }

    @Test
    void theTableCopiesItsInput() {
        final long[][] c = btcusdtColumns();
        final BracketTable t = BracketTable.validated(c[0], c[1], c[2], c[3], c[4], BALANCE_SCALE);
        c[2][0] = rate("0.9");
        assertEquals(rate("0.004"), t.mmr(0));
        assertEquals(TestInstruments.btcusdtBrackets(), t);
        assertEquals(TestInstruments.btcusdtBrackets().hashCode(), t.hashCode());
        assertNotEquals(TestInstruments.ethusdtBrackets(), t);
    }

    @ParameterizedTest(name = "notional {0} -> bracket {1} (MMR {2})")
    @CsvSource({
        "0, 0, 0.004",
        "0.00000001, 0, 0.004",
        "49999.99999999, 0, 0.004",
        "50000, 1, 0.005",
        "599999.99999999, 1, 0.005",
        "600000, 2, 0.0065",          // exactly on a floor: the HIGHER bracket
        "600000.00000001, 2, 0.0065",
        "2999999.99999999, 2, 0.0065",
        "3000000, 3, 0.01",
        "600000000, 9, 0.15",
        "1799999999.99999999, 11, 0.50",
        "1800000000, 11, 0.50",       // at the last cap: still the last bracket
        "50000000000, 11, 0.50",      // far above the last cap: the last bracket
    })
    void indexOfPutsAFloorInTheHigherBracket(final String notional, final int bracket, final String mmr) {
        final BracketTable t = TestInstruments.btcusdtBrackets();
        final int i = t.indexOf(usdt(notional));
        assertEquals(bracket, i);
        assertEquals(rate(mmr), t.mmr(i));
        assertTrue(t.floor(i) <= usdt(notional));
        if (i < t.size() - 1) {
            assertTrue(usdt(notional) < t.cap(i));
        }
    }

    @Test
    void indexOfAgreesWithALinearScanAtEveryBoundary() {
        final BracketTable t = TestInstruments.btcusdtBrackets();
        for (int b = 0; b < t.size(); b++) {
            for (final long delta : new long[]{-1, 0, 1}) {
                final long n = t.floor(b) + delta;
                int expected = 0;
                for (int k = 0; k < t.size(); k++) {
                    if (t.floor(k) <= n) {
                        expected = k;
                    }
                }
                assertEquals(expected, t.indexOf(n), "notional " + n);
            }
        }
        assertEquals(0, t.indexOf(-5), "a negative notional stays in the first bracket");
    }

    @Test
    void theMaintenanceMarginIsContinuousAcrossEveryFloor() {
        // notional × MMR − cum evaluated with both neighbours at each floor gives the same value
        for (final BracketTable t : new BracketTable[]{TestInstruments.btcusdtBrackets(), TestInstruments.ethusdtBrackets(),
            TestInstruments.btcusdBrackets()}) {
            for (int b = 1; b < t.size(); b++) {
                final BigDecimal floor = BigDecimal.valueOf(t.floor(b));
                final BigDecimal below = floor.multiply(BigDecimal.valueOf(t.mmr(b - 1), 8)).subtract(BigDecimal.valueOf(t.maintenanceAmount(b - 1)));
                final BigDecimal above = floor.multiply(BigDecimal.valueOf(t.mmr(b), 8)).subtract(BigDecimal.valueOf(t.maintenanceAmount(b)));
                assertEquals(0, below.compareTo(above), "bracket " + b);
            }
        }
    }

    @Test
    void singleBracketHasNoLimits() {
        final BracketTable t = TestInstruments.single("0.025", "16300", "20");
        assertEquals(1, t.size());
        assertEquals(0, t.indexOf(Long.MAX_VALUE));
        assertEquals(usdt("16300"), t.maintenanceAmount(0));
        assertEquals(Long.MAX_VALUE, t.cap(0));
    }
}
