package io.liquidator.engine.instrument;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstrumentTest {

    @Test
    void linearValueFactorsTurnQtyTimesPriceIntoBalanceUnits() {
        final Instrument btc = TestInstruments.btcusdt();
        // qty 1e-3, price 1e-1 -> product 1e-4 USDT -> ×1e4 to reach 1e-8
        assertEquals(10_000, btc.valueMultiplier());
        assertEquals(1, btc.valueDivisor());
        final Instrument coarse = TestInstruments.btcusdtBuilder().balanceScale(2).build();
        assertEquals(1, coarse.valueMultiplier());
        assertEquals(100, coarse.valueDivisor());
        assertEquals(ContractKind.LINEAR, btc.kind());
        assertEquals(false, btc.isInverse());
    }

    @Test
    void inverseValueFactorsCarryTheContractSize() {
        final Instrument usd = TestInstruments.btcusd();
        // contracts (scale 0) × 100.0 USD (1000 at price scale 1) × 1e8 / price
        assertEquals(1000L * 100_000_000L, usd.valueMultiplier());
        assertEquals(1, usd.valueDivisor());
        assertTrue(usd.isInverse());
        assertEquals(1000, usd.contractSize());
    }

    @Test
    void defaultMaxPriceIsOnTheTickWithNinePowersOfTenOfHeadroom() {
        assertEquals(10_000_000_000L, TestInstruments.btcusdt().maxPrice()); // 1e9 USDT at scale 1
        final Instrument halfTick = TestInstruments.btcusdtBuilder().price(1, 5).build();
        assertEquals(0, halfTick.maxPrice() % 5);
        final Instrument oddTick = TestInstruments.btcusdtBuilder().price(2, 7).build();
        assertEquals(0, oddTick.maxPrice() % 7);
        assertTrue(oddTick.maxPrice() > 100_000_000_000L - 7);
    }

    @Test
    void builderErrorsNameTheField() {
        assertMessage(() -> TestInstruments.btcusdtBuilder().symbol(null).build(), "instrument.symbol");
        assertMessage(() -> TestInstruments.btcusdtBuilder().settlementAsset("").build(), "BTCUSDT.settlement_asset");
        assertMessage(() -> TestInstruments.btcusdtBuilder().price(1, 0).build(), "BTCUSDT.price_tick");
        assertMessage(() -> TestInstruments.btcusdtBuilder().price(13, 1).build(), "BTCUSDT.price_tick");
        assertMessage(() -> TestInstruments.btcusdtBuilder().quantity(3, -1).build(), "BTCUSDT.qty_step");
        assertMessage(() -> TestInstruments.btcusdtBuilder().balanceScale(13).build(), "BTCUSDT.balance_scale");
        assertMessage(() -> TestInstruments.btcusdtBuilder().takerFeeRate(100_000_000L).build(), "BTCUSDT.taker_fee");
        assertMessage(() -> TestInstruments.btcusdtBuilder().brackets(null).build(), "BTCUSDT.brackets");
        assertMessage(() -> TestInstruments.btcusdBuilder().contractSize(0).build(), "BTCUSD.contract_size");
        assertMessage(() -> TestInstruments.btcusdtBuilder().price(1, 5).maxPrice(12).build(), "BTCUSDT.max_price");
    }

    private static void assertMessage(final org.junit.jupiter.api.function.Executable e, final String prefix) {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().startsWith(prefix), ex.getMessage());
    }

    @Test
    void profileConfigNamesRoundTrip() {
        for (final MarginProfile p : MarginProfile.values()) {
            assertEquals(p, MarginProfile.fromConfigName(p.configName()));
        }
        assertEquals("binance", MarginProfile.BINANCE.configName());
        assertNull(MarginProfile.fromConfigName("BINANCE"));
        assertNull(MarginProfile.fromConfigName("okx"));
    }

    @Test
    void profilesDeclareTheirConventions() {
        assertEquals(MarginProfile.Basis.MARK, MarginProfile.BINANCE.basis());
        assertEquals(MarginProfile.Basis.ENTRY, MarginProfile.BYBIT.basis());
        assertEquals(MarginProfile.Basis.ENTRY, MarginProfile.BITMEX.basis());
        assertEquals(MarginProfile.Basis.MARK, MarginProfile.GATE.basis());
        assertEquals(MarginProfile.Basis.MARK, MarginProfile.HYPERLIQUID.basis());
        assertTrue(MarginProfile.GATE.takerInRate());
        assertTrue(MarginProfile.BYBIT.closeFeeAtBankruptcy());
        assertTrue(MarginProfile.HYPERLIQUID.halfInitialAtMaxLeverage());
        assertEquals(false, MarginProfile.BINANCE.takerInRate() || MarginProfile.BINANCE.closeFeeAtBankruptcy()
            || MarginProfile.BINANCE.halfInitialAtMaxLeverage());
    }
}
