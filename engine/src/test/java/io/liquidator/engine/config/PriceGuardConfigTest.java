package io.liquidator.engine.config;

import io.liquidator.engine.core.PriceGuard;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code price_guard} in an instrument entry: optional, exact, and every mistake at its key and line. */
class PriceGuardConfigTest {
    private static final String HEAD = """
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
              - { notional_floor: 0, notional_cap: 50000, mmr: 0.004, maintenance_amount: 0, max_leverage: 125 }
        """;
    private static final String SECOND = """
          - symbol: ETHUSDT
            kind: linear
            settlement_asset: USDT
            profile: binance
            price_tick: 0.01
            qty_step: 0.001
            brackets:
              - { notional_floor: 0, notional_cap: 50000, mmr: 0.004, maintenance_amount: 0, max_leverage: 125 }
        """;

    private static String withGuard(final String guardLines) {
        return HEAD + guardLines + SECOND;
    }

    private static ConfigException fail(final String yaml) {
        return assertThrows(ConfigException.class, () -> LiquidatorConfig.parse(yaml, "g.yaml"));
    }

    private static int lineOf(final String yaml, final String needle) {
        final String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }

    @Test
    void absentMeansNoGuardAndTheBundledDefaultHasNone() {
        assertEquals(Map.of(), LiquidatorConfig.parse(HEAD + SECOND, "g.yaml").priceGuards());
        assertEquals(Map.of(), LiquidatorConfig.parse(withGuard("    price_guard: ~\n"), "g.yaml").priceGuards());
        assertEquals(Map.of(), LiquidatorConfig.bundledDefault().priceGuards());
    }

    @Test
    void aFullGuardReadsExactly() {
        final LiquidatorConfig c = LiquidatorConfig.parse(withGuard("""
                price_guard:
                  max_staleness_ms: 5000
                  max_move: 0.10
                  window_ms: 1000
                  on_trip: confirm
                  confirmations: 3
            """), "g.yaml");
        final PriceGuard g = c.priceGuards().get(0);
        assertEquals(PriceGuard.builder().maxStalenessMillis(5000).maxMove(10_000_000L).windowMillis(1000).confirm(3)
            .build(), g);
        assertEquals(1, c.priceGuards().size(), "ETHUSDT has none");
        assertEquals("{max_staleness_ms: 5000, max_move: 0.1, window_ms: 1000, on_trip: confirm, confirmations: 3}",
            g.toString());
    }

    @Test
    void flowStyleStalenessOnlyAndDefaults() {
        final LiquidatorConfig c = LiquidatorConfig.parse(withGuard("    price_guard: { max_staleness_ms: 250 }\n"),
            "g.yaml");
        final PriceGuard g = c.priceGuards().get(0);
        assertEquals(250, g.maxStalenessMillis());
        assertEquals(PriceGuard.NO_BAND, g.maxMove());
        assertEquals(PriceGuard.OnTrip.PAUSE, g.onTrip());
        final PriceGuard band = LiquidatorConfig.parse(withGuard("    price_guard: { max_move: 0.00000001 }\n"), "g.yaml")
            .priceGuards().get(0);
        assertEquals(1, band.maxMove(), "the smallest band a rate can say");
        assertEquals(PriceGuard.NO_STALENESS_LIMIT, band.maxStalenessMillis());
        assertEquals(0, band.windowMillis());
    }

