package io.liquidator.engine.config;

import io.liquidator.engine.instrument.BracketTable;
import io.liquidator.engine.instrument.ContractKind;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.instrument.MarginProfile;
import io.liquidator.engine.money.Rates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled default loads through the validating path and holds the tables of formats.md. */
class LiquidatorConfigTest {
    private static final long E8 = 100_000_000L;

    @Test
    void bundledDefaultHoldsTheThreeInstrumentsInOrder() {
        final LiquidatorConfig c = LiquidatorConfig.bundledDefault();
        assertEquals(List.of("BTCUSDT", "ETHUSDT", "BTCUSD"), c.instruments().stream().map(Instrument::symbol).toList());
        for (int id = 0; id < 3; id++) {
            assertEquals(id, c.instruments().get(id).id());
            assertSame(c.instruments().get(id), c.instrument(id));
        }
        assertEquals(8, c.assets().get("USDT"));
        assertEquals(8, c.assets().get("BTC"));
        assertTrue(c.instrument("DOGEUSDT").isEmpty());
        assertSame(c, LiquidatorConfig.bundledDefault(), "parsed once");
    }

    @Test
    void btcusdtIsLinearUsdtWithTwelveBinanceBrackets() {
        final Instrument i = LiquidatorConfig.bundledDefault().instrument("BTCUSDT").orElseThrow();
        assertEquals(ContractKind.LINEAR, i.kind());
        assertEquals("USDT", i.settlementAsset());
        assertEquals(MarginProfile.BINANCE, i.profile());
        assertEquals(1, i.priceScale());
        assertEquals(1, i.tickSize());
        assertEquals(3, i.qtyScale());
        assertEquals(1, i.stepSize());
        assertEquals(8, i.balanceScale());
        assertEquals(0, i.takerFeeRate());
        final BracketTable b = i.brackets();
        assertEquals(12, b.size());
        // bracket 3: 600,000 - 3,000,000, 0.65 %, cum 950, 75x
        assertEquals(600_000 * E8, b.floor(2));
        assertEquals(3_000_000 * E8, b.cap(2));
        assertEquals(650_000, b.mmr(2));
        assertEquals(950 * E8, b.maintenanceAmount(2));
        assertEquals(75 * Rates.ONE, b.maxLeverage(2));
        // bracket 12: 1.2e9 - 1.8e9, 50 %, cum 421,481,450, 1x
        assertEquals(1_800_000_000L * E8, b.cap(11));
        assertEquals(Rates.ONE / 2, b.mmr(11));
        assertEquals(421_481_450L * E8, b.maintenanceAmount(11));
        assertEquals(Rates.ONE, b.maxLeverage(11));
    }

    @Test
    void ethusdtHasItsOwnUpperBrackets() {
        final Instrument i = LiquidatorConfig.bundledDefault().instrument("ETHUSDT").orElseThrow();
        assertEquals(2, i.priceScale());
        assertEquals(1, i.tickSize());
        final BracketTable b = i.brackets();
        assertEquals(12, b.size());
        // bracket 6: 50,000,000 - 65,000,000, 2.5 %, cum 381,450, 20x (BTCUSDT's differs here)
        assertEquals(50_000_000L * E8, b.floor(5));
        assertEquals(65_000_000L * E8, b.cap(5));
        assertEquals(2_500_000, b.mmr(5));
        assertEquals(381_450L * E8, b.maintenanceAmount(5));
        assertEquals(20 * Rates.ONE, b.maxLeverage(5));
        assertEquals(280_506_450L * E8, b.maintenanceAmount(11));
    }

    @Test
    void btcusdIsInverseInWholeHundredDollarContracts() {
        final Instrument i = LiquidatorConfig.bundledDefault().instrument("BTCUSD").orElseThrow();
        assertEquals(ContractKind.INVERSE, i.kind());
        assertEquals("BTC", i.settlementAsset());
        assertEquals(1, i.priceScale());
        assertEquals(0, i.qtyScale());
        assertEquals(1, i.stepSize());
        assertEquals(1000, i.contractSize(), "100 USD at price scale 1");
        final BracketTable b = i.brackets();
        assertEquals(10, b.size());
        // the COIN-M FAQ row: 300 BTC -> 12.5 %, maintenance amount 11.605 BTC
        final int t = b.indexOf(300 * E8);
        assertEquals(6, t);
        assertEquals(12_500_000, b.mmr(t));
        assertEquals(1_160_500_000L, b.maintenanceAmount(t));
        assertEquals(4 * Rates.ONE, b.maxLeverage(t));
        assertEquals(496_605_000_00L, b.maintenanceAmount(9));
    }

    /**
     * Unquoted YAML numbers reach Decimals.parse as written: 0.0065 and an 18-digit cap keep every
     * digit. Through a double the cap would read 1.8000000001234568E9 (wrong last digits).
     */
    @Test
    void decimalsAreReadFromTheTextNeverThroughDouble() {
        final String yaml = """
            assets:
              USDT: { balance_scale: 8 }
            instruments:
              - symbol: X
                kind: linear
                settlement_asset: USDT
                profile: gate
                price_tick: 0.00000005
                qty_step: 10
                taker_fee: 0.00075
                brackets:
                  - { notional_floor: 0, notional_cap: 1800000000.12345678, mmr: 0.0065, maintenance_amount: 0, max_leverage: 33.33333333 }
            """;
        final Instrument i = LiquidatorConfig.parse(yaml, "t.yaml").instrument("X").orElseThrow();
        assertEquals(180_000_000_012_345_678L, i.brackets().cap(0));
        assertEquals(650_000L, i.brackets().mmr(0));
        assertEquals(3_333_333_333L, i.brackets().maxLeverage(0));
        assertEquals(75_000L, i.takerFeeRate());
        assertEquals(8, i.priceScale());
        assertEquals(5, i.tickSize());
        assertEquals(0, i.qtyScale());
        assertEquals(10, i.stepSize());
        assertEquals(MarginProfile.GATE, i.profile());
    }

    @Test
    void quotedAndUnquotedDecimalsAreTheSame() {
        final String unquoted = minimal("0.5", "0.001");
        final String quoted = minimal("\"0.5\"", "'0.001'");
        final Instrument a = LiquidatorConfig.parse(unquoted, "a").instrument("X").orElseThrow();
        final Instrument b = LiquidatorConfig.parse(quoted, "b").instrument("X").orElseThrow();
        assertEquals(1, a.priceScale());
        assertEquals(5, a.tickSize(), "tick 0.5 -> scale 1, raw 5");
        assertEquals(a.priceScale(), b.priceScale());
        assertEquals(a.tickSize(), b.tickSize());
        assertEquals(a.stepSize(), b.stepSize());
    }

    @Test
    void loadsFromAFile(@TempDir final Path dir) throws Exception {
        final Path f = dir.resolve("c.yaml");
        Files.writeString(f, minimal("0.1", "0.001"));
        final LiquidatorConfig c = LiquidatorConfig.load(f);
        assertEquals(f.toString(), c.source());
        assertEquals(1, c.instruments().size());
    }

    static String minimal(final String tick, final String step) {
        return "assets:\n  USDT: { balance_scale: 8 }\ninstruments:\n  - symbol: X\n    kind: linear\n"
            + "    settlement_asset: USDT\n    profile: binance\n    price_tick: " + tick + "\n    qty_step: " + step + "\n"
            + "    brackets:\n      - { notional_floor: 0, notional_cap: 50000, mmr: 0.004, maintenance_amount: 0, max_leverage: 125 }\n";
    }
}
