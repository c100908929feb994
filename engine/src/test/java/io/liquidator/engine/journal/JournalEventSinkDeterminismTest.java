package io.liquidator.engine.journal;

import io.liquidator.journal.Rejections;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;

import io.liquidator.engine.core.TierStepDownPolicy;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import io.liquidator.journal.EventRecordVisitor;
import io.liquidator.journal.EventRecords;
import io.liquidator.journal.OutputJournal;
import io.liquidator.journal.OutputJournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same inputs through the engine into two journals give byte-identical .cq4 files. */
class JournalEventSinkDeterminismTest {
    private static final int BTCUSDT = 0;

    private static long px(final String p) {
        return Decimals.parse(p, 1);
    }

    private static long qty(final String q) {
        return Decimals.parse(q, 3);
    }

    private static long usdt(final String u) {
        return Decimals.parse(u, 8);
    }

    /** Margin calls, a full liquidation with an insurance-fund entry, a rejection; with {@code partial}, a tier step-down partial and a gap ending in ADL. */
    private static void runScript(final Path dir, final boolean partial) {
        final OutputJournal journal = OutputJournal.open(dir);
        try {
            final EngineSettings.Builder settings = EngineSettings.builder().insuranceFund("USDT", usdt("1000"));
            if (partial) {
                settings.policy(TierStepDownPolicy.INSTANCE);
            }
            final LiquidationEngine engine = new LiquidationEngine(LiquidatorConfig.bundledDefault().instruments(),
                settings.build(), new JournalEventSink(journal));
            long seq = 0;
            // account 7: long 1.5 @ 60000, 3000 USDT isolated → liquidation price 58258.0 (scenario test)
            engine.onPosition(++seq, seq, 7, BTCUSDT, Side.LONG, qty("1.5"), px("60000"), false, usdt("3000"));
            // account 8: long 1.0 @ 60000, 1200 USDT isolated (liquidated on the gap below)
            engine.onPosition(++seq, seq, 8, BTCUSDT, Side.LONG, qty("1.0"), px("60000"), false, usdt("1200"));
            // account 9: a profitable short, the ADL counterparty
            engine.onPosition(++seq, seq, 9, BTCUSDT, Side.SHORT, qty("2.0"), px("60000"), false, usdt("50000"));
            engine.onMarkPrice(++seq, seq, BTCUSDT, px("59500"));
            engine.onMarkPrice(++seq, seq, BTCUSDT, px("58300"));   // margin call level 1 for account 7
            engine.onMarkPrice(++seq, seq, BTCUSDT, px("58258.0")); // level 2
            engine.onMarkPrice(++seq, seq, 99, px("58258.0"));      // REJECTION: unknown instrument
            engine.onMarkPrice(++seq, seq, BTCUSDT, px("58257.9")); // account 7 liquidated, fund gains
            engine.onEndOfBatch();
            engine.onMarkPrice(++seq, seq, BTCUSDT, px("50000"));   // gap far below account 8's bankruptcy price
            engine.onEndOfBatch();
        } finally {
            journal.close();
        }
    }

