package io.liquidator.engine.core;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The two leaks the conservation check ({@link ConservationChecker}) found in ADL settlement, each
 * by hand: money that left the books with no one receiving it.
 * <ol>
 *   <li>A bankrupt position filled in full by ADL at its bankruptcy price (rounded to the tick toward
 *       the entry) still held a little equity there: the winners paid the move from the mark to
 *       that price, slightly more than the deficit at the mark, and the difference vanished (no
 *       INSURANCE_FUND event at all after a full fill). It now goes to the fund.</li>
 *   <li>An isolated winner closed in full by ADL took its margin, with the profit just realised into
 *       it, away with the released slot. It now returns to the account's wallet in the asset.</li>
 * </ol>
 */
class ConservationRegressionTest {
    private static final int BTCUSDT = 0;

    private static long px(final String p) {
        return Decimals.parse(p, 1);
    }

    private static long usdt(final String u) {
        return Decimals.parse(u, 8);
    }

    @Test
    void adlPaysTheFundWhatTheBankruptPositionHeldAtItsBankruptcyPriceAndReturnsTheWinnersMargin() {
        final RecordingSink recorded = new RecordingSink();
        final ConservationChecker checker = new ConservationChecker(recorded);
        final LiquidationEngine engine = new LiquidationEngine(LiquidatorConfig.bundledDefault().instruments(),
            EngineSettings.builder().marginCallLevels().hysteresis(0).insuranceFund("USDT", 0).build(), checker);
        checker.attach(engine);
        engine.onMarkPrice(1, 1, BTCUSDT, px("60000"));
        // long 1 BTC with 600.05 USDT: bankrupt at 59,399.95, reported on the tick toward the entry: 59,400.0
        engine.onPosition(2, 1, 7, BTCUSDT, Side.LONG, 1000, px("60000"), false, usdt("600.05"));
        // the winner: short 1 BTC, isolated, 3,000 USDT; its account also has a wallet of 100 USDT
        engine.onWallet(3, 1, 8, 0, usdt("100"));
        engine.onPosition(4, 1, 8, BTCUSDT, Side.SHORT, 1000, px("60000"), false, usdt("3000"));

        checker.beforeTick(BTCUSDT, px("59000"));
        engine.onMarkPrice(5, 2, BTCUSDT, px("59000"));
        assertNull(checker.afterInput());
        assertEquals(List.of(
            "LIQUIDATION seq=5 account=7 instrument=0 side=1 qty=1000 cross=false mark=590000 bankruptcy=594000"
                + " equity=-39995000000 mm=24500000000 tier=2 ratio=" + io.liquidator.engine.money.Rates.INFINITE
                + " rule=MAINTENANCE",
            "ADL seq=5 account=8 instrument=0 side=-1 qty=1000 price=594000 against=7 score=" + adlScore(recorded),
            // deficit at the mark 399.95; the short paid the move to 59,400: 400 → the fund keeps 0.05
            "INSURANCE_FUND seq=5 account=7 instrument=0 asset=0 delta=5000000 balance=5000000"), recorded.events);
        // the short's margin 3,000 plus its profit at 59,400 (600) is back in its wallet: 100 + 3,600
        final AccountStore accounts = engine.accountStore();
        assertEquals(usdt("3700"), accounts.wallet[accounts.book(accounts.find(8), 0)]);
        assertEquals(0, engine.openPositions());
        assertEquals(0, engine.countIndexMisses());
    }

    private static String adlScore(final RecordingSink s) {
        final String adl = s.events.get(1);
        return adl.substring(adl.indexOf("score=") + 6);
    }
}
