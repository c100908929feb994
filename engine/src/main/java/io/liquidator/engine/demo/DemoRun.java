package io.liquidator.engine.demo;

import io.liquidator.engine.app.EngineSession;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.pipeline.EnginePipeline;
import io.liquidator.engine.replay.CsvReplaySource;
import io.liquidator.engine.replay.TickFormat;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * One demo run, start to end: the market file, the generated book, the real pipeline
 * ({@link EngineSession}: ring, engine thread, Chronicle output journal) fed by the same
 * {@link CsvReplaySource} as {@code liquidator replay}, then the journal read back for the
 * figures, and the picture.
 *
 * <p>Its files (the bars, positions.csv, wallets.csv and the journal) are written to a temporary
 * directory, deleted at the end, or to {@code OUT/liquidator-demo} with {@link Options#keep}, from
 * where {@code liquidator replay} and {@code liquidator dump} can take them.
 */
public final class DemoRun {
    /** The instrument the demo trades: the bundled configuration's BTCUSDT. */
    public static final String SYMBOL = "BTCUSDT";
    /** The directory {@code --keep} leaves under the output directory. */
    public static final String KEPT_DIR = "liquidator-demo";
    public static final String PICTURE = "demo.png";
    /** Default opening insurance fund as a share of the book's notional at entry, in basis points. */
    public static final long DEFAULT_FUND_BPS = 50;

    private DemoRun() {
    }

    /** What to run. */
    public static final class Options {
        int accounts = 20_000;
        long seed = 20210519L;
        int bars;
        boolean simulated;
        int minutes = 1440;
        Long insuranceFund;
        Path out = Path.of(".");
        boolean keep;
        PrintStream terminal;

        public Options accounts(final int n) {
            this.accounts = n;
            return this;
        }

        public Options seed(final long s) {
            this.seed = s;
            return this;
        }

        /** Only the first n bars of the real market (0: all). */
        public Options bars(final int n) {
            this.bars = n;
            return this;
        }

        /** A synthetic market of {@code minutes} bars instead of the real one. */
        public Options simulated(final int minutes) {
            this.simulated = true;
            this.minutes = minutes;
            return this;
        }

        /** Opening insurance fund in USDT balance units; null: {@value DemoRun#DEFAULT_FUND_BPS} bp of the book's notional. */
        public Options insuranceFund(final Long balanceUnits) {
            this.insuranceFund = balanceUnits;
            return this;
        }

        public Options out(final Path dir) {
            this.out = dir;
            return this;
        }

        public Options keep(final boolean k) {
            this.keep = k;
            return this;
        }

        /** Where a progress bar is drawn, or null for plain progress lines. */
        public Options terminal(final PrintStream t) {
            this.terminal = t;
            return this;
        }
    }

    /** What a run produced; the figures about events are in {@link #summary()}, read from the journal. */
    public record Result(DemoMarket market, DemoBook book, long openingFund, JournalSummary summary, long ticks,
                         long inputs, long malformed, Histogram tickNanos, long tickSpanNanos, long wallNanos,
                         long engineFund, int openPositions, Path journal, Path picture, String pictureError,
                         Path workDir) {
    }

    /**
     * Runs the demo; progress goes to the terminal or {@code out} while it runs.
     *
     * @throws IllegalStateException if {@code --keep}'s directory exists and is not empty
     */
    public static Result run(final Options o, final PrintWriter out) throws IOException {
        final LiquidatorConfig config = LiquidatorConfig.bundledDefault();
        final Instrument inst = config.instrument(SYMBOL)
            .orElseThrow(() -> new IllegalStateException("the bundled configuration has no " + SYMBOL));
        final Path work = workDir(o);
        final long started = System.nanoTime();
        try {
            final DemoMarket market = o.simulated ? DemoMarket.simulated(work, o.minutes, o.seed)
                : DemoMarket.crash(work, o.bars);
            final long firstLevel = EngineSettings.defaults().marginCallLevels()[0];
            final DemoBook book = DemoBook.generate(inst, o.accounts, o.seed, market.openPrice(), firstLevel);
            book.writeTo(work, market.firstOpenTime());
            final long fund = o.insuranceFund != null ? o.insuranceFund : book.notional() / 10_000 * DEFAULT_FUND_BPS;
            final EngineSettings settings = EngineSettings.builder().insuranceFund(inst.settlementAsset(), fund)
                .expectedPositions(o.accounts).build();
            out.println(DemoReport.header(market, book, fund, inst));
            out.flush();

            final Path journal = work.resolve("journal");
            final TickTimer timer = new TickTimer(EnginePipeline.DEFAULT_RING_SIZE);
            final long totalTicks = 4L * market.bars();
            final DemoFeed feed;
            final long engineFund;
            final int openPositions;
            final EngineSession session = EngineSession.options(config, settings).output(journal).afterInput(timer)
                .open();
            try (DemoProgress progress = DemoProgress.create(o.terminal, out, totalTicks)) {
                feed = new DemoFeed(session.input(), timer, () -> progress.update(timer.ticksHandled()));
                CsvReplaySource.builder(config)
                    .wallets(DemoBook.walletsFile(work))
                    .positions(DemoBook.positionsFile(work))
                    .ticks(market.file(), TickFormat.BINANCE_KLINES, SYMBOL)
                    .build()
                    .run(feed);
                while (timer.ticksHandled() < feed.ticks() && session.failure() == null) {
                    progress.update(timer.ticksHandled());
                    LockSupport.parkNanos(5_000_000L);
                }
                progress.update(timer.ticksHandled());
            } finally {
                session.close();
            }
            engineFund = session.engine().insuranceFund(session.engine().assetId(inst.settlementAsset()));
            openPositions = session.engine().openPositions();
            final long wall = System.nanoTime() - started;

            final JournalSummary summary = JournalSummary.read(journal, config, settings.insuranceFund(), inst);
            final Path picture = o.out.resolve(PICTURE);
            String pictureError = null;
            try {
                Files.createDirectories(o.out);
                DemoChart.write(picture, market.label(), feed, summary, market.bars() > 1440);
            } catch (final IOException | RuntimeException | LinkageError e) {
                pictureError = e.toString();
            }
            return new Result(market, book, fund, summary, feed.ticks(), feed.inputs(), feed.malformed(),
                timer.histogram(), timer.tickSpanNanos(), wall, engineFund, openPositions,
                o.keep ? journal : null, pictureError == null ? picture : null, pictureError, o.keep ? work : null);
        } finally {
            if (!o.keep) {
                deleteRecursively(work);
            }
        }
    }

    private static Path workDir(final Options o) throws IOException {
        if (!o.keep) {
            return Files.createTempDirectory("liquidator-demo-");
        }
        final Path dir = o.out.resolve(KEPT_DIR);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalStateException(dir + " already holds a kept run: remove it or choose another --out");
                }
            }
        }
        return Files.createDirectories(dir);
    }

    static void deleteRecursively(final Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (final IOException | UncheckedIOException e) {
            // a temporary directory left behind is not worth failing the demo for
        }
    }
}
