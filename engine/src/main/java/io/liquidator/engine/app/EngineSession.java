package io.liquidator.engine.app;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.journal.JournalEventSink;
import io.liquidator.engine.pipeline.AfterInputHook;
import io.liquidator.engine.pipeline.EnginePipeline;
import io.liquidator.engine.pipeline.InputPublisher;
import io.liquidator.engine.pipeline.SnapshotHook;
import io.liquidator.engine.pipeline.WaitStrategyChoice;
import io.liquidator.engine.snapshot.AsyncSnapshotWriter;
import io.liquidator.engine.snapshot.Snapshot;
import io.liquidator.engine.snapshot.SnapshotStore;
import io.liquidator.journal.OutputJournal;
import io.liquidator.journal.QueuePretoucher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * One engine with its output journal and its ring, recovered and ready for input: what {@code run},
 * {@code replay} and the crash test share, so that they run the same code.
 *
 * <p>Recovery, when the output journal already holds events (a restart): the engine starts from
 * the newest valid snapshot, or from nothing; every input after the snapshot's last input is
 * re-run; the events the journal already holds are regenerated and checked against it byte for
 * byte ({@link OutputJournal#resumeFrom}) instead of appended again, and the first event past them
 * is appended as new. So the journal holds each event exactly once, in order, whatever moment the
 * previous process died at.
 */
public final class EngineSession implements AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofMinutes(5);

    private final LiquidatorConfig config;
    private final LiquidationEngine engine;
    private final EventCounter events;
    private final OutputJournal journal;
    private final EnginePipeline pipeline;
    private final AsyncSnapshotWriter snapshots;
    private final QueuePretoucher pretoucher;
    private final long resumeAfterInput;
    private final String recovery;
    private boolean closed;

    private EngineSession(final Options o) {
        this.config = o.config;
        this.journal = o.outputDir == null ? null : OutputJournal.open(o.outputDir);
        this.events = new EventCounter(TeeEventSink.of(journal == null ? null : new JournalEventSink(journal), o.listener));
        this.engine = new LiquidationEngine(config.instruments(), o.settings, o.sinkWrapper.apply(events));
        final long fingerprint = fingerprint(config, o.settings);
        final java.util.List<String> how = new java.util.ArrayList<>();
        long resumeAfter = Long.MIN_VALUE;
        long outputAtSnapshot = 0;
        SnapshotStore store = null;
        if (o.snapshotDir != null) {
            try {
                store = new SnapshotStore(o.snapshotDir);
                final SnapshotStore.Selection chosen = store.newestValid(fingerprint);
                for (final String skipped : chosen.skipped()) {
                    how.add("skipped snapshot " + skipped);
                }
                if (chosen.found().isPresent()) {
                    final Snapshot snapshot = chosen.found().get();
                    snapshot.restoreInto(engine);
                    resumeAfter = snapshot.info().lastInputSequence();
                    outputAtSnapshot = snapshot.info().outputSequence();
                    how.add("restored " + snapshot.info().path().getFileName() + " (input " + resumeAfter + ", "
                        + outputAtSnapshot + " events)");
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read the snapshot directory " + o.snapshotDir, e);
            }
        }
        if (journal != null && (journal.lastOutputSequence() > outputAtSnapshot || outputAtSnapshot > 0)) {
            final long toCheck = journal.lastOutputSequence() - outputAtSnapshot;
            journal.resumeFrom(outputAtSnapshot);
            how.add((resumeAfter == Long.MIN_VALUE ? "no snapshot: re-running every input" : "re-running the inputs after it")
                + ", checking the " + toCheck + " events journaled since against the journal");
        }
        this.resumeAfterInput = resumeAfter;
        this.recovery = how.isEmpty() ? "fresh start" : String.join("; ", how);
        this.snapshots = store == null ? null : new AsyncSnapshotWriter(store, fingerprint);
        final AsyncSnapshotWriter writer = snapshots;
        final OutputJournal out = journal;
        this.pipeline = EnginePipeline.builder(engine)
            .ringSize(o.ringSize)
            .waitStrategy(o.waitStrategy)
            .snapshots(writer == null ? SnapshotHook.NONE
                : e -> writer.capture(e, out == null ? 0 : out.lastOutputSequence()), o.snapshotEveryInputs)
            .afterInput(o.afterInput)
            .build()
            .start();
        pipeline.publisher().instrumentDecoder(config::parseInstrument);
        this.pretoucher = journal == null || !o.pretouch ? null : journal.startPretouch(QueuePretoucher.DEFAULT_INTERVAL_MILLIS);
    }

    /**
     * The configuration text's fingerprint combined with the engine settings that change outcomes:
     * a snapshot taken under one must not be restored under another. (Policy parameters beyond its
     * class are not included yet.) Price guards count only when there are some, so a run without
     * guards keeps the fingerprint it had before guards existed.
     */
    public static long fingerprint(final LiquidatorConfig config, final EngineSettings settings) {
        final String s = Arrays.toString(settings.marginCallLevels()) + '|' + settings.hysteresis() + '|'
            + settings.policy().getClass().getName() + '|' + new java.util.TreeMap<>(settings.insuranceFund())
            + (settings.priceGuards().isEmpty() ? "" : "|guards " + settings.priceGuards());
        long h = config.fingerprint();
        for (final byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return h;
    }

    public static Options options(final LiquidatorConfig config, final EngineSettings settings) {
        return new Options(config, settings);
    }

    /** Where inputs go (this thread only: the ring has one producer, the thread that opened the session). */
    public InputPublisher input() {
        return pipeline.publisher();
    }

    /** Inputs up to and including this sequence are already in the engine's state (Long.MIN_VALUE: none). */
    public long resumeAfterInput() {
        return resumeAfterInput;
    }

    /**
     * Asks for a snapshot after every input published so far, without waiting (a no-op without a
     * snapshot directory). The engine thread skips it if the previous one is still being written.
     */
    public void requestSnapshot() {
        if (snapshots != null) {
            pipeline.requestSnapshot();
        }
    }

    /** Free slots in the ring (see {@link EnginePipeline#remainingCapacity()}). */
    public long remainingCapacity() {
        return pipeline.remainingCapacity();
    }

    /** Why the engine thread stopped, or null while it runs. */
    public Throwable failure() {
        return pipeline.failure();
    }

    /** The snapshot writer's counters, or null without snapshots. */
    public AsyncSnapshotWriter snapshots() {
        return snapshots;
    }

    /** One line on how this session started (fresh, from a snapshot, or re-running the journal). */
    public String recovery() {
        return recovery;
    }

    public LiquidatorConfig config() {
        return config;
    }

    public LiquidationEngine engine() {
        return engine;
    }

    public EventCounter events() {
        return events;
    }

    /** The output sequence of the last event journaled (0 without a journal). */
    public long lastOutputSequence() {
        return journal == null ? 0 : journal.lastOutputSequence();
    }

    /**
     * Drains the ring, stops the engine thread and closes the journal. Idempotent. After the engine
     * halted on an internal error ({@link #failure()} set; the journal's last record is its
     * INTERNAL_ERROR rejection) no snapshot is taken, and this throws once the journal is closed: a
     * {@code run} then exits non-zero, and a restart recovers from the last good snapshot.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            try {
                if (snapshots != null && pipeline.failure() == null) {
                    awaitSnapshotWriterIdle();
                    pipeline.snapshot(CLOSE_TIMEOUT);
                }
            } finally {
                pipeline.close(CLOSE_TIMEOUT);
            }
        } finally {
            try {
                if (snapshots != null) {
                    snapshots.close();
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (pretoucher != null) {
                    pretoucher.close();
                }
                if (journal != null) {
                    journal.close();
                }
            }
        }
    }

    /**
     * The snapshot at close is the one a restart resumes from: wait for a periodic snapshot still
     * being written rather than have the writer skip this one.
     */
    private void awaitSnapshotWriterIdle() {
        final long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        while (snapshots.busy() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
    }

    /** What a session needs; {@link #open()} recovers and starts it. */
    public static final class Options {
        private final LiquidatorConfig config;
        private final EngineSettings settings;
        private Path outputDir;
        private Path snapshotDir;
        private long snapshotEveryInputs;
        private int ringSize = EnginePipeline.DEFAULT_RING_SIZE;
        private WaitStrategyChoice waitStrategy = WaitStrategyChoice.DEFAULT;
        private boolean pretouch = true;
        private AfterInputHook afterInput = AfterInputHook.NONE;
        private io.liquidator.engine.core.EventSink listener;
        private java.util.function.UnaryOperator<io.liquidator.engine.core.EventSink> sinkWrapper = sink -> sink;

        private Options(final LiquidatorConfig config, final EngineSettings settings) {
            this.config = config;
            this.settings = settings;
        }

        /** The output journal's directory; null: events are only counted (a replay measuring the engine alone). */
        public Options output(final Path dir) {
            this.outputDir = dir;
            return this;
        }

        /** Where snapshots are written and recovered from, and every how many inputs (0: on request only). */
        public Options snapshots(final Path dir, final long everyInputs) {
            this.snapshotDir = dir;
            this.snapshotEveryInputs = everyInputs;
            return this;
        }

        public Options ringSize(final int size) {
            this.ringSize = size;
            return this;
        }

        public Options waitStrategy(final WaitStrategyChoice choice) {
            this.waitStrategy = choice;
            return this;
        }

        /**
         * Whether a background thread maps the output journal's next pages ahead of the engine thread
         * (default on; see {@link QueuePretoucher}). Off for measurements of the journal alone.
         */
        public Options pretouch(final boolean on) {
            this.pretouch = on;
            return this;
        }

        /**
         * Called on the engine thread after each input, its events journaled (see
         * {@link AfterInputHook}): how the demo times ticks where they are processed. Default: none.
         */
        public Options afterInput(final AfterInputHook hook) {
            this.afterInput = hook;
            return this;
        }

        /**
         * Also hands every event to {@code sink}, on the engine thread, after the output journal (if
         * any) has it: how an embedding application receives events ({@code Liquidator}). A restart
         * that re-runs inputs delivers their events again. Default: none.
         */
        public Options listener(final io.liquidator.engine.core.EventSink sink) {
            this.listener = sink;
            return this;
        }

        /**
         * Fault injection for tests: the engine's sink is {@code wrapper} applied to the session's
         * (which counts and journals); the wrapper must pass every call on, and may throw instead.
         */
        Options sinkWrapper(final java.util.function.UnaryOperator<io.liquidator.engine.core.EventSink> wrapper) {
            this.sinkWrapper = wrapper;
            return this;
        }

        public EngineSession open() {
            return new EngineSession(this);
        }
    }
}