    @Test
    void mistakesAreReportedAtTheirKeyAndLine() {
        check(withGuard("    price_guard: {}\n"), "instruments[0].price_guard", "price_guard: {}",
            "needs max_staleness_ms, max_move or both");
        check(withGuard("    price_guard: { max_move: 0.1, windw_ms: 5 }\n"), "instruments[0].price_guard.windw_ms",
            "windw_ms", "unknown key 'windw_ms'");
        check(withGuard("    price_guard: { max_move: 10% }\n"), "instruments[0].price_guard.max_move", "10%", "10%");
        check(withGuard("    price_guard: { max_move: 1.5 }\n"), "instruments[0].price_guard.max_move", "1.5",
            "must be a fraction of the reference price in (0, 1]");
        check(withGuard("    price_guard: { max_move: 0 }\n"), "instruments[0].price_guard.max_move", "max_move: 0",
            "(0, 1]");
        check(withGuard("    price_guard: { max_move: 0.000000001 }\n"), "instruments[0].price_guard.max_move",
            "0.000000001", "more than 8 decimal places");
        check(withGuard("    price_guard: { max_staleness_ms: -1 }\n"), "instruments[0].price_guard.max_staleness_ms",
            "-1", "must not be negative");
        check(withGuard("    price_guard: { max_staleness_ms: 1.5 }\n"), "instruments[0].price_guard.max_staleness_ms",
            "1.5", "whole number of milliseconds");
        check(withGuard("    price_guard: { max_staleness_ms: 100, window_ms: 10 }\n"),
            "instruments[0].price_guard.window_ms", "window_ms", "applies only with max_move");
        check(withGuard("    price_guard: { max_move: 0.1, on_trip: halt }\n"), "instruments[0].price_guard.on_trip",
            "halt", "unknown on_trip 'halt' (one of: pause, confirm)");
        check(withGuard("    price_guard: { max_move: 0.1, on_trip: confirm }\n"), "instruments[0].price_guard",
            "on_trip: confirm", "confirmations is required with on_trip: confirm");
        check(withGuard("    price_guard: { max_move: 0.1, on_trip: confirm, confirmations: 0 }\n"),
            "instruments[0].price_guard.confirmations", "confirmations: 0", "from 1 to 1000");
        check(withGuard("    price_guard: { max_move: 0.1, confirmations: 3 }\n"),
            "instruments[0].price_guard.confirmations", "confirmations: 3", "applies only with on_trip: confirm");
        check(withGuard("    price_guard: { max_staleness_ms: 100, on_trip: confirm, confirmations: 2 }\n"),
            "instruments[0].price_guard.on_trip", "on_trip", "confirm needs max_move");
        check(withGuard("    price_guard: 5\n"), "instruments[0].price_guard", "price_guard: 5", "must be a mapping");
    }

    private static void check(final String yaml, final String path, final String lineNeedle, final String detail) {
        final ConfigException e = fail(yaml);
        assertEquals(path, e.path(), e.getMessage());
        assertEquals(lineOf(yaml, lineNeedle), e.line(), e.getMessage());
        assertTrue(e.detail().contains(detail), e.getMessage());
        assertTrue(e.getMessage().startsWith("g.yaml:" + e.line() + ": " + path + ": "), e.getMessage());
    }

    @Test
    void anInstrumentUpdateMayRepeatTheConfiguredGuardButNotChangeIt() {
        final String guard = "    price_guard: { max_move: 0.1, window_ms: 1000 }\n";
        final LiquidatorConfig c = LiquidatorConfig.parse(withGuard(guard), "g.yaml");
        final String entry = HEAD.substring(HEAD.indexOf("  - symbol")).replace("  - symbol", "symbol")
            .replaceAll("(?m)^    ", "");
        assertEquals("BTCUSDT", c.parseInstrument(0, entry, "update").symbol(), "without price_guard");
        assertEquals("BTCUSDT", c.parseInstrument(0, entry + guard.substring(4), "update").symbol(), "the same guard");
        final ConfigException changed = assertThrows(ConfigException.class,
            () -> c.parseInstrument(0, entry + "price_guard: { max_move: 0.2 }\n", "update"));
        assertEquals("price_guard", changed.path());
        assertTrue(changed.detail().contains("cannot change with an instrument update"), changed.getMessage());
        assertThrows(ConfigException.class, () -> c.parseInstrument(1, entry.replace("BTCUSDT", "ETHUSDT")
            + guard.substring(4), "update"), "ETHUSDT has no guard to repeat");
    }
}
