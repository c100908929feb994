package io.liquidator.bench.compare;

import io.liquidator.engine.app.EventCounter;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.journal.JournalEventSink;
import io.liquidator.engine.pipeline.EnginePipeline;
import io.liquidator.engine.pipeline.InputPublisher;
import io.liquidator.engine.pipeline.WaitStrategyChoice;
import io.liquidator.journal.EventRecordVisitor;
import io.liquidator.journal.EventRecords;
import io.liquidator.journal.OutputJournal;
import io.liquidator.journal.OutputJournalReader;
import io.liquidator.journal.QueuePretoucher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The liquidator as it runs in production, in a temporary directory: the Disruptor ring, the engine
 * thread, and the Chronicle output journal with its pretoucher, wired as {@code EngineSession} wires
 * them (snapshots and recovery left out: they are not on the tick path). Between the event counter
 * and the journal sits a {@link BatchClock}, for the cascade's end time.
 *
 * <p>Everything reaches the engine through the ring, the book included, from the thread that
 * created the rig (the ring has one producer). {@link #drain()} waits until the engine thread has
 * handled all of it, which is also what makes the counters safe to read afterwards.
 */
final class LiquidatorRig implements AutoCloseable {
    /** 10 billion USDT: settling a liquidation never needs auto-deleveraging. */
    static final long FUND = 1_000_000_000_000_000_000L;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

    private final Path dir;
    private final OutputJournal journal;
    private final QueuePretoucher pretoucher;
    private final BatchClock clock;
    private final EventCounter events;
    private final LiquidationEngine engine;
    private final EnginePipeline pipeline;
    private final InputPublisher in;
    private long seq;
    private int positionsLoaded;

    LiquidatorRig(final int expectedPositions, final int ringSize, final WaitStrategyChoice waitStrategy) {
        try {
            this.dir = Files.createTempDirectory("liquidator-compare-");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        this.journal = OutputJournal.open(dir);
        this.clock = new BatchClock(new JournalEventSink(journal));
        this.events = new EventCounter(clock);
        this.engine = new LiquidationEngine(LiquidatorConfig.bundledDefault().instruments(),
            EngineSettings.builder().expectedPositions(expectedPositions).insuranceFund("USDT", FUND).build(), events);
        this.pipeline = EnginePipeline.builder(engine).ringSize(ringSize).waitStrategy(waitStrategy).build().start();
        this.in = pipeline.publisher();
        this.pretoucher = journal.startPretouch(QueuePretoucher.DEFAULT_INTERVAL_MILLIS);
    }

    /**
     * Primes the journal, sets both opening marks, loads the books, and waits until the engine has
     * taken all of it and the pretoucher has had time to map the journal's next pages.
     *
     * <p>Priming: the first input is a mark of price 0, which the engine rejects; its REJECTION record
     * makes the journal's appender create the cycle file, which the pretoucher needs before it can
     * touch anything. A running engine's journal is in that state; a fresh one would make the first
     * measured events pay for creating the file and first-touching every page behind them.
     */
    void open(final MarketBook... books) {
        mark(MarketBook.BTC, 0);
        mark(MarketBook.BTC, MarketBook.BTC_OPEN);
        mark(MarketBook.ETH, MarketBook.ETH_OPEN);
        for (final MarketBook b : books) {
            positionsLoaded += b.positions;
            for (int w = 0; w < b.wallets; w++) {
                seq++;
                in.publishWallet(seq, seq, b.walletAccount[w], 0, b.walletBalance[w]);
            }
            for (int k = 0; k < b.positions; k++) {
                seq++;
                in.publishPosition(seq, seq, b.account[k], b.instrument[k], b.side[k], b.qty[k], b.entry[k], b.cross[k],
                    b.margin[k]);
            }
        }
        drain();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3 * QueuePretoucher.DEFAULT_INTERVAL_MILLIS));
    }

    /** Positions published by {@link #open}. */
    int positionsLoaded() {
        return positionsLoaded;
    }

    /** Publishes one mark price (not waiting for it). */
    void mark(final int instrument, final long price) {
        seq++;
        in.publishMarkPrice(seq, seq, instrument, price);
    }

    /**
     * Publishes ticks {@code [from, to)} of the stream back to back and waits until the engine has
     * handled the last one (its events journaled); returns the nanoseconds from the first publish.
     */
    long run(final TickStream ticks, final int from, final int to) {
        final long start = System.nanoTime();
        for (int t = from; t < to; t++) {
            seq++;
            in.publishMarkPrice(seq, seq, ticks.instrument(t), ticks.price(t));
        }
        drain();
        return System.nanoTime() - start;
    }

    /** The input sequence the next input will get. */
    long nextSequence() {
        return seq + 1;
    }

    /** Waits until the engine thread has handled everything published so far. */
    void drain() {
        pipeline.probe(DRAIN_TIMEOUT);
    }

    /** Events of an {@link EventRecords} kind so far (after {@link #drain()}). */
    long count(final int kind) {
        return events.count(kind);
    }

    long events() {
        return events.total();
    }

    /** See {@link BatchClock#lastEventBatchEnd()}. */
    long lastEventBatchEnd() {
        return clock.lastEventBatchEnd();
    }

    /**
     * The decisions journaled so far for inputs from {@code firstTickSequence} on (margin calls,
     * liquidations, ADL, rejections; not the insurance fund's records), read back from the journal
     * (after {@link #drain()}), with the index of the tick that caused each: input sequence minus
     * {@code firstTickSequence}.
     */
    List<Decision> journaledDecisions(final long firstTickSequence) {
        final List<Decision> out = new ArrayList<>();
        try (OutputJournalReader reader = OutputJournalReader.open(dir)) {
            reader.readAll(new Collector(out, firstTickSequence));
        }
        return out;
    }

    /** Counts the LIQUIDATION records in the journal by reading it back. */
    long journaledLiquidations() {
        return journaledDecisions(1).stream().filter(d -> d.kind() == EventRecords.KIND_LIQUIDATION).count();
    }

    @Override
    public void close() {
        try {
            pipeline.close();
        } finally {
            pretoucher.close();
            journal.close();
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(final Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException ignored) {
            // a temporary directory: the OS cleans it up eventually
        }
    }

    /** Collects the records of inputs from one sequence on as {@link Decision}s (not the fund's). */
    private static final class Collector implements EventRecordVisitor {
        private final List<Decision> out;
        private final long firstTickSequence;

        Collector(final List<Decision> out, final long firstTickSequence) {
            this.out = out;
            this.firstTickSequence = firstTickSequence;
        }

        private void add(final long inputSeq, final int kind, final long account, final int instrument,
                         final int level) {
            if (inputSeq >= firstTickSequence) {
                out.add(new Decision(inputSeq - firstTickSequence, kind, account, instrument, level));
            }
        }

        @Override
        public void onMarginCall(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                 final int instrument, final boolean cross, final int level, final long levelRatio,
                                 final long markPrice, final long equity, final long maintenanceMargin, final int tier,
                                 final long marginRatio) {
            add(inputSeq, EventRecords.KIND_MARGIN_CALL, account, instrument, level);
        }

        @Override
        public void onPartialLiquidation(final long outputSeq, final long inputSeq, final long timestamp,
                                         final long account, final int instrument, final int side, final long closedQty,
                                         final long remainingQty, final long markPrice, final long bankruptcyPrice,
                                         final long equity, final long maintenanceMargin, final int tier,
                                         final long marginRatio, final int rule) {
            add(inputSeq, EventRecords.KIND_PARTIAL_LIQUIDATION, account, instrument, 0);
        }

        @Override
        public void onLiquidation(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                  final int instrument, final int side, final long qty, final boolean cross,
                                  final long markPrice, final long bankruptcyPrice, final long equity,
                                  final long maintenanceMargin, final int tier, final long marginRatio, final int rule) {
            add(inputSeq, EventRecords.KIND_LIQUIDATION, account, instrument, 0);
        }

        @Override
        public void onInsuranceFund(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                    final int instrument, final int asset, final long delta, final long balanceAfter) {
        }

        @Override
        public void onAdl(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                          final int instrument, final int side, final long qty, final long price,
                          final long liquidatedAccount, final long rankScore) {
            add(inputSeq, EventRecords.KIND_ADL, account, instrument, 0);
        }

        @Override
        public void onRejection(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                final int instrument, final int inputKind, final int reason, final long line) {
            add(inputSeq, EventRecords.KIND_REJECTION, account, instrument, reason);
        }

        @Override
        public void onGuard(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                            final int instrument, final int reason, final int state, final long price,
                            final long referencePrice) {
            add(inputSeq, EventRecords.KIND_GUARD, account, instrument, reason);
        }
    }
}
