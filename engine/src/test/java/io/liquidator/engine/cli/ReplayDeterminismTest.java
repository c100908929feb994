package io.liquidator.engine.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code replay} is deterministic end to end, through the CLI: the same synthetic market (written by
 * {@code generate}) replayed twice writes byte-identical output journals and prints the same state
 * hash; the same inputs imported into an input journal and replayed from it give the same events
 * (only {@code input_seq} differs: a Chronicle index instead of a running count) and the same state;
 * a replay without a journal ends in the same state; and a replay never writes into a non-empty
 * output directory.
 */
class ReplayDeterminismTest {
    private static final Pattern STATE_HASH = Pattern.compile("(?m)^  state hash  ([0-9a-f]{16})$");
    private static final Pattern OUTPUT_EVENTS = Pattern.compile("(?m)^  output      .* \\(([\\d,]+) events\\)$");
    private static final Pattern INPUT_SEQ = Pattern.compile("\"input_seq\":\\d+,");
    private static final String FUND = "USDT=100000";

    @TempDir
    static Path root;
    private static Path market;
    private static Path outA;
    private static Cli.Result replayA;

    @BeforeAll
    static void generateAndReplayOnce() {
        market = root.resolve("market");
        final Cli.Result gen = Cli.run("generate", "--out", market.toString(), "--accounts", "2000", "--ticks", "20000",
            "--crash", "30", "--seed", "7");
        assertEquals(0, gen.code(), gen.err());
        assertTrue(Files.isRegularFile(market.resolve("ticks.csv")), gen.out());
        outA = root.resolve("A");
        replayA = replayCsv(outA);
    }

    private static Cli.Result replayCsv(final Path out) {
        final Cli.Result r = Cli.run("replay", "--positions", market.resolve("positions.csv").toString(),
            "--wallets", market.resolve("wallets.csv").toString(), "--ticks", market.resolve("ticks.csv").toString(),
            "--out", out.toString(), "--insurance-fund", FUND);
        assertEquals(0, r.code(), () -> "replay into " + out + " failed:\n" + r.out() + r.err());
        assertEquals("", r.err());
        return r;
    }

    private static Cli.Result replayQueue(final Path queue, final Path out) {
        final Cli.Result r = Cli.run("replay", "--in", queue.toString(), "--out", out.toString(),
            "--insurance-fund", FUND);
        assertEquals(0, r.code(), () -> "replay of the queue into " + out + " failed:\n" + r.out() + r.err());
        assertEquals("", r.err());
        return r;
    }

    @Test
    void twoReplaysOfTheSameFilesWriteIdenticalJournalsAndAgreeOnTheStateHash() throws IOException {
        final Path outB = root.resolve("B");
        final Cli.Result replayB = replayCsv(outB);

        assertEquals(stateHash(replayA), stateHash(replayB));
        assertJournalsIdentical(outA, outB);

        // the replay did something worth comparing: the crash margin-called and liquidated
        final Map<String, Long> summary = eventCounts(replayA);
        assertTrue(summary.get("LIQUIDATION") > 0, replayA.out());
        assertTrue(summary.get("MARGIN_CALL") > 0, replayA.out());
        assertTrue(summary.get("INSURANCE_FUND") > 0, replayA.out());
        assertEquals(0L, summary.get("REJECTION"), replayA.out());
        assertTrue(replayA.out().contains("  inputs      20,000 ticks, 2,000 positions, "), replayA.out());

        // and the summary's counts are the journal's: dump it and count by kind
        final List<String> events = dump(outA);
        assertEquals(outputEvents(replayA), events.size(), replayA.out());
        final Map<String, Long> dumped = new TreeMap<>();
        for (final String e : events) {
            dumped.merge(kind(e), 1L, Long::sum);
        }
        for (final Map.Entry<String, Long> k : summary.entrySet()) {
            assertEquals(k.getValue(), dumped.getOrDefault(k.getKey(), 0L), "events of kind " + k.getKey());
        }
        // output sequence 1..n without a gap
        for (int i = 0; i < events.size(); i++) {
            assertTrue(events.get(i).contains(",\"seq\":" + (i + 1) + ","), events.get(i));
        }
    }

    @Test
    void anImportedQueueReplaysToTheSameEventsAndStateAsTheFiles() throws IOException {
        final Path queue = root.resolve("queue");
        final Cli.Result imp = Cli.run("import", "--queue", queue.toString(),
            "--positions", market.resolve("positions.csv").toString(),
            "--wallets", market.resolve("wallets.csv").toString(), "--ticks", market.resolve("ticks.csv").toString());
        assertEquals(0, imp.code(), imp.out() + imp.err());
        assertTrue(imp.out().contains("(0 bad rows skipped)"), imp.out());

        final Path outC = root.resolve("C");
        final Cli.Result replayC = replayQueue(queue, outC);
        assertEquals(stateHash(replayA), stateHash(replayC), replayA.out() + "\n" + replayC.out());
        assertEquals(eventCounts(replayA), eventCounts(replayC));

        final List<String> fromFiles = dump(outA);
        final List<String> fromQueue = dump(outC);
        assertEquals(fromFiles.size(), fromQueue.size());
        assertTrue(fromFiles.size() > 100, "only " + fromFiles.size() + " events");
        for (int i = 0; i < fromFiles.size(); i++) {
            final String a = fromFiles.get(i);
            final String c = fromQueue.get(i);
            assertEquals(withoutInputSeq(a), withoutInputSeq(c), "event " + (i + 1));
        }
        // input_seq really is the queue's index there, not the running count of the files, so the
        // journals differ in bytes (which shows the byte comparisons below can tell journals apart)
        assertNotEquals(inputSeq(fromFiles.get(0)), inputSeq(fromQueue.get(0)));
        assertNotEquals(-1L, Files.mismatch(cq4Files(outA).get(0), cq4Files(outC).get(0)));

        final Path outC2 = root.resolve("C2");
        final Cli.Result replayC2 = replayQueue(queue, outC2);
        assertEquals(stateHash(replayC), stateHash(replayC2));
        assertJournalsIdentical(outC, outC2);
    }

