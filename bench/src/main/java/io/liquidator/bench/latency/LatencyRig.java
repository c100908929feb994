package io.liquidator.bench.latency;

import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.journal.JournalEventSink;
import io.liquidator.engine.pipeline.EnginePipeline;
import io.liquidator.engine.pipeline.InputPublisher;
import io.liquidator.engine.pipeline.WaitStrategyChoice;
import io.liquidator.journal.OutputJournal;
import io.liquidator.journal.QueuePretoucher;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The system under test, wired as {@code EngineSession} wires it for {@code run} and {@code replay}:
 * a Chronicle {@link OutputJournal} with its pretoucher, a {@link JournalEventSink} behind the
 * engine, the {@link EnginePipeline} (Disruptor ring, default size, one producer, the chosen wait
 * strategy) in front of it, and the producer publishing through the ring's {@link InputPublisher}.
 * Two things are added for the measurement, both allocation-free on the engine thread: the
 * {@link CompletionRecorder} (the pipeline's after-input hook) and the {@link OutcomeSink} counting
 * liquidations in place of {@code EventCounter}. No snapshots (a live run takes one a minute).
 *
 * <p>Built directly rather than through {@code EngineSession} because the session does not expose
 * the pipeline's hook and probes. Threads: everything here is called from one thread, the ring's
 * single producer.
 */
final class LatencyRig implements AutoCloseable {
    /** 40 billion USDT (balance scale 8): the warm-up sweep liquidates the whole book without auto-deleveraging. */
    static final long FUND = 4_000_000_000_000_000_000L;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    /** The first tick is planned this far after the injector starts, so that it is not late by construction. */
    private static final long LEAD_NANOS = 1_000_000L;

    private final SyntheticBook book;
    private final OutputJournal journal;
    private final QueuePretoucher pretoucher;
    private final OutcomeSink sink;
    private final CompletionRecorder recorder;
    private final EnginePipeline pipeline;
    private final InputPublisher publisher;
    private final com.sun.management.ThreadMXBean threads;
    private long seq;

    LatencyRig(final SyntheticBook book, final Path journalDir, final WaitStrategyChoice waitStrategy,
               final int maxTicks) {
        this.book = book;
        this.journal = OutputJournal.open(journalDir);
        this.pretoucher = journal.startPretouch(QueuePretoucher.DEFAULT_INTERVAL_MILLIS);
        this.sink = new OutcomeSink(new JournalEventSink(journal));
        final LiquidationEngine engine = new LiquidationEngine(book.instruments, EngineSettings.builder()
            .expectedPositions(book.positions() + 16)
            .insuranceFund("USDT", FUND)
            .build(), sink);
        this.recorder = new CompletionRecorder(maxTicks);
        this.pipeline = EnginePipeline.builder(engine).waitStrategy(waitStrategy).afterInput(recorder).build().start();
        this.publisher = pipeline.publisher();
        this.threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }

    /** Publishes the opening marks and the book; waits until the engine holds it. */
    void load() {
        tick(SyntheticBook.BTC, SyntheticBook.START[SyntheticBook.BTC]);
        tick(SyntheticBook.ETH, SyntheticBook.START[SyntheticBook.ETH]);
        seq = book.publish(publisher, seq);
        pipeline.probe(TIMEOUT);
    }

    /**
     * Each mark to −50 % and +60 % in one tick, and back: every position of the book is liquidated
     * at once, twice. A warm-up step: it grows the engine's per-tick candidate buffers to the size
     * of the book (so that no later tick grows one on the measured path) and compiles the
     * liquidation path.
     */
    void sweep() {
        for (int i = 0; i < 2; i++) {
            final long start = SyntheticBook.START[i];
            tick(i, start / 2);
            tick(i, start);
            tick(i, start * 8 / 5);
            tick(i, start);
        }
        pipeline.probe(TIMEOUT);
    }

    /**
     * Each mark down to −50 %, up to +60 % and back in steps of 0.25 %: every position fires its
     * margin calls on the way to its liquidation, so at some point most of one side of the book has
     * a fired level at once. A warm-up step: the index's re-arm (recovery) heaps start small and
     * grow by doubling when more positions than ever before have a fired level, and this takes them
     * far past anything the measured path reaches (seen before it was added: 30–90 KB of heap
     * growth on the engine thread in the 200 K and 500 K ticks/s runs).
     */
    void gradualSweep() {
        for (int i = 0; i < 2; i++) {
            final long start = SyntheticBook.START[i];
            final long step = start / 400;
            for (long p = start - step; p > start / 2; p -= step) {
                tick(i, p);
            }
            for (long p = start / 2; p < start * 8 / 5; p += step) {
                tick(i, p);
            }
            for (long p = start * 8 / 5; p > start; p -= step) {
                tick(i, p);
            }
            tick(i, start);
        }
        pipeline.probe(TIMEOUT);
    }

    /** The marks back to the opening ones, then every position and wallet as generated; waits for the engine. */
    void restore() {
        tick(SyntheticBook.BTC, SyntheticBook.START[SyntheticBook.BTC]);
        tick(SyntheticBook.ETH, SyntheticBook.START[SyntheticBook.ETH]);
        seq = book.publish(publisher, seq);
        pipeline.probe(TIMEOUT);
    }

    /**
     * Publishes {@code inputs} inputs of an unknown kind: each is journaled as one REJECTION. Warms
     * the journal's append and indexing path on the engine thread (Chronicle writes an index entry
     * every 64 records, so its indexing methods only reach the C2 compiler, and stop allocating on
     * the requesting thread, after a few hundred thousand records), and after a GC re-creates the
     * per-thread index holders Chronicle keeps behind weak references (about 240 B, which the engine
     * thread would otherwise allocate at its first index entry inside the measured run).
     */
    void primeJournal(final long inputs) {
        for (long k = 0; k < inputs; k++) {
            seq++;
            publisher.publishUnknown(seq, seq);
        }
        pipeline.probe(TIMEOUT);
    }

    private void tick(final int instrument, final long price) {
        seq++;
        publisher.publishMarkPrice(seq, seq, instrument, price);
    }

    /**
     * Sends the first {@code ticks} ticks of {@code path} open loop at {@code rate} ticks/s and
     * returns what they measured (no .hgrm yet). The engine thread's allocation is the difference
     * of two probes around the run, which wait until it is idle; the injector's is read on this
     * thread around the sending loop.
     */
    RateResult measure(final PricePath path, final long rate, final int ticks) {
        final long first = seq + 1;
        recorder.arm(first, ticks);
        sink.reset();
        final EnginePipeline.Probe before = pipeline.probe(TIMEOUT);
        final long injectorBefore = threads.getCurrentThreadAllocatedBytes();
        final long start = System.nanoTime() + LEAD_NANOS;
        OpenLoopInjector.run(publisher, path, ticks, rate, first, start);
        final long injectorAfter = threads.getCurrentThreadAllocatedBytes();
        final EnginePipeline.Probe after = pipeline.probe(TIMEOUT);
        seq += ticks;
        if (after.inputs() - before.inputs() != ticks) {
            throw new IllegalStateException("the engine handled " + (after.inputs() - before.inputs()) + " inputs, "
                + ticks + " ticks were sent");
        }
        final Histogram histogram = new Histogram(3);
        final long[] worst = new long[(int) ((OpenLoopInjector.plannedAt(0, rate, ticks - 1)) / 1_000_000L) + 1];
        long lastDone = start;
        for (int k = 0; k < ticks; k++) {
            final long done = recorder.doneAt(k);
            if (done == 0) {
                throw new IllegalStateException("tick " + k + " of " + ticks + " was never stamped");
            }
            final long planned = OpenLoopInjector.plannedAt(start, rate, k);
            final long latency = Math.max(0, done - planned);
            histogram.recordValue(latency);
            final int ms = (int) ((planned - start) / 1_000_000L);
            worst[ms] = Math.max(worst[ms], latency);
            lastDone = Math.max(lastDone, done);
        }
        // ticks - 1 intervals from the first planned send to the last tick done: exactly the rate when every tick
        // is done the moment it is due, less when the engine ends behind
        final double achieved = (ticks - 1) * 1e9 / Math.max(1, lastDone - start);
        final long engineBytes = before.allocatedBytes() < 0 ? -1 : after.allocatedBytes() - before.allocatedBytes();
        final long injectorBytes = injectorBefore < 0 ? -1 : injectorAfter - injectorBefore;
        return new RateResult(rate, ticks, histogram, achieved, sink.liquidatingInputs, sink.liquidations,
            sink.marginCalls, sink.events, path.movesWithin(ticks), engineBytes, injectorBytes, worst, null);
    }

    /** The full-scan index check (0: sound); O(positions), between runs only. */
    int verify() {
        return pipeline.verify(TIMEOUT);
    }

    /** Events in the output journal so far. */
    long journaled() {
        return journal.lastOutputSequence();
    }

    int ringSize() {
        return pipeline.ringSize();
    }

    WaitStrategyChoice waitStrategy() {
        return pipeline.waitStrategy();
    }

    @Override
    public void close() {
        try {
            pipeline.close(TIMEOUT);
        } finally {
            try {
                pretoucher.close();
            } finally {
                journal.close();
            }
        }
    }
}
