package io.liquidator.engine.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.liquidator.engine.cli.CompareScenario.FUND_SECTION;
import static io.liquidator.engine.cli.CompareScenario.POSITIONS_1_TO_4;
import static io.liquidator.engine.cli.CompareScenario.POSITIONS_1_TO_5;
import static io.liquidator.engine.cli.CompareScenario.STRICT;
import static io.liquidator.engine.cli.CompareScenario.TICKS;
import static io.liquidator.engine.cli.CompareScenario.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code liquidator compare} on the hand-checked {@link CompareScenario}: the bundled Binance
 * brackets against a stricter table, and the full policy against tier step-down, each figure of
 * the table asserted exactly; the picture; the user errors.
 */
class CompareCommandTest {
    @TempDir
    static Path dir;
    private static Path positions;
    private static Path ticks;
    private static Path binance;
    private static Path strict;
    private static Path out;
    private static Cli.Result brackets;

    @BeforeAll
    static void compareTheTwoTables() throws IOException {
        positions = write(dir, "positions.csv", POSITIONS_1_TO_4);
        ticks = write(dir, "ticks.csv", TICKS);
        binance = write(dir, "binance.yaml", CompareScenario.bundledText() + FUND_SECTION);
        strict = write(dir, "strict.yaml", STRICT + FUND_SECTION);
        out = dir.resolve("brackets");
        brackets = Cli.run("compare", "--positions", positions.toString(), "--ticks", ticks.toString(),
            "--config", binance.toString(), "--config", strict.toString(), "--out", out.toString());
    }

    /**
     * By hand (equity E = M + 0.5 (P − 50,000), MM = 0.5 P mmr; A: mmr 0.4 %, B: 1 %; the fund opens
     * at 1,000 in both):
     * <pre>
     *            t1 48,000   t2 46,700             t3 46,000             t4 45,300            t5 45,500
     * acct 1     E 1,500     E 850                 E 500                 E 150                -
     *   M 2,500  A 0.064     A 0.110               A 0.184               A 90.6/150 = 0.604   A 0.364
     *            B 0.160     B 0.275               B 0.460               B 226.5 ≥ 150: LIQ   (gone)
     * acct 2     E 750       E 100                 E −250
     *   M 1,750  A 0.128     A 93.4/100 = 0.934:   A 92 ≥ −250: LIQ,
     *                          MARGIN CALL level 2   fund pays 250
     *            B 0.320     B 233.5 ≥ 100: LIQ,
     *                          fund takes 100
     * acct 3     E 4,000 … 2,650 at t4: never above A 0.035, B 0.086
     *   M 5,000
     * acct 4     E 1,620     E 970                 E 620                 E 270                E 370
     *   M 2,620  A 0.059     A 0.096               A 0.148               A 90.6/270 = 0.336   A 0.246
     *            B 0.148     B 0.241               B 0.371               B 226.5/270 = 0.839: B 0.615 (re-armed,
     *                                                                      MARGIN CALL level 1  no event)
     * </pre>
     * (acct 1 under B at t4: its fund share is E = 150.)
     * <pre>
     *                                A (Binance)           B (strict)
     * accounts margin-called         1 (acct 2)            1 (acct 4)
     * accounts fully liquidated      1 (acct 2 at t3)      2 (acct 2 at t2, acct 1 at t4)
     * liquidated notional            0.5 × 46,000 = 23,000 0.5 × 46,700 + 0.5 × 45,300 = 46,000
     * fund minimum / end             750 / 750             1,000 (opening) / 1,000 + 100 + 150 = 1,250
     * shortfall                      250                   0
     * </pre>
     */
    @Test
    void theStricterTableLiquidatesEarlierAndMoreButCostsTheFundNothing() {
        assertEquals(0, brackets.code(), brackets.err());
        assertEquals("", brackets.err());
        final String o = brackets.out();
        assertEquals(List.of("A", "B"), headerOf(o));
        assertEquals(List.of("binance.yaml", "strict.yaml"), row(o, "configuration"));
        assertTrue(o.contains("\n  A           " + binance + "\n  B           " + strict + "\n"), o);
        assertEquals(List.of("full", "full"), row(o, "policy"));
        assertEquals(List.of("1", "1"), row(o, "accounts margin-called"));
        assertEquals(List.of("0", "0"), row(o, "accounts partially liquidated"));
        assertEquals(List.of("1", "2"), row(o, "accounts fully liquidated"));
        assertEquals(List.of("1", "1"), row(o, "margin calls"));
        assertEquals(List.of("0", "0"), row(o, "partial liquidations"));
        assertEquals(List.of("1", "2"), row(o, "full liquidations"));
        assertEquals(List.of("23,000", "46,000"), row(o, "liquidated notional USDT"));
        assertEquals(List.of("1,000", "1,000"), row(o, "insurance fund USDT opening"));
        assertEquals(List.of("750", "1,000"), row(o, "insurance fund USDT minimum"));
        assertEquals(List.of("750", "1,250"), row(o, "insurance fund USDT end"));
        assertEquals(List.of("250", "0"), row(o, "shortfall USDT (fund paid)"));
        assertEquals(List.of("0", "0"), row(o, "ADL fills"));
        // A: margin call, liquidation, fund; B: 2 × (liquidation, fund) + margin call
        assertEquals(List.of("3", "5"), row(o, "events journaled"));
        assertTrue(o.contains("  read        ticks " + ticks + ": 5 rows, 5 inputs, 0 rejected"), o);
    }

