package io.liquidator.engine.app;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.journal.JournalEventSink;
import io.liquidator.engine.pipeline.EnginePipeline;
import io.liquidator.engine.pipeline.InputPublisher;
import io.liquidator.engine.pipeline.SnapshotHook;
import io.liquidator.engine.pipeline.WaitStrategyChoice;
import io.liquidator.journal.OutputJournal;

import java.nio.file.Path;
import java.time.Duration;

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
    private final long resumeAfterInput;
    private final String recovery;
    private boolean closed;

    private EngineSession(final Options o) {
        this.config = o.config;
        this.journal = o.outputDir == null ? null : OutputJournal.open(o.outputDir);
        this.events = new EventCounter(journal == null ? null : new JournalEventSink(journal));
        this.engine = new LiquidationEngine(config.instruments(), o.settings, events);
        long resumeAfter = Long.MIN_VALUE;
        String how = "fresh start";
        if (journal != null && journal.lastOutputSequence() > 0) {
            journal.resumeFrom(0);
            how = "no snapshot: re-running every input, checking the " + journal.lastOutputSequence()
                + " journaled events";
        }
        this.resumeAfterInput = resumeAfter;
        this.recovery = how;
        this.pipeline = EnginePipeline.builder(engine)
            .ringSize(o.ringSize)
            .waitStrategy(o.waitStrategy)
            .snapshots(SnapshotHook.NONE, 0)
            .build()
            .start();
        pipeline.publisher().instrumentDecoder(config::parseInstrument);
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

    /** Drains the ring, stops the engine thread and closes the journal. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pipeline.close(CLOSE_TIMEOUT);
        } finally {
            if (journal != null) {
                journal.close();
            }
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

        public EngineSession open() {
            return new EngineSession(this);
        }
    }
}
