package io.liquidator.engine.cluster.shard;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.config.ShardSpec;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.InputRecords;
import io.liquidator.journal.Rejections;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of input reaches the shard of its instrument or asset, unchanged; a snapshot request
 * reaches every shard; what cannot be routed reaches shard 0 once; the counts say so; and routing
 * allocates nothing.
 */
class ShardRouterTest {
    /** The bundled default: BTCUSDT (0) and ETHUSDT (1) in USDT (asset 0), BTCUSD (2) in BTC (asset 1). */
    private static final LiquidatorConfig CONFIG = LiquidatorConfig.bundledDefault();
    /** BTC first, so that shard 0 is not simply the first asset's. */
    private static final ShardMap MAP = ShardMap.of(CONFIG, List.of(ShardSpec.of("coin", "BTC"),
        ShardSpec.of("usdt", "USDT")));
    private static final int COIN = 0;
    private static final int USDT = 1;

    private RecordingInputs coin;
    private RecordingInputs usdt;
    private ShardRouter router;

    @BeforeEach
    void wire() {
        coin = new RecordingInputs();
        usdt = new RecordingInputs();
        router = new ShardRouter(MAP, List.of(coin, usdt));
    }

    @Test
    void theConfigurationIsWhatTheseTestsAssume() {
        assertEquals(List.of("BTCUSDT", "ETHUSDT", "BTCUSD"), CONFIG.instruments().stream().map(i -> i.symbol()).toList());
        assertEquals(List.of("USDT", "BTC"), CONFIG.settlementAssets());
    }

    @Test
    void marksPositionsFundingAndUpdatesGoByInstrument() {
        router.onMarkPrice(1, 100, 0, 600_000, 7);
        router.onMarkPrice(2, 101, 2, 600_001, 8);
        router.onPosition(3, 102, 42, 1, InputRecords.SIDE_SHORT, 5, 300_000, true, 0, 9);
        router.onPosition(4, 103, 42, 2, InputRecords.SIDE_LONG, 10, 600_000, false, 123, 10);
        router.onFunding(5, 104, 2, -1000, 11);
        router.onFunding(6, 105, 0, 2000, 12);
        router.onInstrumentUpdate(7, 106, 2, "symbol: BTCUSD", 13);
        router.onInstrumentUpdate(8, 107, 1, "symbol: ETHUSDT", 14);
        assertEquals(List.of(
            "MARK 1 100 0 600000 7",
            "POSITION 3 102 42 1 -1 5 300000 true 0 9",
            "FUNDING 6 105 0 2000 12",
            "INSTRUMENT 8 107 1 [symbol: ETHUSDT] 14"), usdt.lines);
        assertEquals(List.of(
            "MARK 2 101 2 600001 8",
            "POSITION 4 103 42 2 1 10 600000 false 123 10",
            "FUNDING 5 104 2 -1000 11",
            "INSTRUMENT 7 106 2 [symbol: BTCUSD] 13"), coin.lines);
        assertEquals(4, router.forwarded(COIN));
        assertEquals(4, router.forwarded(USDT));
    }

    @Test
    void walletsGoByAsset() {
        router.onWallet(1, 100, 7, CONFIG.assetId("USDT"), 1_000, 3);
        router.onWallet(2, 101, 7, CONFIG.assetId("BTC"), 2_000, 4);
        assertEquals(List.of("WALLET 1 100 7 0 1000 3"), usdt.lines);
        assertEquals(List.of("WALLET 2 101 7 1 2000 4"), coin.lines);
    }

    @Test
    void aSnapshotRequestReachesEveryShardAtTheSamePointOfTheStream() {
        router.onMarkPrice(1, 100, 0, 600_000, 0);
        router.onControl(2, 101, InputRecords.CONTROL_SNAPSHOT, 0);
        router.onMarkPrice(3, 102, 2, 600_000, 0);
        assertEquals(List.of("MARK 1 100 0 600000 0", "CONTROL 2 101 1 0"), usdt.lines);
        assertEquals(List.of("CONTROL 2 101 1 0", "MARK 3 102 2 600000 0"), coin.lines);
        assertEquals(2, router.forwarded(COIN));
        assertEquals(2, router.forwarded(USDT));
    }

    @Test
    void whatCannotBeRoutedGoesToShardZeroOnce() {
        router.onMalformed(1, 100, InputRecords.KIND_POSITION, Rejections.NOT_A_NUMBER, 5);
        router.onControl(2, 101, 99, 6);
        router.onMarkPrice(3, 102, 3, 600_000, 7);
        router.onMarkPrice(4, 103, -1, 600_000, 8);
        router.onPosition(5, 104, 1, 17, InputRecords.SIDE_LONG, 1, 1, false, 1, 9);
        router.onFunding(6, 105, Integer.MAX_VALUE, 1, 10);
        router.onInstrumentUpdate(7, 106, 3, "symbol: NEWUSDT", 11);
        router.onWallet(8, 107, 1, 2, 1, 12);
        router.onWallet(9, 108, 1, -1, 1, 13);
        assertEquals(List.of(
            "MALFORMED 1 100 2 " + Rejections.NOT_A_NUMBER + " 5",
            "CONTROL 2 101 99 6",
            "MARK 3 102 3 600000 7",
            "MARK 4 103 -1 600000 8",
            "POSITION 5 104 1 17 1 1 1 false 1 9",
            "FUNDING 6 105 2147483647 1 10",
            "INSTRUMENT 7 106 3 [symbol: NEWUSDT] 11",
            "WALLET 8 107 1 2 1 12",
            "WALLET 9 108 1 -1 1 13"), coin.lines);
        assertEquals(List.of(), usdt.lines);
        assertEquals(9, router.forwarded(COIN));
        assertEquals(0, router.forwarded(USDT));
    }

