package io.liquidator.engine.snapshot;

import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.FixedFractionPolicy;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.core.RecordingSink;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.snapshot.codec.SnapshotException;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot only restores into an engine of the configuration that took it: the store checks the
 * caller's fingerprint, and restore itself checks the structure (instrument and asset counts,
 * assets, levels, policy, each market's fixed fields), with a message naming the difference. Bytes
 * that are not a whole snapshot are refused too.
 */
class SnapshotConfigurationMismatchTest {
    private static byte[] snapshot;

    @BeforeAll
    static void take() {
        final LiquidationEngine e = SnapshotFixtures.populated(300, SnapshotFixtures.IGNORE, new long[1]);
        final ExpandableDirectByteBuffer b = new ExpandableDirectByteBuffer(1024);
        final int length = e.writeSnapshot(b, 0);
        snapshot = new byte[length];
        b.getBytes(0, snapshot);
    }

    private static SnapshotException refused(final LiquidationEngine target) {
        return assertThrows(SnapshotException.class,
            () -> target.restoreSnapshot(new UnsafeBuffer(snapshot), 0, snapshot.length));
    }

    @Test
    void theStoreRefusesAnotherFingerprint(@TempDir final Path dir) throws IOException {
        final LiquidationEngine e = SnapshotFixtures.populated(100, SnapshotFixtures.IGNORE, new long[1]);
        final SnapshotStore store = new SnapshotStore(dir);
        store.write(e, 111, 0);
        final SnapshotStore.Selection s = store.newestValid(222);
        assertFalse(s.found().isPresent());
        assertEquals(1, s.skipped().size());
        assertTrue(s.skipped().get(0).contains("configuration fingerprint 0x6f, expected 0xde"), s.skipped().get(0));
    }

    @Test
    void fewerInstruments() {
        final SnapshotException ex = refused(new LiquidationEngine(SnapshotFixtures.INSTRUMENTS.subList(0, 2),
            EngineSettings.builder().build(), new RecordingSink()));
        assertEquals("the snapshot was taken by an engine with a different configuration: instrument count is 3 in the"
            + " snapshot but 2 in this engine", ex.getMessage());
    }

    @Test
    void anotherMarketInTheSameSlot() {
        final List<Instrument> swapped = new ArrayList<>(SnapshotFixtures.INSTRUMENTS);
        final Instrument eth = swapped.get(1);
        swapped.set(1, Instrument.builder().id(1).symbol("SOLUSDT").kind(eth.kind()).settlementAsset("USDT")
            .profile(eth.profile()).price(eth.priceScale(), eth.tickSize()).quantity(eth.qtyScale(), eth.stepSize())
            .balanceScale(eth.balanceScale()).brackets(eth.brackets()).build());
        final SnapshotException ex = refused(new LiquidationEngine(swapped, SnapshotFixtures.settings(16),
            new RecordingSink()));
        assertTrue(ex.getMessage().startsWith("the snapshot was taken by an engine with a different configuration:"
            + " instrument 1 is 1:ETHUSDT"), ex.getMessage());
        assertTrue(ex.getMessage().contains("but 1:SOLUSDT"), ex.getMessage());
    }

    @Test
    void otherSettlementAssets() {
        final List<Instrument> linearOnly = SnapshotFixtures.INSTRUMENTS.subList(0, 2);
        final List<Instrument> three = new ArrayList<>(linearOnly);
        final Instrument btcusd = SnapshotFixtures.INSTRUMENTS.get(2);
        three.add(Instrument.builder().id(2).symbol(btcusd.symbol()).kind(btcusd.kind()).settlementAsset("XBT")
            .profile(btcusd.profile()).price(btcusd.priceScale(), btcusd.tickSize())
            .quantity(btcusd.qtyScale(), btcusd.stepSize()).balanceScale(btcusd.balanceScale())
            .contractSize(btcusd.contractSize()).brackets(btcusd.brackets()).build());
        final SnapshotException ex = refused(new LiquidationEngine(three, EngineSettings.builder().build(),
            new RecordingSink()));
        assertEquals("the snapshot was taken by an engine with a different configuration: settlement asset 1 is BTC in"
            + " the snapshot but XBT in this engine", ex.getMessage());
    }