    @Test
    void eachRunKeepsItsJournalAndTheTwoJournalsDiffer() {
        assertTrue(Files.isDirectory(out.resolve("A")) && Files.isDirectory(out.resolve("B")));
        final Cli.Result a = Cli.run("dump", out.resolve("A").toString(), "--format", "jsonl");
        final Cli.Result b = Cli.run("dump", out.resolve("B").toString(), "--format", "jsonl");
        assertEquals(0, a.code(), a.err());
        assertEquals(0, b.code(), b.err());
        assertEquals(3, a.outLines().size(), a.out());
        assertEquals(5, b.outLines().size(), b.out());
        assertTrue(a.outLines().get(1).contains("\"kind\":\"LIQUIDATION\"") && a.outLines().get(1).contains("\"account\":2"),
            a.out());
        assertTrue(b.outLines().get(0).contains("\"kind\":\"LIQUIDATION\"") && b.outLines().get(0).contains("\"account\":2"),
            b.out());
    }

    @Test
    void thePictureIsAReadablePngWithALinePerRun() throws IOException {
        final Path png = out.resolve(CompareCommand.CHART);
        assertTrue(brackets.out().contains("  chart       " + png.toAbsolutePath().normalize()), brackets.out());
        final BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not an image ImageIO can read");
        assertEquals(1400, image.getWidth());
        assertEquals(960, image.getHeight());
        // the fund panel (below the 620-pixel price panel) draws A in blue and B in red
        assertTrue(pixels(image, 620, 0x1f77b4) > 100, "A's fund line");
        assertTrue(pixels(image, 620, 0xd62728) > 100, "B's fund line");
    }

    /**
     * Full against tier step-down on the bundled table, the fund at 1,000 from the command line.
     * Account 5 (2 BTC, M 6,900) is in the second bracket (notional ≥ 50,000: mmr 0.5 %, amount 50).
     * At t2 (46,700) E = 6,900 − 6,600 = 300 ≤ MM = 0.01 × 46,700 − 50 = 417: liquidatable. Full
     * closes it (fund +300). Step-down keeps the largest size below 50,000 of notional, 1.070 BTC
     * (49,969), if E covers its first-bracket maintenance 199.876: it does, so 0.930 BTC is closed
     * (a PARTIAL_LIQUIDATION; margin 6,900 − 0.93 × 3,300 = 3,831), and at t3 (46,000) the rest has
     * E = 3,831 − 1.07 × 4,000 = −449: liquidated in full, the fund pays 449. Accounts 1-4 as in the
     * table test's column A: account 2 margin-called at t2 and liquidated at t3 (fund −250).
     */
    @Test
    void tierStepDownPartiallyLiquidatesWhereFullClosesOutright() throws IOException {
        final Path five = write(dir, "positions5.csv", POSITIONS_1_TO_5);
        final Cli.Result r = Cli.run("compare", "--positions", five.toString(), "--ticks", ticks.toString(),
            "--policy", "full", "--policy", "tier_step_down", "--insurance-fund", "USDT=1000",
            "--chart", dir.resolve("policies.png").toString());
        assertEquals(0, r.code(), r.err());
        final String o = r.out();
        assertEquals(List.of("bundled default", "bundled default"), row(o, "configuration"));
        assertEquals(List.of("full", "tier_step_down"), row(o, "policy"));
        assertEquals(List.of("0", "1"), row(o, "accounts partially liquidated"));
        assertEquals(List.of("0", "1"), row(o, "partial liquidations"));
        assertEquals(List.of("2", "2"), row(o, "accounts fully liquidated"));
        assertEquals(List.of("1", "1"), row(o, "accounts margin-called"));
        // full: 2 × 46,700 + 0.5 × 46,000; step-down: 0.93 × 46,700 + 1.07 × 46,000 + 0.5 × 46,000
        assertEquals(List.of("116,400", "115,651"), row(o, "liquidated notional USDT"));
        assertEquals(List.of("1,000", "301"), row(o, "insurance fund USDT minimum"));
        assertEquals(List.of("1,050", "301"), row(o, "insurance fund USDT end"));
        assertEquals(List.of("250", "699"), row(o, "shortfall USDT (fund paid)"));
        assertTrue(o.contains("journals    written to a temporary directory and deleted"), o);
        assertNotNull(ImageIO.read(dir.resolve("policies.png").toFile()));
    }

