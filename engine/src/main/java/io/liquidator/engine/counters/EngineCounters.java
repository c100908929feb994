package io.liquidator.engine.counters;

import io.liquidator.engine.app.EventCounter;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.pipeline.AfterInputHook;
import io.liquidator.engine.snapshot.AsyncSnapshotWriter;
import io.liquidator.engine.snapshot.SnapshotInfo;
import io.liquidator.journal.EventRecords;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.InputRecords;
import io.liquidator.journal.Rejections;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The live counters of {@code liquidator run}, in a {@link CountersFile} that {@code liquidator stat}
 * reads from another process. Each counter is an Agrona {@link AtomicCounter} with one writer:
 *
 * <ul>
 *   <li>the producer thread (the tailer), through {@link #feed}: inputs read, by kind;</li>
 *   <li>the engine thread, through {@link #afterInput} (an {@link AfterInputHook}): events out by
 *       kind, rejections by reason, open positions, the last input handled, the last tick's time;</li>
 *   <li>the run loop, through {@link #sample} and {@link #tailerLag}: ring capacity, tailer lag,
 *       snapshots, the output journal's sequence, a heartbeat.</li>
 * </ul>
 *
 * <p>Why this costs the engine thread almost nothing: every update is a plain {@code setOrdered} (a release store)
 * (an ordered store into the mapped page, no fence, no CAS: a single writer needs none) of a value
 * the thread already has, and the event and rejection counters are copied from the
 * {@link EventCounter}'s arrays only when its total moved. Nothing allocates after construction:
 * the counters, their labels and the timing arrays are all made here, before the engine starts.
 * {@code EngineCountersAllocationTest} holds the engine thread to 0 bytes with the hook installed.
 *
 * <p>Tick time: the producer stamps each input's publication time ({@link System#nanoTime}) in a
 * circular array of twice the ring's size, keyed by input sequence (as the demo's {@code TickTimer}
 * does); the engine thread takes a tick's time as the span from the later of its publication and
 * the end of the previous input to the end of its own handling, events journaled. A stamp is used
 * only if it carries the tick's own sequence, so a slot reused early (inputs are not contiguous
 * across a journal roll) leaves that tick untimed instead of timing it wrongly.
 */
public final class EngineCounters implements AfterInputHook, AutoCloseable {
    /** Counter type ids: what family a counter belongs to (stable, printed by {@code stat --types}). */
    public static final int TYPE_INPUTS = 1001;
    public static final int TYPE_EVENTS = 1002;
    public static final int TYPE_REJECTIONS = 1003;
    public static final int TYPE_ENGINE = 1004;
    public static final int TYPE_RING = 1005;
    public static final int TYPE_TAILER = 1006;
    public static final int TYPE_SNAPSHOTS = 1007;
    public static final int TYPE_RUN = 1008;

    private static final int MAX_EVENT_KIND = 7;
    private static final int MAX_REASON = 64;

    private final CountersFile file;
    /** By {@link InputRecords} kind; [0]: inputs the source could not decode. */
    private final AtomicCounter[] inputs = new AtomicCounter[InputRecords.KIND_CONTROL + 1];
    /** By {@link EventRecords} kind, 1..{@value #MAX_EVENT_KIND}. */
    private final AtomicCounter[] events = new AtomicCounter[MAX_EVENT_KIND + 1];
    /** By {@link Rejections} reason; [0]: reasons this build has no name for. */
    private final AtomicCounter[] rejections = new AtomicCounter[MAX_REASON];
    private final long[] eventsSeen = new long[MAX_EVENT_KIND + 1];
    private final long[] rejectionsSeen = new long[MAX_REASON];
    private final AtomicCounter openPositions;
    private final AtomicCounter lastInputSequence;
    private final AtomicCounter lastTickNanos;
    private final AtomicCounter maxTickNanos;
    private final AtomicCounter ticksTimed;
    private final AtomicCounter ringCapacity;
    private final AtomicCounter ringRemaining;
    private final AtomicCounter ringHighWater;
    private final AtomicCounter tailerLag;
    private final AtomicCounter snapshotsTaken;
    private final AtomicCounter snapshotsSkipped;
    private final AtomicCounter snapshotsFailed;
    private final AtomicCounter lastSnapshotInput;
    private final AtomicCounter outputSequence;
    private final AtomicCounter heartbeat;

    // engine thread
    private EventCounter eventCounter;
    private LiquidationEngine engine;
    private long eventsTotalSeen;
    private long rejectionsTotalSeen;
    private long previousDone;
    private long maxTick;
    private long timed;

    // producer thread writes, engine thread reads (ordered by the ring's publication)
    private final long[] stampSequence;
    private final long[] stampNanos;
    private final boolean[] stampTick;
    private final int mask;

    // run loop
    private final int ringSize;
    private long highWater;

    private EngineCounters(final CountersFile file, final int ringSize) {
        this.file = file;
        this.ringSize = ringSize;
        final int slots = Integer.highestOneBit(Math.max(2, ringSize)) * 2;
        this.stampSequence = new long[slots];
        this.stampNanos = new long[slots];
        this.stampTick = new boolean[slots];
        this.mask = slots - 1;
        java.util.Arrays.fill(stampSequence, Long.MIN_VALUE);
        final CountersManager m = file.manager();
        inputs[InputRecords.KIND_MARK_PRICE] = m.newCounter("inputs.ticks", TYPE_INPUTS);
        inputs[InputRecords.KIND_POSITION] = m.newCounter("inputs.positions", TYPE_INPUTS);
        inputs[InputRecords.KIND_WALLET] = m.newCounter("inputs.wallets", TYPE_INPUTS);
        inputs[InputRecords.KIND_FUNDING] = m.newCounter("inputs.funding", TYPE_INPUTS);
        inputs[InputRecords.KIND_INSTRUMENT] = m.newCounter("inputs.instrument_updates", TYPE_INPUTS);
        inputs[InputRecords.KIND_CONTROL] = m.newCounter("inputs.controls", TYPE_INPUTS);
        inputs[0] = m.newCounter("inputs.malformed", TYPE_INPUTS);
        for (int k = 1; k <= MAX_EVENT_KIND; k++) {
            final String name = EventRecords.name(k);
            if (!name.startsWith("UNKNOWN_KIND_")) {
                events[k] = m.newCounter("events." + name.toLowerCase(Locale.ROOT), TYPE_EVENTS);
            }
        }
        for (int r = 1; r < MAX_REASON; r++) {
            final String name = Rejections.name(r);
            if (!name.startsWith("UNKNOWN_REASON_")) {
                rejections[r] = m.newCounter("rejections." + name.toLowerCase(Locale.ROOT), TYPE_REJECTIONS);
            }
        }
        rejections[0] = m.newCounter("rejections.other", TYPE_REJECTIONS);
        openPositions = m.newCounter("engine.open_positions", TYPE_ENGINE);
        lastInputSequence = m.newCounter("engine.last_input_sequence", TYPE_ENGINE);
        lastTickNanos = m.newCounter("engine.last_tick_nanos", TYPE_ENGINE);
        maxTickNanos = m.newCounter("engine.max_tick_nanos", TYPE_ENGINE);
        ticksTimed = m.newCounter("engine.ticks_timed", TYPE_ENGINE);
        ringCapacity = m.newCounter("ring.capacity", TYPE_RING);
        ringRemaining = m.newCounter("ring.remaining_capacity", TYPE_RING);
        ringHighWater = m.newCounter("ring.high_water", TYPE_RING);
        tailerLag = m.newCounter("tailer.lag", TYPE_TAILER);
        snapshotsTaken = m.newCounter("snapshots.taken", TYPE_SNAPSHOTS);
        snapshotsSkipped = m.newCounter("snapshots.skipped", TYPE_SNAPSHOTS);
        snapshotsFailed = m.newCounter("snapshots.failed", TYPE_SNAPSHOTS);
        lastSnapshotInput = m.newCounter("snapshots.last_input_sequence", TYPE_SNAPSHOTS);
        outputSequence = m.newCounter("output.last_sequence", TYPE_RUN);
        heartbeat = m.newCounter("run.heartbeat_epoch_ms", TYPE_RUN);
        ringCapacity.setOrdered(ringSize);
        ringRemaining.setOrdered(ringSize);
        lastInputSequence.setOrdered(-1);
        lastSnapshotInput.setOrdered(-1);
        heartbeat.setOrdered(System.currentTimeMillis());
    }

    /** Creates the counters file (replacing an old one) for an engine whose ring has {@code ringSize} slots. */
    public static EngineCounters create(final Path path, final int ringSize) {
        return new EngineCounters(CountersFile.create(path, CountersFile.DEFAULT_CAPACITY), ringSize);
    }

    public Path path() {
        return file.path();
    }

    /** The counters as they are (this process's view; {@code stat} reads the same from outside). */
    public org.agrona.concurrent.status.CountersReader reader() {
        return file.reader();
    }

    /**
     * What the engine thread reads the events and the book from: the session's counter and engine.
     * Call before the first input is published (the ring's publication then orders these writes
     * before the engine thread's reads); until then the hook only counts time.
     */
    public void bind(final EventCounter counter, final LiquidationEngine boundEngine) {
        this.eventCounter = counter;
        this.engine = boundEngine;
    }

    /** Wraps the producer's handler: counts each input by kind and stamps its publication time. */
    public InputHandler feed(final InputHandler next) {
        return new Feed(next);
    }

    // ---------------------------------------------------------------------------------------------
    // engine thread

    /** Engine thread, after each input and its events: allocation-free, a handful of ordered stores. */
    @Override
    public void afterInput(final long sequence) {
        final long now = System.nanoTime();
        final int i = (int) (sequence & mask);
        if (stampTick[i] && stampSequence[i] == sequence) {
            final long took = now - Math.max(previousDone, stampNanos[i]);
            lastTickNanos.setOrdered(took);
            if (took > maxTick) {
                maxTick = took;
                maxTickNanos.setOrdered(took);
            }
            ticksTimed.setOrdered(++timed);
        }
        previousDone = now;
        lastInputSequence.setOrdered(sequence);
        final EventCounter ev = eventCounter;
        if (ev == null) {
            return;
        }
        openPositions.setOrdered(engine.openPositions());
        final long total = ev.total();
        if (total == eventsTotalSeen) {
            return;
        }
        eventsTotalSeen = total;
        for (int k = 1; k <= MAX_EVENT_KIND; k++) {
            final long c = ev.count(k);
            if (c != eventsSeen[k]) {
                eventsSeen[k] = c;
                if (events[k] != null) {
                    events[k].setOrdered(c);
                }
            }
        }
        final long rejected = ev.count(EventRecords.KIND_REJECTION);
        if (rejected != rejectionsTotalSeen) {
            rejectionsTotalSeen = rejected;
            long other = 0;
            for (int r = 0; r < MAX_REASON; r++) {
                final long c = ev.rejections(r);
                if (rejections[r] == null || r == 0) {
                    other += c;
                } else if (c != rejectionsSeen[r]) {
                    rejectionsSeen[r] = c;
                    rejections[r].setOrdered(c);
                }
            }
            rejections[0].setOrdered(other);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // run loop

    /** Run loop, every turn: ring occupancy, snapshot writer, output sequence, heartbeat. */
    public void sample(final long ringRemainingCapacity, final AsyncSnapshotWriter snapshots, final long lastOutputSequence) {
        ringRemaining.setOrdered(ringRemainingCapacity);
        final long used = ringSize - ringRemainingCapacity;
        if (used > highWater) {
            highWater = used;
            ringHighWater.setOrdered(used);
        }
        if (snapshots != null) {
            snapshotsTaken.setOrdered(snapshots.written());
            snapshotsSkipped.setOrdered(snapshots.skipped());
            snapshotsFailed.setOrdered(snapshots.failed());
            final SnapshotInfo last = snapshots.lastWritten();
            if (last != null) {
                lastSnapshotInput.setOrdered(last.lastInputSequence());
            }
        }
        outputSequence.setOrdered(lastOutputSequence);
    }

    /** Run loop, now and then: records journaled but not yet read by the tailer; and the heartbeat. */
    public void tailerLag(final long records) {
        tailerLag.setOrdered(records);
        heartbeat.setOrdered(System.currentTimeMillis());
    }

    /** Stamps the close time in the file's header and unmaps it (the file stays). */
    @Override
    public void close() {
        heartbeat.setOrdered(System.currentTimeMillis());
        file.close();
    }

    // ---------------------------------------------------------------------------------------------

    /** Producer thread: counts and stamps each input, then passes it on unchanged. */
    private final class Feed implements InputHandler {
        private final InputHandler next;

        Feed(final InputHandler next) {
            this.next = next;
        }

        private void stamp(final long sequence, final int kind) {
            inputs[kind].incrementOrdered();
            final int i = (int) (sequence & mask);
            stampTick[i] = kind == InputRecords.KIND_MARK_PRICE;
            stampSequence[i] = sequence;
            stampNanos[i] = System.nanoTime();
        }

        @Override
        public void onMarkPrice(final long inputSeq, final long timestamp, final int instrument, final long price,
                                final long line) {
            stamp(inputSeq, InputRecords.KIND_MARK_PRICE);
            next.onMarkPrice(inputSeq, timestamp, instrument, price, line);
        }

        @Override
        public void onPosition(final long inputSeq, final long timestamp, final long account, final int instrument,
                               final int side, final long qty, final long entryPrice, final boolean cross,
                               final long isolatedMargin, final long line) {
            stamp(inputSeq, InputRecords.KIND_POSITION);
            next.onPosition(inputSeq, timestamp, account, instrument, side, qty, entryPrice, cross, isolatedMargin, line);
        }

        @Override
        public void onWallet(final long inputSeq, final long timestamp, final long account, final int asset,
                             final long balance, final long line) {
            stamp(inputSeq, InputRecords.KIND_WALLET);
            next.onWallet(inputSeq, timestamp, account, asset, balance, line);
        }

        @Override
        public void onFunding(final long inputSeq, final long timestamp, final int instrument, final long rate,
                              final long line) {
            stamp(inputSeq, InputRecords.KIND_FUNDING);
            next.onFunding(inputSeq, timestamp, instrument, rate, line);
        }

        @Override
        public void onInstrumentUpdate(final long inputSeq, final long timestamp, final int instrument,
                                       final CharSequence definition, final long line) {
            stamp(inputSeq, InputRecords.KIND_INSTRUMENT);
            next.onInstrumentUpdate(inputSeq, timestamp, instrument, definition, line);
        }

        @Override
        public void onControl(final long inputSeq, final long timestamp, final int code, final long line) {
            stamp(inputSeq, InputRecords.KIND_CONTROL);
            next.onControl(inputSeq, timestamp, code, line);
        }

        @Override
        public void onMalformed(final long inputSeq, final long timestamp, final int kind, final int reason,
                                final long line) {
            stamp(inputSeq, 0);
            next.onMalformed(inputSeq, timestamp, kind, reason, line);
        }
    }
}
