package io.liquidator.engine.app;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.FaultySink;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.snapshot.SnapshotStore;
import io.liquidator.journal.EventRecordVisitor;
import io.liquidator.journal.OutputJournalReader;
import io.liquidator.journal.Rejections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bug in the engine under a live session: the output journal's last record is the INTERNAL_ERROR
 * rejection of the failing input, no snapshot is taken after it (the session's close refuses one
 * and then fails, so {@code run} exits non-zero), and a restart recovers from the last good snapshot,
 * replays to the same input and, the bug being deterministic, fails the same way there: the journal
 * then holds the same records, not a second INTERNAL_ERROR.
 */
class EngineSessionFaultTest {
    private static final LiquidatorConfig CONFIG = LiquidatorConfig.bundledDefault();

    @TempDir
    Path root;

    private static EngineSettings settings() {
        return EngineSettings.builder().marginCallLevels().hysteresis(0)
            .insuranceFund("USDT", Decimals.parse("100000", 8)).build();
    }

    private EngineSession open(final Path out, final Path snaps) {
        return EngineSession.options(CONFIG, settings()).output(out).snapshots(snaps, 0).ringSize(64)
            .sinkWrapper(sink -> new FaultySink(sink, FaultySink.On.LIQUIDATION)).open();
    }

    private static void awaitFailure(final EngineSession s) {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (s.failure() == null && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertNotNull(s.failure(), "the engine did not fail");
    }

    @Test
    void anInternalErrorIsJournaledNoSnapshotIsTakenAndARestartFailsAtTheSameInput() throws IOException {
        final Path out = root.resolve("out");
        final Path snaps = root.resolve("snapshots");
        final EngineSession first = open(out, snaps);
        first.input().publishPosition(1, 1, 7, 0, Side.LONG, Decimals.parse("1.5", 3), Decimals.parse("60000", 1),
            false, Decimals.parse("3000", 8));
        first.input().publishMarkPrice(2, 2, 0, Decimals.parse("59000", 1));
        first.requestSnapshot();
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while ((first.snapshots().written() < 1 || first.snapshots().busy()) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertEquals(1, first.snapshots().written());
        first.input().publishMarkPrice(3, 3, 0, Decimals.parse("58000", 1));   // liquidates: the fault
        first.input().publishMarkPrice(4, 4, 0, Decimals.parse("57000", 1));
        awaitFailure(first);
        assertThrows(IllegalStateException.class, first::close);
        assertEquals(List.of(snaps.resolve(SnapshotStore.fileName(2))), new SnapshotStore(snaps).files(),
            "a snapshot was taken after the fault");
        final List<String> journaled = records(out);
        assertEquals(List.of("1 REJECTION input=3 reason=INTERNAL_ERROR"), journaled);

        // restart: the last good snapshot, then the inputs after it; the bug strikes again at input 3
        final EngineSession second = open(out, snaps);
        assertTrue(second.recovery().startsWith("restored " + SnapshotStore.fileName(2) + " (input 2, 0 events)"),
            second.recovery());
        assertEquals(2, second.resumeAfterInput());
        second.input().publishMarkPrice(3, 3, 0, Decimals.parse("58000", 1));
        second.input().publishMarkPrice(4, 4, 0, Decimals.parse("57000", 1));
        awaitFailure(second);
        assertThrows(IllegalStateException.class, second::close);
        assertEquals(journaled, records(out), "the restart journaled the fault again instead of verifying it");
        assertEquals(List.of(snaps.resolve(SnapshotStore.fileName(2))), new SnapshotStore(snaps).files());
    }

    private static List<String> records(final Path journal) {
        final List<String> out = new ArrayList<>();
        try (OutputJournalReader reader = OutputJournalReader.open(journal)) {
            reader.readAll(new EventRecordVisitor() {
                @Override
                public void onMarginCall(final long outputSeq, final long inputSeq, final long timestamp,
                                         final long account, final int instrument, final boolean cross, final int level,
                                         final long levelRatio, final long markPrice, final long equity,
                                         final long maintenanceMargin, final int tier, final long marginRatio) {
                    out.add(outputSeq + " MARGIN_CALL input=" + inputSeq);
                }

                @Override
                public void onPartialLiquidation(final long outputSeq, final long inputSeq, final long timestamp,
                                                 final long account, final int instrument, final int side,
                                                 final long closedQty, final long remainingQty, final long markPrice,
                                                 final long bankruptcyPrice, final long equity,
                                                 final long maintenanceMargin, final int tier, final long marginRatio,
                                                 final int rule) {
                    out.add(outputSeq + " PARTIAL_LIQUIDATION input=" + inputSeq);
                }

                @Override
                public void onLiquidation(final long outputSeq, final long inputSeq, final long timestamp,
                                          final long account, final int instrument, final int side, final long qty,
                                          final boolean cross, final long markPrice, final long bankruptcyPrice,
                                          final long equity, final long maintenanceMargin, final int tier,
                                          final long marginRatio, final int rule) {
                    out.add(outputSeq + " LIQUIDATION input=" + inputSeq);
                }

                @Override
                public void onInsuranceFund(final long outputSeq, final long inputSeq, final long timestamp,
                                            final long account, final int instrument, final int asset, final long delta,
                                            final long balanceAfter) {
                    out.add(outputSeq + " INSURANCE_FUND input=" + inputSeq);
                }

                @Override
                public void onAdl(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                  final int instrument, final int side, final long qty, final long price,
                                  final long liquidatedAccount, final long rankScore) {
                    out.add(outputSeq + " ADL input=" + inputSeq);
                }

                @Override
                public void onRejection(final long outputSeq, final long inputSeq, final long timestamp,
                                        final long account, final int instrument, final int inputKind, final int reason,
                                        final long line) {
                    out.add(outputSeq + " REJECTION input=" + inputSeq + " reason=" + Rejections.name(reason));
                }

                @Override
                public void onGuard(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                    final int instrument, final int reason, final int state, final long price,
                                    final long referencePrice) {
                    out.add(outputSeq + " GUARD input=" + inputSeq);
                }
            });
        }
        return out;
    }
}
