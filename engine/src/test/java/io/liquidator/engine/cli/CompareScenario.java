package io.liquidator.engine.cli;

import io.liquidator.engine.config.LiquidatorConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The hand-checked scenario of the {@code compare} tests: four isolated BTCUSDT longs of 0.5 BTC
 * entered at 50,000 (notional 25,000, the first bracket of both tables), a fifth of 2 BTC for the
 * policy comparison (notional 100,000, the bundled second bracket), five ticks down to 45,300 and
 * back to 45,500, and two bracket tables: the bundled Binance one and a stricter one.
 *
 * <p>The working, for a position of q BTC with isolated margin M at mark P (Binance, linear):
 * equity = M + q (P − 50,000); maintenance MM = q P mmr − maintenance_amount, in the bracket of the
 * notional q P; liquidated when equity ≤ MM, margin-called at the highest level L in {0.8, 0.9}
 * with MM / equity ≥ L.
 */
final class CompareScenario {
    /** Written in the tests' own words: the same as formats.md asks for. */
    static final String POSITIONS_1_TO_4 = """
        ts,account,instrument,side,qty,entry_price,margin_mode,isolated_margin
        1000,1,BTCUSDT,long,0.5,50000,isolated,2500
        1000,2,BTCUSDT,long,0.5,50000,isolated,1750
        1000,3,BTCUSDT,long,0.5,50000,isolated,5000
        1000,4,BTCUSDT,long,0.5,50000,isolated,2620
        """;

    /** Account 5: 2 BTC at 50,000 with 6,900 margin (14.5x), in the bundled second bracket. */
    static final String POSITIONS_1_TO_5 = POSITIONS_1_TO_4 + "1000,5,BTCUSDT,long,2,50000,isolated,6900\n";

    /** t1 .. t5. */
    static final String TICKS = """
        ts,instrument,mark_price
        60000,BTCUSDT,48000
        120000,BTCUSDT,46700
        180000,BTCUSDT,46000
        240000,BTCUSDT,45300
        300000,BTCUSDT,45500
        """;

    /**
     * Stricter than Binance's: 1 % in the first bracket instead of 0.4 %, 2 % and 4 % above it
     * (maintenance amounts on the recurrence: 50,000 × 1 % = 500; 500 + 600,000 × 2 % = 12,500).
     */
    static final String STRICT = """
        assets:
          USDT: { balance_scale: 8 }
        instruments:
          - symbol: BTCUSDT
            kind: linear
            settlement_asset: USDT
            profile: binance
            price_tick: 0.1
            qty_step: 0.001
            brackets:
              - { notional_floor: 0,      notional_cap: 50000,   mmr: 0.01, maintenance_amount: 0,     max_leverage: 50 }
              - { notional_floor: 50000,  notional_cap: 600000,  mmr: 0.02, maintenance_amount: 500,   max_leverage: 25 }
              - { notional_floor: 600000, notional_cap: 3000000, mmr: 0.04, maintenance_amount: 12500, max_leverage: 10 }
        """;

    /** Both configurations open the fund at 1,000 USDT, from their engine: sections. */
    static final String FUND_SECTION = """
        engine:
          insurance_fund: { USDT: 1000 }
        """;

    private CompareScenario() {
    }

    /** The bundled default configuration's text, as shipped. */
    static String bundledText() throws IOException {
        try (InputStream in = LiquidatorConfig.class.getResourceAsStream(LiquidatorConfig.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Path write(final Path dir, final String name, final String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