    @Test
    void oneShardReceivesEverything() {
        final RecordingInputs all = new RecordingInputs();
        final ShardRouter single = new ShardRouter(ShardMap.of(CONFIG), List.of(all));
        single.onMarkPrice(1, 1, 2, 1, 0);
        single.onWallet(2, 2, 1, 1, 1, 0);
        single.onControl(3, 3, InputRecords.CONTROL_SNAPSHOT, 0);
        single.onMalformed(4, 4, 0, Rejections.MALFORMED_RECORD, 0);
        assertEquals(4, all.lines.size());
        assertEquals(4, single.forwarded(0));
    }

    @Test
    void needsExactlyOneHandlerPerShard() {
        final IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
            () -> new ShardRouter(MAP, List.of(coin)));
        assertEquals("one handler per shard: the map has 2 shards, 1 handlers were given", few.getMessage());
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> new ShardRouter(MAP, Arrays.asList(coin, null)));
        assertEquals("no handler for shard 1 (usdt)", missing.getMessage());
    }

    @Test
    void routingAllocatesNothing() {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final CountingInputs a = new CountingInputs();
        final CountingInputs b = new CountingInputs();
        final ShardRouter counted = new ShardRouter(MAP, List.of(a, b));
        final CharSequence definition = "symbol: BTCUSD";
        route(counted, definition, 0, 200_000);
        final long before = threads.getThreadAllocatedBytes(thread);
        route(counted, definition, 200_000, 1_000_000);
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(before > 0, "this JVM does not measure per-thread allocation");
        assertTrue(allocated < 1024, allocated + " bytes allocated over 800,000 rounds of every input kind");
        assertEquals(a.calls + b.calls, counted.forwarded(COIN) + counted.forwarded(USDT));
        assertEquals(a.calls, counted.forwarded(COIN));
        assertTrue(a.calls > 0 && b.calls > 0);
    }

    /** Every input kind, to both shards and to shard 0 for want of a route, {@code to - from} times. */
    private static void route(final ShardRouter router, final CharSequence definition, final int from, final int to) {
        for (int k = from; k < to; k++) {
            final long seq = 10L * k;
            final int instrument = k % 4; // 0, 1: USDT; 2: BTC; 3: unknown
            router.onMarkPrice(seq, seq, instrument, 600_000 + k, 0);
            router.onPosition(seq + 1, seq, k, instrument, InputRecords.SIDE_LONG, 1, 600_000, (k & 1) == 0, 0, 0);
            router.onWallet(seq + 2, seq, k, k % 3, 1_000, 0);
            router.onFunding(seq + 3, seq, instrument, 1, 0);
            router.onInstrumentUpdate(seq + 4, seq, instrument, definition, 0);
            router.onControl(seq + 5, seq, (k & 1) == 0 ? InputRecords.CONTROL_SNAPSHOT : 77, 0);
            router.onMalformed(seq + 6, seq, 0, Rejections.MALFORMED_RECORD, 0);
        }
    }

    /** A downstream that only counts: it allocates nothing itself. */
    private static final class CountingInputs implements InputHandler {
        long calls;

        @Override
        public void onMarkPrice(final long inputSeq, final long timestamp, final int instrument, final long price,
                                final long line) {
            calls++;
        }

        @Override
        public void onPosition(final long inputSeq, final long timestamp, final long account, final int instrument,
                               final int side, final long qty, final long entryPrice, final boolean cross,
                               final long isolatedMargin, final long line) {
            calls++;
        }

        @Override
        public void onWallet(final long inputSeq, final long timestamp, final long account, final int asset,
                             final long balance, final long line) {
            calls++;
        }

        @Override
        public void onFunding(final long inputSeq, final long timestamp, final int instrument, final long rate,
                              final long line) {
            calls++;
        }

        @Override
        public void onInstrumentUpdate(final long inputSeq, final long timestamp, final int instrument,
                                       final CharSequence definition, final long line) {
            calls++;
        }

        @Override
        public void onControl(final long inputSeq, final long timestamp, final int code, final long line) {
            calls++;
        }

        @Override
        public void onMalformed(final long inputSeq, final long timestamp, final int kind, final int reason,
                                final long line) {
            calls++;
        }
    }
}
