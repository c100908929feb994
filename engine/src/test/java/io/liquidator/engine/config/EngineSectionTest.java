package io.liquidator.engine.config;

import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.FixedFractionPolicy;
import io.liquidator.engine.core.FullLiquidationPolicy;
import io.liquidator.engine.core.TierStepDownPolicy;
import io.liquidator.engine.pipeline.WaitStrategyChoice;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.liquidator.engine.config.ConfigErrorsTest.lineOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optional top-level {@code engine:} section: what it sets, and every mistake at its key and line. */
class EngineSectionTest {
    /** Two instruments settled in USDT and BTC, and EUR, an asset nothing settles in. */
    private static final String BASE = """
        assets:
          USDT: { balance_scale: 8 }
          BTC: { balance_scale: 8 }
          EUR: { balance_scale: 2 }
        instruments:
          - symbol: BTCUSDT
            kind: linear
            settlement_asset: USDT
            profile: binance
            price_tick: 0.1
            qty_step: 0.001
            brackets:
              - { notional_floor: 0, notional_cap: 50000, mmr: 0.004, maintenance_amount: 0, max_leverage: 125 }
          - symbol: BTCUSD
            kind: inverse
            settlement_asset: BTC
            profile: binance
            price_tick: 0.1
            qty_step: 1
            contract_size: 100
            brackets:
              - { notional_floor: 0, notional_cap: 5, mmr: 0.004, maintenance_amount: 0, max_leverage: 125 }
        """;

    private static final String FULL_SECTION = """
        engine:
          margin_call_levels: [0.7, 0.85, 0.95]
          hysteresis: 0.1
          policy:
            fixed_fraction: { fraction: 0.25, cooldown_ms: 10000, minimum_notional: 1000.5 }
          insurance_fund: { USDT: 50000000, BTC: 12.5 }
          wait_strategy: busy_spin
          snapshot_every: 5000
          snapshot_interval_s: 0
        """;

    private static LiquidatorConfig parse(final String yaml) {
        return LiquidatorConfig.parse(yaml, "e.yaml");
    }