    private static List<Path> cq4Files(final Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().collect(Collectors.toList());
        }
    }

    private static List<String> kinds(final Path dir) {
        final List<String> kinds = new ArrayList<>();
        final long[] lastSeq = {0};
        final EventRecordVisitor v = new EventRecordVisitor() {
            private void add(final int kind, final long outputSeq) {
                assertEquals(lastSeq[0] + 1, outputSeq, "output sequence");
                lastSeq[0] = outputSeq;
                kinds.add(EventRecords.name(kind));
            }

            @Override
            public void onMarginCall(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                     final int instrument, final boolean cross, final int level, final long levelRatio,
                                     final long markPrice, final long equity, final long maintenanceMargin,
                                     final int tier, final long marginRatio) {
                add(EventRecords.KIND_MARGIN_CALL, outputSeq);
            }

            @Override
            public void onPartialLiquidation(final long outputSeq, final long inputSeq, final long timestamp,
                                             final long account, final int instrument, final int side,
                                             final long closedQty, final long remainingQty, final long markPrice,
                                             final long bankruptcyPrice, final long equity,
                                             final long maintenanceMargin, final int tier, final long marginRatio,
                                             final int rule) {
                add(EventRecords.KIND_PARTIAL_LIQUIDATION, outputSeq);
            }

            @Override
            public void onLiquidation(final long outputSeq, final long inputSeq, final long timestamp,
                                      final long account, final int instrument, final int side, final long qty,
                                      final boolean cross, final long markPrice, final long bankruptcyPrice,
                                      final long equity, final long maintenanceMargin, final int tier,
                                      final long marginRatio, final int rule) {
                add(EventRecords.KIND_LIQUIDATION, outputSeq);
            }

            @Override
            public void onInsuranceFund(final long outputSeq, final long inputSeq, final long timestamp,
                                        final long account, final int instrument, final int asset, final long delta,
                                        final long balanceAfter) {
                add(EventRecords.KIND_INSURANCE_FUND, outputSeq);
            }

            @Override
            public void onAdl(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                              final int instrument, final int side, final long qty, final long price,
                              final long liquidatedAccount, final long rankScore) {
                add(EventRecords.KIND_ADL, outputSeq);
            }

            @Override
            public void onRejection(final long outputSeq, final long inputSeq, final long timestamp,
                                    final long account, final int instrument, final int inputKind, final int reason,
                                    final long line) {
                assertEquals(Rejections.UNKNOWN_INSTRUMENT, reason);
                add(EventRecords.KIND_REJECTION, outputSeq);
            }

            @Override
            public void onGuard(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                final int instrument, final int reason, final int state, final long price,
                                final long referencePrice) {
                add(EventRecords.KIND_GUARD, outputSeq);
            }
        };
        try (OutputJournalReader reader = OutputJournalReader.open(dir)) {
            reader.readAll(v);
        }
        return kinds;
    }

    private static void assertByteIdentical(final Path a, final Path b) throws IOException {
        final List<Path> fa = cq4Files(a);
        final List<Path> fb = cq4Files(b);
        assertFalse(fa.isEmpty(), "no .cq4 file in " + a);
        assertEquals(fa.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList()),
            fb.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        for (int k = 0; k < fa.size(); k++) {
            assertEquals(-1L, Files.mismatch(fa.get(k), fb.get(k)), fa.get(k).getFileName() + " differs");
        }
    }

    @Test
    void twoRunsOfTheSameInputsWriteByteIdenticalQueueFiles(@TempDir final Path a, @TempDir final Path b)
        throws IOException {
        runScript(a, false);
        runScript(b, false);
        assertByteIdentical(a, b);
        final List<String> kinds = kinds(a);
        System.out.println("full-liquidation run: " + kinds);
        assertEquals(kinds, kinds(b));
        // the engine's deterministic order; the 1000 USDT fund covers every loss, so no ADL in this run
        assertEquals(List.of("MARGIN_CALL", "LIQUIDATION", "INSURANCE_FUND", "MARGIN_CALL", "REJECTION", "LIQUIDATION",
            "INSURANCE_FUND"), kinds);
    }

    @Test
    void twoRunsWithPartialLiquidationWriteByteIdenticalQueueFiles(@TempDir final Path a, @TempDir final Path b)
        throws IOException {
        runScript(a, true);
        runScript(b, true);
        assertByteIdentical(a, b);
        final List<String> kinds = kinds(a);
        System.out.println("tier-step-down run: " + kinds);
        assertEquals(kinds, kinds(b));
        // all six kinds; the gap liquidation exceeds the 1000 USDT fund, so ADL hits the short, and the
        // fund settles what the fill leaves at the bankruptcy price (one INSURANCE_FUND ends every settlement)
        assertEquals(List.of("MARGIN_CALL", "LIQUIDATION", "INSURANCE_FUND", "MARGIN_CALL", "REJECTION",
            "PARTIAL_LIQUIDATION", "LIQUIDATION", "ADL", "INSURANCE_FUND"), kinds);
    }

    /** The comparison is not vacuous: different inputs give different bytes in the same-named file. */
    @Test
    void differentInputsWriteDifferentBytes(@TempDir final Path a, @TempDir final Path b) throws IOException {
        runScript(a, false);
        runScript(b, true);
        final List<Path> fa = cq4Files(a);
        final List<Path> fb = cq4Files(b);
        assertEquals(1, fa.size());
        assertEquals(fa.get(0).getFileName(), fb.get(0).getFileName());
        assertTrue(Files.mismatch(fa.get(0), fb.get(0)) >= 0);
    }
}
