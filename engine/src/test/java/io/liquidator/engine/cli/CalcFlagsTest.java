package io.liquidator.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The flag form of {@code liquidator calc}, its error paths and exit codes, help and the bundled example. */
class CalcFlagsTest {
    private static final String[] BTC_LONG = {"calc", "--instrument", "BTCUSDT", "--side", "long", "--qty", "1.5",
        "--entry-price", "60000"};

    private static String[] with(final String[] base, final String... more) {
        final List<String> all = new ArrayList<>(Arrays.asList(base));
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }

    /** Exit 1, nothing on stdout, exactly one line on stderr that names {@code field}. */
    private static String userError(final String field, final String... args) {
        final Cli.Result r = Cli.run(args);
        assertEquals(1, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("liquidator calc: "), r.err());
        assertTrue(r.err().contains(field), "names " + field + ": " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        return r.err().trim();
    }

    @Test
    void isolatedLongPrintsTheTable() {
        final Cli.Result r = Cli.run(with(BTC_LONG, "--isolated-margin", "3000", "--mark-price", "59000"));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertEquals(List.of(
            "instrument             BTCUSDT (linear, settled in USDT, binance profile)",
            "side                   long",
            "quantity               1.5",
            "entry price            60000.0",
            "margin mode            isolated, margin 3000 USDT",
            "notional at entry      90000 USDT",
            "initial leverage       30x",
            "tier at entry          2 of 12 (MMR 0.5%, maintenance amount 50 USDT), max 100x",
            "liquidation price      58258.0",
            "tier at liquidation    2 of 12 (MMR 0.5%, maintenance amount 50 USDT)",
            "maintenance margin     386.935 USDT at the liquidation price",
            "bankruptcy price       58000.0",
            "margin ratio           26.17% at mark 59000.0 (liquidation at 100%)",
            "at the mark            maintenance 392.5 USDT, margin balance 1500 USDT"), r.outLines());
    }

    @Test
    void jsonPrintsTheBatchObject() {
        final Cli.Result r = Cli.run(with(BTC_LONG, "--isolated-margin", "3000", "--json"));
        assertEquals(0, r.code(), r.err());
        assertEquals("{\"id\":null,\"liquidation_price\":\"58258.0\",\"bankruptcy_price\":\"58000.0\",\"tier\":2,"
            + "\"maintenance_margin\":\"386.935\",\"margin_ratio\":null}", r.out().trim());
    }

    @Test
    void crossWithNoLiquidationPriceSaysNone() {
        final Cli.Result r = Cli.run("calc", "--instrument", "BTCUSDT", "--side", "long", "--qty", "1", "--entry-price",
            "60000", "--wallet-balance", "60000");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("margin mode            cross, wallet balance 60000 USDT backs this position"), r.out());
        assertTrue(r.out().contains("liquidation price      none"), r.out());
        assertTrue(r.out().contains("bankruptcy price       none"), r.out());
    }

    @Test
    void nonPositiveNumbersNameTheirFlag() {
        userError("--entry-price -5", with(new String[]{"calc", "--instrument", "BTCUSDT", "--side", "long", "--qty", "1.5"},
            "--entry-price", "-5", "--isolated-margin", "3000"));
        userError("--entry-price 0", with(new String[]{"calc", "--instrument", "BTCUSDT", "--side", "long", "--qty", "1.5"},
            "--entry-price", "0", "--isolated-margin", "3000"));
        userError("--qty 0", "calc", "--instrument", "BTCUSDT", "--side", "long", "--qty", "0", "--entry-price", "60000",
            "--isolated-margin", "3000");
        userError("--qty -1.5", "calc", "--instrument", "BTCUSDT", "--side", "long", "--qty", "-1.5", "--entry-price", "60000",
            "--isolated-margin", "3000");
        userError("--isolated-margin 0", with(BTC_LONG, "--isolated-margin", "0"));
        userError("--wallet-balance -1", with(BTC_LONG, "--wallet-balance", "-1"));
        userError("--mark-price 0", with(BTC_LONG, "--isolated-margin", "3000", "--mark-price", "0"));
    }

