package io.liquidator.engine.replay;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.journal.InputHandler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A replay's input stream from files: wallets, positions and ticks merged by timestamp into one
 * sequence, fed to an {@link InputHandler}.
 *
 * <p>Order. Inputs go in timestamp order (each file's clock, see {@link RowReader}); at equal
 * timestamps wallets come first, then positions, then ticks (tick files in the order given), and
 * rows of one file keep their file order. {@code formats.md} puts positions and wallets before a
 * tick at the same {@code ts}; wallets go before positions so that a cross position opened at a
 * {@code ts} is valued against the balance its account has at that {@code ts}, not the one before.
 *
 * <p>Sequence. Inputs are numbered 1, 2, 3… (or from {@link Builder#firstSequence}) over the merged
 * stream, rejected rows included in their place: the rejection of line 7 is journaled between the
 * same neighbours on every run, and the numbers match what a live input journal of the same stream
 * would carry. {@code line} is the row's line in its own file.
 *
 * <p>Streaming k-way merge: one input per file is held, the earliest goes next; memory does not
 * grow with the files. Every file is opened (and its header checked) before the first input is
 * handed on, so a usage error stops the run before it starts. A source can be {@link #run} more
 * than once; each run reads the files afresh.
 */
public final class CsvReplaySource {
    private static final String WALLETS = "wallets";
    private static final String POSITIONS = "positions";
    private static final String TICKS = "ticks";

    private record Source(String role, Path file, TickFormat format, String instrument) {
    }

    private final LiquidatorConfig config;
    private final List<Source> sources;
    private final long firstSequence;

    private CsvReplaySource(final Builder b) {
        this.config = b.config;
        final List<Source> s = new ArrayList<>();
        if (b.wallets != null) {
            s.add(new Source(WALLETS, b.wallets, null, null));
        }
        if (b.positions != null) {
            s.add(new Source(POSITIONS, b.positions, null, null));
        }
        s.addAll(b.ticks);
        this.sources = List.copyOf(s);
        this.firstSequence = b.firstSequence;
    }

    public static Builder builder(final LiquidatorConfig config) {
        return new Builder(config);
    }

    /**
     * Reads every file to its end, handing each input to {@code handler} in merged order.
     *
     * @throws ReplayFileException if a file cannot be opened, has a wrong header (before any input
     *                             is handed on) or cannot be read further (after some were)
     */
    public ReplaySummary run(final InputHandler handler) {
        Objects.requireNonNull(handler, "handler");
        final RowReader[] readers = new RowReader[sources.size()];
        try {
            for (int i = 0; i < readers.length; i++) {
                readers[i] = open(sources.get(i));
            }
            final boolean[] live = new boolean[readers.length];
            for (int i = 0; i < readers.length; i++) {
                live[i] = readers[i].next();
            }
            final long[] byReason = new long[64];
            long seq = firstSequence;
            while (true) {
                int best = -1;
                long bestClock = 0;
                for (int i = 0; i < readers.length; i++) {
                    // strictly earlier wins: at equal clocks the earlier source (wallets, positions, ticks) goes first
                    if (live[i] && (best < 0 || readers[i].clock() < bestClock)) {
                        best = i;
                        bestClock = readers[i].clock();
                    }
                }
                if (best < 0) {
                    break;
                }
                final RowReader r = readers[best];
                r.emit(seq++, handler);
                final int reason = r.rejection();
                if (reason != 0) {
                    byReason[reason < byReason.length ? reason : 0]++;
                }
                live[best] = r.next();
            }
            final List<ReplaySummary.FileSummary> files = new ArrayList<>(readers.length);
            for (int i = 0; i < readers.length; i++) {
                final Source s = sources.get(i);
                final RowReader r = readers[i];
                files.add(new ReplaySummary.FileSummary(s.role(), r.file(), s.format(), r.rows(), r.inputs(),
                    r.rejected(), r.pricesRounded()));
            }
            return new ReplaySummary(files, firstSequence, seq - firstSequence, byReason);
        } finally {
            for (final RowReader r : readers) {
                if (r != null) {
                    r.close();
                }
            }
        }
    }

    private RowReader open(final Source s) {
        switch (s.role()) {
            case WALLETS:
                return WalletsCsv.open(config, s.file());
            case POSITIONS:
                return PositionsCsv.open(config, s.file());
            default:
                return s.format().open(config, s.file(), s.instrument());
        }
    }

    /** The files of a replay; ticks are required, wallets and positions optional. */
    public static final class Builder {
        private final LiquidatorConfig config;
        private Path wallets;
        private Path positions;
        private final List<Source> ticks = new ArrayList<>();
        private long firstSequence = 1;

        private Builder(final LiquidatorConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The Wallets CSV ({@link WalletsCsv}). At most one. */
        public Builder wallets(final Path file) {
            if (wallets != null) {
                throw new IllegalStateException("wallets file already given: " + wallets);
            }
            this.wallets = Objects.requireNonNull(file, "file");
            return this;
        }

        /** The Positions CSV ({@link PositionsCsv}). At most one. */
        public Builder positions(final Path file) {
            if (positions != null) {
                throw new IllegalStateException("positions file already given: " + positions);
            }
            this.positions = Objects.requireNonNull(file, "file");
            return this;
        }

        /** A Ticks CSV ({@link TicksCsv}). */
        public Builder ticks(final Path file) {
            return ticks(file, TickFormat.CSV, null);
        }

        /**
         * A tick file of any format; may be given several times (e.g. one Binance file per
         * instrument), merged by time, in the order given at equal times.
         *
         * @param instrument the symbol the prices are for: required for the Binance formats, null for CSV
         * @throws IllegalArgumentException if the symbol is missing, unknown, or given for CSV
         */
        public Builder ticks(final Path file, final TickFormat format, final String instrument) {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(format, "format");
            format.instrumentFor(config, file, instrument);
            ticks.add(new Source(TICKS, file, format, instrument));
            return this;
        }

        /** The sequence of the first input (default 1), e.g. to continue an existing input journal. */
        public Builder firstSequence(final long sequence) {
            if (sequence < 1) {
                throw new IllegalArgumentException("the first sequence must be at least 1: " + sequence);
            }
            this.firstSequence = sequence;
            return this;
        }

        /** @throws IllegalStateException if no ticks file was given */
        public CsvReplaySource build() {
            if (ticks.isEmpty()) {
                throw new IllegalStateException("a replay needs a ticks file");
            }
            return new CsvReplaySource(this);
        }
    }
}
