package io.liquidator.engine.instrument;

import io.liquidator.engine.money.Decimals;

/**
 * Test fixtures: the bracket tables bundled by the default configuration, transcribed from
 * {@code shared/design/formats.md} as decimal text (so a transcription error shows up as a
 * validation failure, not as a silently different table), and instruments built on them.
 */
public final class TestInstruments {
    /** USDT and BTC balances are held at 8 decimals in these fixtures. */
    public static final int BALANCE_SCALE = 8;

    /** floor, cap, MMR, maintenance amount, max leverage — Binance BTCUSDT as of 2024-10. */
    public static final String[][] BTCUSDT_2024_10 = {
        {"0", "50000", "0.004", "0", "125"},
        {"50000", "600000", "0.005", "50", "100"},
        {"600000", "3000000", "0.0065", "950", "75"},
        {"3000000", "12000000", "0.01", "11450", "50"},
        {"12000000", "70000000", "0.02", "131450", "25"},
        {"70000000", "100000000", "0.025", "481450", "20"},
        {"100000000", "230000000", "0.05", "2981450", "10"},
        {"230000000", "480000000", "0.10", "14481450", "5"},
        {"480000000", "600000000", "0.125", "26481450", "4"},
        {"600000000", "800000000", "0.15", "41481450", "3"},
        {"800000000", "1200000000", "0.25", "121481450", "2"},
        {"1200000000", "1800000000", "0.50", "421481450", "1"},
    };

    /** Binance ETHUSDT as of 2024-10. */
    public static final String[][] ETHUSDT_2024_10 = {
        {"0", "50000", "0.004", "0", "125"},
        {"50000", "600000", "0.005", "50", "100"},
        {"600000", "3000000", "0.0065", "950", "75"},
        {"3000000", "12000000", "0.01", "11450", "50"},
        {"12000000", "50000000", "0.02", "131450", "25"},
        {"50000000", "65000000", "0.025", "381450", "20"},
        {"65000000", "150000000", "0.05", "2006450", "10"},
        {"150000000", "320000000", "0.10", "9506450", "5"},
        {"320000000", "400000000", "0.125", "17506450", "4"},
        {"400000000", "530000000", "0.15", "27506450", "3"},
        {"530000000", "800000000", "0.25", "80506450", "2"},
        {"800000000", "1200000000", "0.50", "280506450", "1"},
    };

    /** BTCUSD coin-margined, notional in BTC. */
    public static final String[][] BTCUSD_COIN = {
        {"0", "5", "0.004", "0", "125"},
        {"5", "10", "0.005", "0.005", "100"},
        {"10", "20", "0.01", "0.055", "50"},
        {"20", "50", "0.025", "0.355", "20"},
        {"50", "100", "0.05", "1.605", "10"},
        {"100", "200", "0.10", "6.605", "5"},
        {"200", "400", "0.125", "11.605", "4"},
        {"400", "1000", "0.15", "21.605", "3"},
        {"1000", "1500", "0.25", "121.605", "2"},
        {"1500", "2000", "0.50", "496.605", "1"},
    };

    private TestInstruments() {
    }

    /** Column {@code c} of a textual table parsed at {@code scale}. */
    public static long[] column(final String[][] rows, final int c, final int scale) {
        final long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = Decimals.parse(rows[i][c], scale);
        }
        return out;
    }

    public static BracketTable validated(final String[][] rows) {
        return BracketTable.validated(column(rows, 0, BALANCE_SCALE), column(rows, 1, BALANCE_SCALE),
            column(rows, 2, 8), column(rows, 3, BALANCE_SCALE), column(rows, 4, 8), BALANCE_SCALE);
    }

    public static BracketTable btcusdtBrackets() {
        return validated(BTCUSDT_2024_10);
    }

    public static BracketTable ethusdtBrackets() {
        return validated(ETHUSDT_2024_10);
    }

    public static BracketTable btcusdBrackets() {
        return validated(BTCUSD_COIN);
    }

    /** A single bracket from decimal text: MMR, maintenance amount, max leverage. */
    public static BracketTable single(final String mmr, final String cum, final String maxLeverage) {
        return BracketTable.single(Decimals.parse(mmr, 8), Decimals.parse(cum, BALANCE_SCALE), Decimals.parse(maxLeverage, 8));
    }

    /** BTCUSDT: linear, tick 0.1, step 0.001, balance 1e-8 USDT. */
    public static Instrument.Builder btcusdtBuilder() {
        return Instrument.builder().id(1).symbol("BTCUSDT").kind(ContractKind.LINEAR).settlementAsset("USDT")
            .profile(MarginProfile.BINANCE).price(1, 1).quantity(3, 1).balanceScale(BALANCE_SCALE)
            .brackets(btcusdtBrackets());
    }

    public static Instrument btcusdt() {
        return btcusdtBuilder().build();
    }

    /** ETHUSDT: linear, tick 0.01, step 0.001. */
    public static Instrument.Builder ethusdtBuilder() {
        return Instrument.builder().id(2).symbol("ETHUSDT").kind(ContractKind.LINEAR).settlementAsset("USDT")
            .profile(MarginProfile.BINANCE).price(2, 1).quantity(3, 1).balanceScale(BALANCE_SCALE)
            .brackets(ethusdtBrackets());
    }

    public static Instrument ethusdt() {
        return ethusdtBuilder().build();
    }

    /** BTCUSD: inverse, 100 USD contracts, whole contracts, tick 0.1, balance 1e-8 BTC. */
    public static Instrument.Builder btcusdBuilder() {
        return Instrument.builder().id(3).symbol("BTCUSD").kind(ContractKind.INVERSE).settlementAsset("BTC")
            .profile(MarginProfile.BINANCE).price(1, 1).quantity(0, 1).balanceScale(BALANCE_SCALE)
            .contractSize(1000).brackets(btcusdBrackets());
    }

    public static Instrument btcusd() {
        return btcusdBuilder().build();
    }
}