    @Test
    void offGridNumbersNameTheirFlagAndTheGrid() {
        final String qty = userError("--qty", "calc", "--instrument", "BTCUSDT", "--side", "long", "--qty", "1.0005",
            "--entry-price", "60000", "--isolated-margin", "3000");
        assertEquals("liquidator calc: --qty 1.0005: not a multiple of the quantity step 0.001 of BTCUSDT", qty);
        final String price = userError("--entry-price", "calc", "--instrument", "BTCUSDT", "--side", "long", "--qty", "1.5",
            "--entry-price", "60000.05", "--isolated-margin", "3000");
        assertEquals("liquidator calc: --entry-price 60000.05: not on the price tick 0.1 of BTCUSDT", price);
        userError("--mark-price 59000.01", with(BTC_LONG, "--isolated-margin", "3000", "--mark-price", "59000.01"));
        userError("--qty 1.5", "calc", "--instrument", "BTCUSD", "--side", "long", "--qty", "1.5", "--entry-price", "60000",
            "--isolated-margin", "1");
        userError("--isolated-margin 0.000000001", with(BTC_LONG, "--isolated-margin", "0.000000001"));
        userError("--entry-price abc: not a decimal number", "calc", "--instrument", "BTCUSDT", "--side", "long", "--qty",
            "1.5", "--entry-price", "abc", "--isolated-margin", "3000");
    }

    @Test
    void leverageAboveTheEntryBracketMaximumNamesTheMarginFlag() {
        // 90,000 USDT notional is tier 2 (max 100x): 100 USDT of margin is 900x, 900 USDT is the least allowed
        final String e = userError("--isolated-margin", with(BTC_LONG, "--isolated-margin", "100"));
        assertEquals("liquidator calc: --isolated-margin 100: leverage 900x is above the maximum 100x of tier 2 at entry"
            + " (notional 90000 USDT; at least 900 USDT needed)", e);
        userError("--wallet-balance 899.99", with(BTC_LONG, "--wallet-balance", "899.99"));
        assertEquals(0, Cli.run(with(BTC_LONG, "--isolated-margin", "900")).code(), "exactly 100x is allowed");
    }

    @Test
    void unknownInstrumentAndSide() {
        final String e = userError("--instrument DOGEUSDT", "calc", "--instrument", "DOGEUSDT", "--side", "long", "--qty",
            "1", "--entry-price", "1", "--isolated-margin", "1");
        assertTrue(e.contains("BTCUSDT, ETHUSDT, BTCUSD"), e);
        userError("--side buy", "calc", "--instrument", "BTCUSDT", "--side", "buy", "--qty", "1", "--entry-price", "60000",
            "--isolated-margin", "3000");
    }

    @Test
    void unknownFlagIsABadInput() {
        final String e = userError("--leverage", with(BTC_LONG, "--isolated-margin", "3000", "--leverage", "20"));
        assertTrue(e.contains("calc --help"), e);
        userError("--isolated_margin", with(BTC_LONG, "--isolated_margin=3000"));
    }

    @Test
    void marginFlagsBothOrNeither() {
        final String both = userError("--isolated-margin", with(BTC_LONG, "--isolated-margin", "3000", "--wallet-balance", "3000"));
        assertTrue(both.contains("--wallet-balance"), both);
        final String neither = userError("--isolated-margin", BTC_LONG);
        assertTrue(neither.contains("--wallet-balance"), neither);
        userError("missing --entry-price", "calc", "--instrument", "BTCUSDT", "--side", "long", "--qty", "1",
            "--isolated-margin", "3000");
    }

    @Test
    void batchAndPositionFlagsDoNotMix(@TempDir final Path dir) throws Exception {
        final Path f = Files.writeString(dir.resolve("b.jsonl"), "");
        userError("--batch", "calc", "--batch", f.toString(), "--instrument", "BTCUSDT");
    }

    @Test
    void aBrokenConfigurationIsOneLineWithFileLineAndKey(@TempDir final Path dir) throws Exception {
        final Path cfg = Files.writeString(dir.resolve("c.yaml"), "assets:\n  USDT: { balance_scale: 8 }\ninstruments:\n"
            + "  - symbol: X\n    kind: linear\n    settlement_asset: USDT\n    profile: okx\n");
        final String e = userError(cfg + ":7: instruments[0].profile: unknown profile 'okx'",
            with(BTC_LONG, "--isolated-margin", "3000", "--config", cfg.toString()));
        assertTrue(e.contains("binance"), e);
    }