    private static ConfigException fail(final String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml));
    }

    private static ConfigException failWith(final String section) {
        return fail(BASE + section);
    }

    @Test
    void absentSectionKeepsEveryDefault() {
        final LiquidatorConfig c = parse(BASE);
        assertSame(EngineSection.DEFAULTS, c.engine());
        final EngineSettings s = c.engine().applyTo(EngineSettings.builder(), Set.of()).build();
        final EngineSettings d = EngineSettings.defaults();
        assertArrayEquals(d.marginCallLevels(), s.marginCallLevels());
        assertEquals(d.hysteresis(), s.hysteresis());
        assertSame(FullLiquidationPolicy.INSTANCE, s.policy());
        assertEquals(Map.of(), s.insuranceFund());
        assertSame(EngineSection.DEFAULTS, parse(BASE + "engine:\n").engine(), "a null section is an absent one");
        assertTrue(parse(BASE + "engine: {}\n").engine().policy().isEmpty());
        assertSame(EngineSection.DEFAULTS, LiquidatorConfig.bundledDefault().engine());
    }

    @Test
    void everyKeyIsReadExactly() {
        final EngineSection e = parse(BASE + FULL_SECTION).engine();
        assertArrayEquals(new long[]{70_000_000L, 85_000_000L, 95_000_000L}, e.marginCallLevels().orElseThrow());
        assertEquals(10_000_000L, e.hysteresis().getAsLong());
        assertEquals(Map.of("USDT", 50_000_000L * 100_000_000L, "BTC", 1_250_000_000L), e.insuranceFund());
        assertEquals(WaitStrategyChoice.BUSY_SPIN, e.waitStrategy().orElseThrow());
        assertEquals(5000, e.snapshotEvery().getAsLong());
        assertEquals(0, e.snapshotIntervalSeconds().getAsLong());
        final EngineSection.Policy p = e.policy().orElseThrow();
        assertEquals("fixed_fraction", p.name());
        assertEquals("fixed_fraction(fraction 0.25, cooldown_ms 10000, minimum_notional 1000.5)", p.description());
        final FixedFractionPolicy f = assertInstanceOf(FixedFractionPolicy.class, p.policy());
        assertEquals(10_000, f.cooldownMillis());

        final EngineSettings s = e.applyTo(EngineSettings.builder(), Set.of()).build();
        assertArrayEquals(new long[]{70_000_000L, 85_000_000L, 95_000_000L}, s.marginCallLevels());
        assertEquals(10_000_000L, s.hysteresis());
        assertSame(p.policy(), s.policy());
        assertEquals(Map.of("USDT", 5_000_000_000_000_000L, "BTC", 1_250_000_000L), s.insuranceFund());
    }

    @Test
    void theCommandLineFundWinsPerAsset() {
        final EngineSection e = parse(BASE + FULL_SECTION).engine();
        final EngineSettings s = e.applyTo(EngineSettings.builder().insuranceFund("USDT", 7), Set.of("USDT")).build();
        assertEquals(Map.of("USDT", 7L, "BTC", 1_250_000_000L), s.insuranceFund());
    }

    @Test
    void policyNamesAndShortForms() {
        assertSame(TierStepDownPolicy.INSTANCE,
            parse(BASE + "engine:\n  policy: tier_step_down\n").engine().policy().orElseThrow().policy());
        assertSame(FullLiquidationPolicy.INSTANCE,
            parse(BASE + "engine:\n  policy: { full: }\n").engine().policy().orElseThrow().policy());
        assertSame(TierStepDownPolicy.INSTANCE,
            parse(BASE + "engine:\n  policy: { tier_step_down: {} }\n").engine().policy().orElseThrow().policy());
        final EngineSection.Policy ff = parse(BASE + "engine:\n  policy: fixed_fraction\n").engine().policy().orElseThrow();
        assertEquals("fixed_fraction(fraction 0.2, cooldown_ms 30000, minimum_notional 0)", ff.description());
        final EngineSection.Policy partial = parse(BASE + "engine:\n  policy: { fixed_fraction: { cooldown_ms: 0 } }\n")
            .engine().policy().orElseThrow();
        assertEquals("fixed_fraction(fraction 0.2, cooldown_ms 0, minimum_notional 0)", partial.description());
        assertEquals("tier_step_down", EngineSection.policy("tier-step-down").name());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EngineSection.policy("adl"));
        assertTrue(e.getMessage().contains("'adl'") && e.getMessage().contains("full, tier_step_down, fixed_fraction"),
            e.getMessage());
    }

    @Test
    void emptyLevelsMeanNoMarginCalls() {
        final EngineSettings s = parse(BASE + "engine:\n  margin_call_levels: []\n").engine()
            .applyTo(EngineSettings.builder(), Set.of()).build();
        assertEquals(0, s.marginCallLevels().length);
    }

    /** One broken value per case: the key path, its line, and words of the message. */
    @Test
    void badValuesNameTheKeyAndTheLine() {
        check("engine:\n  margin_call_levels: [0.8, 0.9, 1]\n", "engine.margin_call_levels[2]", "[0.8, 0.9, 1]",
            "strictly between 0 and 1");
        check("engine:\n  margin_call_levels: [0.8, 0.803]\n", "engine.margin_call_levels[1]", "0.803",
            "multiple of 0.005");
        check("engine:\n  margin_call_levels:\n    - 0.9\n    - 0.8\n", "engine.margin_call_levels[1]", "- 0.8",
            "not above the previous level 0.9");
        check("engine:\n  margin_call_levels: 0.8\n", "engine.margin_call_levels", "margin_call_levels", "must be a list");
        check("engine:\n  margin_call_levels: [80%]\n", "engine.margin_call_levels[0]", "[80%]", "80%");
        check("engine:\n  hysteresis: 0.051\n", "engine.hysteresis", "0.051", "multiple of 0.005");
        check("engine:\n  hysteresis: -0.05\n", "engine.hysteresis", "-0.05", "from 0 up to");
        check("engine:\n  hysteresis: 0.8\n", "engine.hysteresis", "0.8", "below the lowest margin-call level 0.8");
        check("engine:\n  margin_call_levels: [0.05, 0.5]\n", "engine.margin_call_levels[0]", "[0.05",
            "above the hysteresis 0.05");
        check("engine:\n  policy: partial\n", "engine.policy", "partial", "unknown policy 'partial'");
        check("engine:\n  policy: [full]\n", "engine.policy", "policy:", "must be a policy name");
        check("engine:\n  policy: { full: {}, tier_step_down: {} }\n", "engine.policy", "policy:", "exactly one policy");
        check("engine:\n  policy: { tier_step_down: { fraction: 0.2 } }\n", "engine.policy.tier_step_down",
            "policy:", "takes no parameters");
        check("engine:\n  policy:\n    fixed_fraction:\n      fraction: 1\n", "engine.policy.fixed_fraction.fraction",
            "fraction: 1", "strictly between 0 and 1");
        check("engine:\n  policy:\n    fixed_fraction:\n      cooldown: 5\n", "engine.policy.fixed_fraction.cooldown",
            "cooldown: 5", "unknown key 'cooldown'");
        check("engine:\n  policy:\n    fixed_fraction:\n      cooldown_ms: 1.5\n",
            "engine.policy.fixed_fraction.cooldown_ms", "cooldown_ms: 1.5", "whole number");
        check("engine:\n  policy:\n    fixed_fraction:\n      minimum_notional: -1\n",
            "engine.policy.fixed_fraction.minimum_notional", "minimum_notional: -1", "must not be negative");
        check("engine:\n  insurance_fund: { USDC: 5 }\n", "engine.insurance_fund.USDC", "insurance_fund",
            "unknown asset 'USDC'");
        check("engine:\n  insurance_fund: { EUR: 5 }\n", "engine.insurance_fund.EUR", "insurance_fund",
            "no instrument settles in EUR");
        check("engine:\n  insurance_fund:\n    USDT: -1\n", "engine.insurance_fund.USDT", "USDT: -1", "must not be negative");
        check("engine:\n  insurance_fund:\n    BTC: 0.000000001\n", "engine.insurance_fund.BTC", "0.000000001",
            "balance scale of BTC");
        check("engine:\n  insurance_fund:\n    USDT:\n", "engine.insurance_fund.USDT", "USDT:\n", "needs a value");
        check("engine:\n  wait_strategy: spin\n", "engine.wait_strategy", "spin",
            "blocking, sleeping, yielding, busy_spin");
        check("engine:\n  snapshot_every: -5\n", "engine.snapshot_every", "-5", "whole number from 0");
        check("engine:\n  snapshot_interval_s: 1m\n", "engine.snapshot_interval_s", "1m", "whole number");
        check("engine:\n  levels: [0.8]\n", "engine.levels", "levels:", "unknown key 'levels'");
        check("engine: full\n", "engine", "engine:", "must be a mapping");
    }

    @Test
    void aMinimumNotionalNeedsOneBalanceScale() {
        final String mixed = BASE.replace("BTC: { balance_scale: 8 }", "BTC: { balance_scale: 6 }")
            + "engine:\n  policy:\n    fixed_fraction: { minimum_notional: 100 }\n";
        final ConfigException e = fail(mixed);
        assertEquals("engine.policy.fixed_fraction.minimum_notional", e.path());
        assertTrue(e.detail().contains("same balance_scale"), e.detail());
    }

    private static void check(final String section, final String path, final String lineNeedle, final String words) {
        final String yaml = BASE + section;
        final ConfigException e = fail(yaml);
        assertEquals(path, e.path(), e.getMessage());
        final int base = BASE.split("\n", -1).length - 1;
        assertEquals(base + lineOf(section, lineNeedle), e.line(), e.getMessage());
        assertTrue(e.detail().contains(words), e.getMessage());
        assertTrue(e.getMessage().startsWith("e.yaml:" + e.line() + ": " + path + ": "), e.getMessage());
        assertEquals(List.of(e.getMessage()), e.getMessage().lines().toList(), "one line");
    }
}
