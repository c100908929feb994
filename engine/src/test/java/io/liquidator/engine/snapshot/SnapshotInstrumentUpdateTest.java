package io.liquidator.engine.snapshot;

import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.core.RecordingSink;
import io.liquidator.engine.instrument.BracketTable;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.instrument.MarginProfile;
import io.liquidator.engine.instrument.TestInstruments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instrument updates replace definitions at run time, so the configuration an engine is rebuilt
 * from is not what it was running: the snapshot carries the current definitions, and an engine
 * restored from it (built from the original configuration) uses the updated brackets, fee and
 * profile, and goes on exactly as the original.
 */
class SnapshotInstrumentUpdateTest {

    @Test
    void aRestoredEngineUsesTheUpdatedDefinitions(@TempDir final Path dir) throws IOException {
        final RecordingSink a = new RecordingSink();
        final long[] seq = new long[1];
        final LiquidationEngine original = SnapshotFixtures.populated(3_000, a, seq);
        final Instrument eth = original.instrument(1);
        final BracketTable flat = TestInstruments.single("0.03", "0", "20");
        final Instrument ethUpdated = Instrument.builder().id(1).symbol(eth.symbol()).kind(eth.kind())
            .settlementAsset(eth.settlementAsset()).profile(MarginProfile.GATE).price(eth.priceScale(), eth.tickSize())
            .quantity(eth.qtyScale(), eth.stepSize()).balanceScale(eth.balanceScale()).takerFeeRate(40_000)
            .brackets(flat).build();
        final Instrument btcusd = original.instrument(2);
        final Instrument btcusdUpdated = Instrument.builder().id(2).symbol(btcusd.symbol()).kind(btcusd.kind())
            .settlementAsset(btcusd.settlementAsset()).profile(MarginProfile.BYBIT)
            .price(btcusd.priceScale(), btcusd.tickSize()).quantity(btcusd.qtyScale(), btcusd.stepSize())
            .balanceScale(btcusd.balanceScale()).contractSize(btcusd.contractSize()).takerFeeRate(60_000)
            .maxPrice(btcusd.maxPrice()).brackets(TestInstruments.single("0.01", "0", "50")).build();
        long s = seq[0];
        original.onInstrumentUpdate(s++, 10_000_000, ethUpdated);
        original.onInstrumentUpdate(s++, 10_000_000, btcusdUpdated);
        assertEquals(flat, original.instrument(1).brackets(), "the update was accepted");
        assertEquals(MarginProfile.BYBIT, original.instrument(2).profile(), "the update was accepted");
        assertTrue(a.events.stream().noneMatch(e -> e.startsWith("REJECTION")), a.events.toString());
        a.events.clear();

        final SnapshotStore store = new SnapshotStore(dir);
        store.write(original, 99, 0);
        final RecordingSink b = new RecordingSink();
        final LiquidationEngine restored = SnapshotFixtures.engine(b, 16);
        assertNotEquals(flat, restored.instrument(1).brackets(), "built from the original configuration");
        store.newestValid(99).snapshot().restoreInto(restored);

        final Instrument r1 = restored.instrument(1);
        assertEquals(flat, r1.brackets());
        assertEquals(MarginProfile.GATE, r1.profile());
        assertEquals(40_000, r1.takerFeeRate());
        assertEquals(ethUpdated.maxPrice(), r1.maxPrice());
        for (int t = 0; t < flat.size(); t++) {
            assertEquals(ethUpdated.maintenanceRateNumerator(t), r1.maintenanceRateNumerator(t));
            assertEquals(ethUpdated.maintenanceRateDenominator(t), r1.maintenanceRateDenominator(t));
            assertEquals(ethUpdated.maintenanceDeduction(t), r1.maintenanceDeduction(t));
        }
        final Instrument r2 = restored.instrument(2);
        assertEquals(btcusdUpdated.brackets(), r2.brackets());
        assertEquals(MarginProfile.BYBIT, r2.profile());
        assertEquals(60_000, r2.takerFeeRate());
        assertEquals(btcusdUpdated.valueMultiplier(), r2.valueMultiplier());
        assertEquals(original.instrument(0).brackets(), restored.instrument(0).brackets(), "untouched market");

        // both go on alike: ticks sharp enough to liquidate under the new brackets, funding, another update
        final LiquidationEngine[] engines = {original, restored};
        final SplittableRandom r = new SplittableRandom(11);
        long ts = 20_000_000;
        for (int t = 0; t < 200; t++) {
            final int i = r.nextInt(3);
            final long price = SnapshotFixtures.MARKS[i] / 100 * (90 + r.nextInt(21));
            final long seqNow = s++;
            final long tsNow = ts += 1_000;
            forBoth(engines, e -> e.onMarkPrice(seqNow, tsNow, i, price));
            if (t % 17 == 5) {
                final long fundingSeq = s++;
                forBoth(engines, e -> e.onFunding(fundingSeq, tsNow, i, 300_000));
            }
            if (t == 100) {
                final long updateSeq = s++;
                forBoth(engines, e -> e.onInstrumentUpdate(updateSeq, tsNow, eth));
            }
        }
        assertTrue(a.events.stream().anyMatch(e -> e.startsWith("LIQUIDATION")), "nothing was liquidated");
        assertEquals(a.events, b.events);
        assertEquals(original.stateHash(), restored.stateHash());
        assertEquals(0, restored.countIndexMisses());
        assertEquals(eth.brackets(), restored.instrument(1).brackets());
    }

    private static void forBoth(final LiquidationEngine[] engines,
                                final java.util.function.Consumer<LiquidationEngine> input) {
        input.accept(engines[0]);
        input.accept(engines[1]);
    }
}