    @Test
    void helpAndVersionExitZero() {
        final Cli.Result top = Cli.run("--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("calc"), top.out());
        final Cli.Result calc = Cli.run("calc", "--help");
        assertEquals(0, calc.code());
        assertTrue(calc.out().contains("--isolated-margin") && calc.out().contains("--batch"), calc.out());
        assertEquals("", calc.err());
        assertEquals(0, Cli.run("help", "calc").code());
        assertEquals(0, Cli.run("--version").code());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, Cli.run().code(), "no subcommand");
        assertEquals(2, Cli.run("frobnicate").code(), "unknown subcommand");
        assertEquals(2, Cli.run("calc", "--qty").code(), "option without its value");
    }

    /** The README's first command: the bundled example, readable, with how to run your own. */
    @Test
    void noFlagsRunsTheBundledExample() {
        final Cli.Result r = Cli.run("calc");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("liquidator calc: bundled example, 7 positions"), r.out());
        assertTrue(r.out().contains("liquidator calc --batch positions.jsonl"), r.out());
        for (int n = 1; n <= 7; n++) {
            assertTrue(r.out().contains("[" + n + "/7] "), "entry " + n);
        }
        assertFalse(r.out().contains("error"), r.out());
        assertTrue(r.out().contains(", up from tier 1 at entry"), "shows a tier change");
        assertTrue(r.out().contains("liquidation price      none"), "shows a position that cannot be liquidated");
        assertTrue(r.out().chars().allMatch(c -> c < 128), "ASCII only");
    }

    @Test
    void theBundledExampleAsJson() {
        final Cli.Result r = Cli.run("calc", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(
            "{\"id\":\"btc-long-30x\",\"liquidation_price\":\"58258.0\",\"bankruptcy_price\":\"58000.0\",\"tier\":2,"
                + "\"maintenance_margin\":\"386.935\",\"margin_ratio\":\"0.26166667\"}",
            // short 2 @ 60000, 6000 USDT: (120000 + 6000 + 50)/(2*1.005) = 62711.44 -> down: 62711.4
            "{\"id\":\"btc-short-20x\",\"liquidation_price\":\"62711.4\",\"bankruptcy_price\":\"63000.0\",\"tier\":2,"
                + "\"maintenance_margin\":\"577.114\",\"margin_ratio\":null}",
            "{\"id\":\"btc-short-tier-1-to-2\",\"liquidation_price\":\"64738.8\",\"bankruptcy_price\":\"65000.0\",\"tier\":2,"
                + "\"maintenance_margin\":\"208.9552\",\"margin_ratio\":\"0.2575\"}",
            "{\"id\":\"eth-long-cross\",\"liquidation_price\":\"2008.04\",\"bankruptcy_price\":\"2000.00\",\"tier\":1,"
                + "\"maintenance_margin\":\"160.6432\",\"margin_ratio\":\"0.024\"}",
            "{\"id\":\"btc-long-1x-no-liquidation\",\"liquidation_price\":null,\"bankruptcy_price\":null,\"tier\":null,"
                + "\"maintenance_margin\":null,\"margin_ratio\":null}",
            // inverse long 1000 x 100 USD @ 60000, 0.1 BTC: 100000*1.004/(0.1 + 1.66667) = 56830.19 -> 56830.2
            "{\"id\":\"btcusd-inverse-long\",\"liquidation_price\":\"56830.2\",\"bankruptcy_price\":\"56603.8\",\"tier\":1,"
                + "\"maintenance_margin\":\"0.00703852\",\"margin_ratio\":null}",
            "{\"id\":\"btcusd-inverse-short-cross\",\"liquidation_price\":\"63574.4\",\"bankruptcy_price\":\"63829.7\","
                + "\"tier\":1,\"maintenance_margin\":\"0.00314593\",\"margin_ratio\":\"0.1395351\"}"), r.outLines());
    }

    @Test
    void configWithoutAnythingToCalculateIsAnError(@TempDir final Path dir) throws Exception {
        final Path cfg = Files.writeString(dir.resolve("c.yaml"), "assets:\n  USDT: { balance_scale: 8 }\n"
            + "instruments:\n  - { symbol: X, kind: linear, settlement_asset: USDT, profile: binance, price_tick: 0.1,"
            + " qty_step: 0.001, brackets: [ { notional_floor: 0, notional_cap: 50000, mmr: 0.004,"
            + " maintenance_amount: 0, max_leverage: 125 } ] }\n");
        userError("nothing to calculate", "calc", "--config", cfg.toString());
    }
}