    @Test
    void helpExitsZero() {
        final Cli.Result r = Cli.run("compare", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("--policy") && r.out().contains("--config") && r.out().contains("--chart"), r.out());
        assertTrue(r.out().lines().allMatch(l -> l.length() <= 120), r.out());
    }

    @Test
    void userErrorsAreOneLineAndExitOne() throws IOException {
        final String[] files = {"--positions", positions.toString(), "--ticks", ticks.toString(),
            "--chart", dir.resolve("never.png").toString()};
        expectError(join(files, "--config", binance.toString()), "compare needs two configurations");
        expectError(join(files), "compare needs two configurations");
        expectError(join(files, "--config", dir.resolve("missing.yaml").toString(), "--config", strict.toString()),
            "missing.yaml: cannot read the configuration: no such file");
        expectError(join(files, "--policy", "full", "--policy", "adl"),
            "--policy: unknown policy 'adl' (one of: full, tier_step_down, fixed_fraction)");
        expectError(join(files, "--policy", "full"), "one --policy has nothing to compare with");
        expectError(join(files, "--config", binance.toString(), "--config", strict.toString(), "--policy", "full",
            "--policy", "tier_step_down"), "not both");
        expectError(new String[]{"--ticks", ticks.toString(), "--policy", "full", "--policy", "tier_step_down"},
            "--positions FILE is required");
        final Path broken = write(dir, "broken.yaml", STRICT + "engine:\n  policy: partial\n");
        expectError(join(files, "--config", binance.toString(), "--config", broken.toString()),
            broken + ":" + (STRICT.lines().count() + 2) + ": engine.policy: unknown policy 'partial'");
        expectError(join(files, "--policy", "full", "--policy", "tier_step_down", "--insurance-fund", "EUR=5"),
            "A (bundled default): --insurance-fund: unknown asset EUR");
        assertTrue(Files.notExists(dir.resolve("never.png")));
    }

    private static void expectError(final String[] args, final String message) {
        final String[] all = join(new String[]{"compare"}, args);
        final Cli.Result r = Cli.run(all);
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).startsWith("liquidator compare: "), r.err());
        assertTrue(r.err().contains(message), r.err());
    }

    private static String[] join(final String[] first, final String... more) {
        final String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    /** The cells of the table row named {@code name} (cells are separated by three or more spaces). */
    static List<String> row(final String out, final String name) {
        for (final String line : out.split("\\R")) {
            if (line.startsWith("  " + name + "  ")) {
                return Arrays.asList(line.substring(2 + name.length()).trim().split("\\s{3,}"));
            }
        }
        throw new AssertionError("no row '" + name + "' in:\n" + out);
    }

    private static List<String> headerOf(final String out) {
        for (final String line : out.split("\\R")) {
            if (line.trim().matches("A(\\s+[B-F])+")) {
                return Arrays.asList(line.trim().split("\\s+"));
            }
        }
        throw new AssertionError("no header in:\n" + out);
    }

    private static long pixels(final BufferedImage image, final int fromY, final int rgb) {
        long n = 0;
        for (int y = fromY; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }
}