    @Test
    void otherMarginCallLevels() {
        final SnapshotException ex = refused(new LiquidationEngine(SnapshotFixtures.INSTRUMENTS,
            EngineSettings.builder().marginCallLevels(70_000_000L, 90_000_000L).build(), new RecordingSink()));
        assertTrue(ex.getMessage().contains("margin-call levels (or hysteresis) is [80000000, 90000000]"),
            ex.getMessage());
        final SnapshotException h = refused(new LiquidationEngine(SnapshotFixtures.INSTRUMENTS,
            EngineSettings.builder().hysteresis(10_000_000L).build(), new RecordingSink()));
        assertTrue(h.getMessage().contains("margin-call levels (or hysteresis)"), h.getMessage());
    }

    @Test
    void anotherPolicy() {
        final SnapshotException ex = refused(new LiquidationEngine(SnapshotFixtures.INSTRUMENTS,
            EngineSettings.builder().policy(new FixedFractionPolicy(20_000_000L, 30_000, 0)).build(),
            new RecordingSink()));
        assertTrue(ex.getMessage().contains("partial-liquidation policy is io.liquidator.engine.core.FullLiquidationPolicy"),
            ex.getMessage());
    }

    @Test
    void anEngineThatHasRunInputsIsNotAFreshOne() {
        final LiquidationEngine used = SnapshotFixtures.engine(new RecordingSink(), 16);
        used.onMarkPrice(1, 1, 0, 600_000);
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> used.restoreSnapshot(new UnsafeBuffer(snapshot), 0, snapshot.length));
        assertTrue(ex.getMessage().contains("freshly constructed engine"), ex.getMessage());
    }

    @Test
    void truncatedCorruptOrOverlongBytesAreRefusedWithTheReason() {
        final LiquidationEngine a = SnapshotFixtures.engine(new RecordingSink(), 16);
        final SnapshotException cut = assertThrows(SnapshotException.class,
            () -> a.restoreSnapshot(new UnsafeBuffer(snapshot), 0, snapshot.length - 100));
        assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());

        final byte[] badTag = snapshot.clone();
        badTag[0] = 'X';
        final SnapshotException tag = assertThrows(SnapshotException.class,
            () -> SnapshotFixtures.engine(new RecordingSink(), 16).restoreSnapshot(new UnsafeBuffer(badTag), 0, badTag.length));
        assertTrue(tag.getMessage().startsWith("expected the CONF section at byte 0 but found tag 'XONF'"), tag.getMessage());

        final byte[] longer = java.util.Arrays.copyOf(snapshot, snapshot.length + 8);
        final SnapshotException extra = assertThrows(SnapshotException.class,
            () -> SnapshotFixtures.engine(new RecordingSink(), 16).restoreSnapshot(new UnsafeBuffer(longer), 0, longer.length));
        assertTrue(extra.getMessage().startsWith("8 bytes follow the last section"), extra.getMessage());

        // restored from an offset inside a larger buffer: the same engine
        final byte[] padded = new byte[snapshot.length + 64];
        System.arraycopy(snapshot, 0, padded, 32, snapshot.length);
        final LiquidationEngine b = SnapshotFixtures.engine(new RecordingSink(), 16);
        b.restoreSnapshot(new UnsafeBuffer(padded), 32, snapshot.length);
        final ExpandableDirectByteBuffer again = new ExpandableDirectByteBuffer(16);
        final byte[] copy = new byte[b.writeSnapshot(again, 0)];
        again.getBytes(0, copy);
        org.junit.jupiter.api.Assertions.assertArrayEquals(snapshot, copy);
    }
}