    @Test
    void aReplayWithoutAJournalEndsInTheSameState() {
        final Cli.Result r = Cli.run("replay", "--positions", market.resolve("positions.csv").toString(),
            "--wallets", market.resolve("wallets.csv").toString(), "--ticks", market.resolve("ticks.csv").toString(),
            "--no-journal", "--insurance-fund", FUND);
        assertEquals(0, r.code(), r.err());
        assertEquals(stateHash(replayA), stateHash(r));
        assertEquals(eventCounts(replayA), eventCounts(r));
        assertTrue(r.out().contains("  output      none (--no-journal)"), r.out());

        // and the hash does depend on the run: another opening fund ends elsewhere
        final Cli.Result other = Cli.run("replay", "--positions", market.resolve("positions.csv").toString(),
            "--wallets", market.resolve("wallets.csv").toString(), "--ticks", market.resolve("ticks.csv").toString(),
            "--no-journal", "--insurance-fund", "USDT=100001");
        assertEquals(0, other.code(), other.err());
        assertNotEquals(stateHash(replayA), stateHash(other));
    }

    @Test
    void aReplayRefusesANonEmptyOutputDirectory() throws IOException {
        final Path x = Files.createDirectories(root.resolve("X"));
        final Path stray = Files.writeString(x.resolve("notes.txt"), "keep me");
        final Cli.Result r = Cli.run("replay", "--ticks", market.resolve("ticks.csv").toString(),
            "--out", x.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("is not empty"), r.err());
        assertFalse(r.out().contains("state hash"), r.out());
        try (Stream<Path> s = Files.list(x)) {
            assertEquals(List.of(stray), s.toList());
        }
        assertEquals("keep me", Files.readString(stray));

        // an existing journal is not empty either: replaying into A again must not touch it
        final Path copy = root.resolve("A-copy");
        Files.createDirectories(copy);
        for (final Path p : cq4Files(outA)) {
            Files.copy(p, copy.resolve(p.getFileName()));
        }
        final Cli.Result again = Cli.run("replay", "--ticks", market.resolve("ticks.csv").toString(),
            "--out", outA.toString());
        assertEquals(1, again.code(), again.out() + again.err());
        assertEquals(1, again.errLines().size(), again.err());
        assertJournalsIdentical(copy, outA);
    }

    // ---------------------------------------------------------------------------------------------

    static String stateHash(final Cli.Result r) {
        final Matcher m = STATE_HASH.matcher(r.out());
        assertTrue(m.find(), () -> "no state hash in:\n" + r.out());
        final String hash = m.group(1);
        assertFalse(m.find(), () -> "two state hashes in:\n" + r.out());
        return hash;
    }

    private static long outputEvents(final Cli.Result r) {
        final Matcher m = OUTPUT_EVENTS.matcher(r.out());
        assertTrue(m.find(), () -> "no output line in:\n" + r.out());
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    /** The summary's "events" line as kind → count. */
    static Map<String, Long> eventCounts(final Cli.Result r) {
        final Matcher line = Pattern.compile("(?m)^  events      (.*)$").matcher(r.out());
        assertTrue(line.find(), () -> "no events line in:\n" + r.out());
        final Map<String, Long> counts = new TreeMap<>();
        final Matcher kv = Pattern.compile("([A-Z_]+) ([\\d,]+)").matcher(line.group(1));
        while (kv.find()) {
            counts.put(kv.group(1), Long.parseLong(kv.group(2).replace(",", "")));
        }
        assertEquals(6, counts.size(), line.group(1));
        return counts;
    }

    static List<String> dump(final Path journal) {
        final Cli.Result r = Cli.run("dump", journal.toString(), "--format", "jsonl");
        assertEquals(0, r.code(), r.err());
        return r.outLines();
    }

    private static String kind(final String json) {
        final Matcher m = Pattern.compile("^\\{\"kind\":\"([A-Z_]+)\"").matcher(json);
        assertTrue(m.find(), json);
        return m.group(1);
    }

    private static long inputSeq(final String json) {
        final Matcher m = Pattern.compile("\"input_seq\":(\\d+),").matcher(json);
        assertTrue(m.find(), json);
        return Long.parseLong(m.group(1));
    }

    private static String withoutInputSeq(final String json) {
        final String s = INPUT_SEQ.matcher(json).replaceFirst("");
        assertNotEquals(json, s, json);
        return s;
    }

    private static List<Path> cq4Files(final Path dir) throws IOException {
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().forEach(files::add);
        }
        return files;
    }

    /** Same .cq4 file names, each byte for byte the same. */
    static void assertJournalsIdentical(final Path a, final Path b) throws IOException {
        final List<Path> fa = cq4Files(a);
        final List<Path> fb = cq4Files(b);
        assertFalse(fa.isEmpty(), "no .cq4 file in " + a);
        assertEquals(fa.stream().map(p -> p.getFileName().toString()).toList(),
            fb.stream().map(p -> p.getFileName().toString()).toList());
        for (int i = 0; i < fa.size(); i++) {
            assertEquals(-1L, Files.mismatch(fa.get(i), fb.get(i)),
                "first difference between " + fa.get(i) + " and " + fb.get(i));
        }
    }
}
