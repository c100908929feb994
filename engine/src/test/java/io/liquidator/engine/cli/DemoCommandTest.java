package io.liquidator.engine.cli;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.journal.EventRecordVisitor;
import io.liquidator.journal.EventRecords;
import io.liquidator.journal.OutputJournalReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code liquidator demo} in a shortened mode (2,000 accounts, the first 800 minutes of the crash,
 * through its 13:10 low; an empty insurance fund, so that auto-deleveraging happens too), run in-process through
 * {@link LiquidatorCli#run} with {@code --keep}: every figure it prints about events agrees with
 * the output journal it leaves, read here independently of the demo's own reader; liquidations
 * happened as the price fell; the picture is a readable PNG. Plus {@code --help}, a synthetic run,
 * and the user errors.
 */
class DemoCommandTest {
    private static final Pattern EVENTS = Pattern.compile("(?m)^  events      ([\\d,]+) in the output journal: (.*)$");
    private static final Pattern LIQUIDATED = Pattern.compile(
        "(?m)^  liquidated  ([\\d,]+) positions, ([\\d,]+) USDT at the mark: ([\\d,]+) long .*, ([\\d,]+) short .*$");
    private static final Pattern FUND = Pattern.compile("(?m)^  fund        ([-\\d,.]+) -> ([-\\d,.]+) USDT");
    private static final Pattern ADL = Pattern.compile("(?m)^  ADL         ([\\d,]+) fills");
    private static final Pattern LARGEST = Pattern.compile("(?m)^    \\d\\. account (\\d+), ");
    private static final Pattern LARGEST_NOTIONAL = Pattern.compile("(?m)^       liquidated at .*, notional ([\\d,]+) USDT$");
    private static final Pattern THROUGHPUT = Pattern.compile("(?m)^  throughput  ([\\d,]+) ticks in .*: ([\\d,]+) ticks/s");
    private static final Pattern LATENCY =
        Pattern.compile("(?m)^  latency     per tick on the engine thread.*p50 .*p99 .*max .*\\(([\\d,]+) ticks\\)$");

    @TempDir
    static Path root;
    private static Path out;
    private static Cli.Result demo;
    private static Journal journal;

    /** Everything the test needs from the journal, counted here without the demo's code. */
    private static final class Journal implements EventRecordVisitor {
        final Instrument inst = LiquidatorConfig.bundledDefault().instrument("BTCUSDT").orElseThrow();
        final long[] byKind = new long[8];
        final List<long[]> liquidations = new ArrayList<>(); // account, notional, mark, timestamp, side
        long lastFund = Long.MIN_VALUE;

        @Override
        public void onMarginCall(final long o, final long i, final long t, final long a, final int in, final boolean c,
                                 final int l, final long lr, final long m, final long e, final long mm, final int tier,
                                 final long r) {
            byKind[EventRecords.KIND_MARGIN_CALL]++;
        }

        @Override
        public void onPartialLiquidation(final long o, final long i, final long t, final long a, final int in,
                                         final int side, final long closed, final long rem, final long m, final long b,
                                         final long e, final long mm, final int tier, final long r, final int rule) {
            byKind[EventRecords.KIND_PARTIAL_LIQUIDATION]++;
            liquidations.add(new long[]{a, MarginMath.notional(inst, closed, m), m, t, side});
        }

        @Override
        public void onLiquidation(final long o, final long i, final long t, final long a, final int in, final int side,
                                  final long qty, final boolean c, final long m, final long b, final long e,
                                  final long mm, final int tier, final long r, final int rule) {
            byKind[EventRecords.KIND_LIQUIDATION]++;
            liquidations.add(new long[]{a, MarginMath.notional(inst, qty, m), m, t, side});
        }

        @Override
        public void onInsuranceFund(final long o, final long i, final long t, final long a, final int in,
                                    final int asset, final long delta, final long after) {
            byKind[EventRecords.KIND_INSURANCE_FUND]++;
            lastFund = after;
        }

        @Override
        public void onAdl(final long o, final long i, final long t, final long a, final int in, final int side,
                          final long qty, final long price, final long liq, final long score) {
            byKind[EventRecords.KIND_ADL]++;
        }

        @Override
        public void onRejection(final long o, final long i, final long t, final long a, final int in, final int kind,
                                final int reason, final long line) {
            byKind[EventRecords.KIND_REJECTION]++;
        }

        @Override
        public void onGuard(final long o, final long i, final long t, final long a, final int in, final int reason,
                            final int state, final long price, final long reference) {
            byKind[EventRecords.KIND_GUARD]++;
        }

        long total() {
            long n = 0;
            for (final long c : byKind) {
                n += c;
            }
            return n;
        }
    }

    @BeforeAll
    static void runTheDemoOnce() {
        out = root.resolve("out");
        demo = Cli.run("demo", "--accounts", "2000", "--bars", "800", "--insurance-fund", "0", "--keep",
            "--out", out.toString());
        assertEquals(0, demo.code(), () -> demo.out() + demo.err());
        journal = new Journal();
        try (OutputJournalReader reader = OutputJournalReader.open(out.resolve("liquidator-demo").resolve("journal"))) {
            reader.readAll(journal);
        }
    }

    @Test
    void eventCountsByKindAgreeWithTheJournal() {
        final Matcher m = EVENTS.matcher(demo.out());
        assertTrue(m.find(), demo.out());
        assertEquals(journal.total(), number(m.group(1)));
        final Map<String, Long> printed = new LinkedHashMap<>();
        for (final String part : m.group(2).split(", ")) {
            final String[] kv = part.split(" ");
            printed.put(kv[0], number(kv[1]));
        }
        for (int k = EventRecords.KIND_MARGIN_CALL; k <= EventRecords.KIND_REJECTION; k++) {
            assertEquals(journal.byKind[k], printed.get(EventRecords.name(k)), EventRecords.name(k));
        }
        final Matcher adl = ADL.matcher(demo.out());
        assertTrue(adl.find(), demo.out());
        assertEquals(journal.byKind[EventRecords.KIND_ADL], number(adl.group(1)));
        assertTrue(journal.byKind[EventRecords.KIND_ADL] > 0, "an empty fund cannot pay, so ADL fills: " + demo.out());
        assertEquals("", demo.err());
    }

    @Test
    void liquidatedNotionalAndTheFundAgreeWithTheJournal() {
        final Matcher m = LIQUIDATED.matcher(demo.out());
        assertTrue(m.find(), demo.out());
        assertEquals(journal.liquidations.size(), number(m.group(1)));
        long notional = 0;
        long longs = 0;
        for (final long[] l : journal.liquidations) {
            notional += l[1];
            longs += l[4] > 0 ? 1 : 0;
        }
        assertEquals(String.format(Locale.ROOT, "%,.0f", notional / 1e8), m.group(2));
        assertEquals(longs, number(m.group(3)));
        assertEquals(journal.liquidations.size() - longs, number(m.group(4)));

        final Matcher f = FUND.matcher(demo.out());
        assertTrue(f.find(), demo.out());
        assertEquals("0.00", f.group(1));
        assertEquals(String.format(Locale.ROOT, "%,.2f", journal.lastFund / 1e8), f.group(2));
    }

    @Test
    void theLargestLiquidationsPrintedAreTheLargestInTheJournal() {
        final List<long[]> sorted = new ArrayList<>(journal.liquidations);
        sorted.sort(Comparator.comparingLong((long[] l) -> l[1]).reversed());
        final List<Long> expected = new ArrayList<>();
        final List<String> expectedNotional = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            expected.add(sorted.get(k)[0]);
            expectedNotional.add(String.format(Locale.ROOT, "%,.0f", sorted.get(k)[1] / 1e8));
        }
        final List<Long> printed = new ArrayList<>();
        final Matcher m = LARGEST.matcher(demo.out());
        while (m.find()) {
            printed.add(Long.parseLong(m.group(1)));
        }
        final List<String> printedNotional = new ArrayList<>();
        final Matcher n = LARGEST_NOTIONAL.matcher(demo.out());
        while (n.find()) {
            printedNotional.add(n.group(1));
        }
        assertEquals(expected, printed, demo.out());
        assertEquals(expectedNotional, printedNotional, demo.out());
    }

    @Test
    void longsWereLiquidatedAsThePriceFell() {
        // the first 800 minutes (to 13:19) open at 42,882.5 and fall to 28,688 at 13:10: longs go, below the open
        final long open = 428_825;
        long longsBelowOpen = 0;
        final long first = 1_621_382_400_000L;
        for (final long[] l : journal.liquidations) {
            assertTrue(l[3] >= first && l[3] < first + 800 * 60_000L, "liquidated inside the replayed window");
            if (l[4] > 0 && l[2] < open) {
                longsBelowOpen++;
            }
        }
        assertTrue(longsBelowOpen > 100, "longs liquidated below the open: " + longsBelowOpen);
        assertTrue(journal.liquidations.stream().anyMatch(l -> l[4] > 0 && l[2] < 300_000),
            "some long liquidated below 30,000 in the 13:00 crash");
    }

    @Test
    void throughputAndLatencyAreReportedForEveryTick() {
        final Matcher t = THROUGHPUT.matcher(demo.out());
        assertTrue(t.find(), demo.out());
        assertEquals(3200, number(t.group(1)));
        assertTrue(number(t.group(2)) > 0);
        final Matcher l = LATENCY.matcher(demo.out());
        assertTrue(l.find(), demo.out());
        assertEquals(3200, number(l.group(1)));
    }

    @Test
    void thePictureIsAReadablePng() throws IOException {
        final Path png = out.resolve("demo.png");
        assertTrue(Files.isRegularFile(png), demo.out());
        final BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "ImageIO reads it");
        assertEquals(1400, image.getWidth());
        assertTrue(image.getHeight() >= 800, "two panels: " + image.getHeight());
        assertTrue(demo.out().contains("  picture     " + png.toAbsolutePath().normalize()), demo.out());
    }

    @Test
    void theKeptInputsReplayToTheSameJournal() {
        final Path kept = out.resolve("liquidator-demo");
        assertTrue(Files.isRegularFile(kept.resolve("positions.csv")));
        assertTrue(Files.isRegularFile(kept.resolve("wallets.csv")));
        assertTrue(Files.isRegularFile(kept.resolve("btcusdt-1m.csv")));
        final Cli.Result again = Cli.run("replay", "--positions", kept.resolve("positions.csv").toString(),
            "--wallets", kept.resolve("wallets.csv").toString(), "--ticks", kept.resolve("btcusdt-1m.csv").toString(),
            "--ticks-format", "binance-klines", "--instrument", "BTCUSDT", "--insurance-fund", "USDT=0",
            "--out", root.resolve("replayed").toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("(" + String.format(Locale.ROOT, "%,d", journal.total()) + " events)")
            || again.out().contains("(" + journal.total() + " events)"), again.out());
    }

    @Test
    void simulatedMarketIsLabelledAndRuns() throws IOException {
        final Path dir = root.resolve("sim");
        final Cli.Result r = Cli.run("demo", "--simulated", "--minutes", "90", "--accounts", "300", "--out", dir.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("liquidator demo: SIMULATED market"), r.out());
        assertTrue(r.out().contains("  ticks       360 marks from 90 one-minute bars"), r.out());
        assertNotNull(ImageIO.read(dir.resolve("demo.png").toFile()));
        assertTrue(r.out().contains("written to a temporary directory and deleted"), r.out());
    }

    @Test
    void helpExitsZero() {
        final Cli.Result r = Cli.run("demo", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--simulated") && r.out().contains("--keep"), r.out());
    }

    @Test
    void userErrorsAreOneLineWithExitOne() {
        assertUserError(Cli.run("demo", "--minutes", "10"), "--minutes needs --simulated");
        assertUserError(Cli.run("demo", "--simulated", "--bars", "10"), "--bars is for the real market");
        assertUserError(Cli.run("demo", "--bars", "0"), "--bars must be 1 to 975");
        assertUserError(Cli.run("demo", "--accounts", "0"), "--accounts must be 1 to 1,000,000");
        assertUserError(Cli.run("demo", "--insurance-fund", "-5"), "--insurance-fund must not be negative");
        assertUserError(Cli.run("demo", "--keep", "--out", out.toString()), "already holds a kept run");
    }

    private static void assertUserError(final Cli.Result r, final String message) {
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("liquidator demo: ") && r.err().contains(message), r.err());
    }

    private static long number(final String s) {
        return Long.parseLong(s.replace(",", ""));
    }
}
