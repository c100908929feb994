package io.liquidator.engine.cli;

import io.liquidator.engine.app.TickPublisher;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.snapshot.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run}, live mode, in-process: it tails an input journal written with the producer API
 * ({@link TickPublisher}), journals the events, snapshots on a request in the input and at the end,
 * and, started again on the same directories after more input arrived, restores its snapshot and
 * appends only the new events, continuing the output sequence.
 */
class RunCommandTest {
    private static final LiquidatorConfig CONFIG = LiquidatorConfig.bundledDefault();

    @Test
    void runTailsTheQueueSnapshotsAndResumesFromTheSnapshotAppendingOnlyNewEvents(@TempDir final Path dir)
        throws IOException {
        final Path queue = dir.resolve("in");
        final Path out = dir.resolve("out");
        final Path snaps = dir.resolve("snaps");

        final long marginCallTick;
        final long liquidatingTick;
        try (TickPublisher feed = TickPublisher.open(queue, CONFIG)) {
            feed.position(1000, 1, "BTCUSDT", "long", "1", "60000", "1000");      // liquidated at 59000
            feed.position(1000, 2, "BTCUSDT", "short", "1", "60000", "5000");     // safe on the way down
            feed.markPrice(2000, "BTCUSDT", "60000");
            marginCallTick = feed.markPrice(3000, "BTCUSDT", "59250");            // equity 250, MM 246.25
            liquidatingTick = feed.markPrice(4000, "BTCUSDT", "59000");           // equity 0: bankrupt
            feed.requestSnapshot(4500);
        }

        final Cli.Result first = run(queue, out, snaps);
        assertEquals("run: fresh start", first.outLines().get(0), first.out());
        assertTrue(first.out().contains("\n  inputs      3 ticks, 2 positions, 0 wallets, 0 funding, 0 instrument updates,"
            + " 1 controls, 0 malformed"), first.out());
        final Map<String, Long> firstCounts = ReplayDeterminismTest.eventCounts(first);
        assertEquals(1L, firstCounts.get("MARGIN_CALL"), first.out());
        assertEquals(1L, firstCounts.get("LIQUIDATION"), first.out());
        assertEquals(1L, firstCounts.get("INSURANCE_FUND"), first.out());
        assertEquals(0L, firstCounts.get("REJECTION"), first.out());
        assertTrue(first.out().contains("  output      " + out + " (3 events)"), first.out());
        assertTrue(first.out().contains("  positions   1 open"), first.out());
        ReplayDeterminismTest.stateHash(first);

        // the request and the end of the run both snapshot the state after the last input: one file
        final String snapshotName = SnapshotStore.fileName(liquidatingTick);
        assertEquals(List.of(snaps.resolve(snapshotName)), new SnapshotStore(snaps).files());
        assertEquals(3, SnapshotStore.read(snaps.resolve(snapshotName)).info().outputSequence());

        final List<String> before = ReplayDeterminismTest.dump(out);
        assertEquals(3, before.size(), String.join("\n", before));
        assertEquals("MARGIN_CALL", kind(before.get(0)));
        assertEquals(marginCallTick, field(before.get(0), "input_seq"));
        assertEquals(1, field(before.get(0), "account"));
        assertEquals("LIQUIDATION", kind(before.get(1)));
        assertEquals(liquidatingTick, field(before.get(1), "input_seq"));
        assertEquals(1, field(before.get(1), "account"));
        assertEquals(4000, field(before.get(1), "ts"));
        assertTrue(before.get(1).contains("\"mark_price\":\"59000.0\",\"qty\":\"1\",\"bankruptcy_price\":\"59000.0\""),
            before.get(1));
        assertEquals("INSURANCE_FUND", kind(before.get(2)));

        // more input arrives while the engine is down
        final long newPosition;
        final long secondLiquidatingTick;
        try (TickPublisher feed = TickPublisher.open(queue, CONFIG)) {
            newPosition = feed.position(5000, 3, "BTCUSDT", "long", "1", "59000", "600"); // liquidated below ~58643
            feed.markPrice(6000, "BTCUSDT", "58900");
            secondLiquidatingTick = feed.markPrice(7000, "BTCUSDT", "58500");
        }
        assertTrue(newPosition > liquidatingTick);

        final Cli.Result second = run(queue, out, snaps);
        assertTrue(second.outLines().get(0).startsWith("run: restored " + snapshotName + " (input " + liquidatingTick
            + ", 3 events)"), second.out());
        // this run saw only what came after the snapshot (the request record, read again, and the new input)
        assertTrue(second.out().contains("\n  inputs      2 ticks, 1 positions, 0 wallets, 0 funding, 0 instrument updates,"
            + " 1 controls, 0 malformed"), second.out());
        final Map<String, Long> secondCounts = ReplayDeterminismTest.eventCounts(second);
        assertEquals(1L, secondCounts.get("LIQUIDATION"), second.out());
        assertEquals(0L, secondCounts.get("REJECTION"), second.out());

        final List<String> after = ReplayDeterminismTest.dump(out);
        assertTrue(second.out().contains("  output      " + out + " (" + after.size() + " events)"), second.out());
        assertTrue(after.size() > before.size(), String.join("\n", after));
        assertEquals(before, after.subList(0, before.size()), "the events journaled before changed");
        for (int i = 0; i < after.size(); i++) {
            assertEquals(i + 1, field(after.get(i), "seq"), after.get(i));
        }
        for (final String e : after.subList(before.size(), after.size())) {
            assertTrue(field(e, "input_seq") > liquidatingTick, e);
            assertEquals(3, field(e, "account"), e);
        }
        final List<String> newLiquidations = after.subList(before.size(), after.size()).stream()
            .filter(e -> "LIQUIDATION".equals(kind(e))).toList();
        assertEquals(1, newLiquidations.size(), String.join("\n", after));
        assertEquals(secondLiquidatingTick, field(newLiquidations.get(0), "input_seq"));
        assertEquals(7000, field(newLiquidations.get(0), "ts"));
        assertTrue(newLiquidations.get(0).contains("\"mark_price\":\"58500.0\""), newLiquidations.get(0));

        // and a snapshot after the new input was written at the end
        assertTrue(new SnapshotStore(snaps).files().contains(snaps.resolve(SnapshotStore.fileName(secondLiquidatingTick))),
            () -> snaps + " holds " + list(snaps));
    }

    @Test
    void runRefusesAnInputThatIsARegularFile(@TempDir final Path dir) throws IOException {
        final Path file = Files.writeString(dir.resolve("in.csv"), "ts,instrument,mark_price\n1,BTCUSDT,60000.0\n");
        final Path out = dir.resolve("out");
        final Cli.Result r = Cli.run("run", "--in", file.toString(), "--out", out.toString(), "--exit-when-idle", "100");
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("--in " + file + " is not an input journal directory"), r.err());
        assertTrue(Files.notExists(out), "run created " + out + " before refusing");
    }

    private static Cli.Result run(final Path queue, final Path out, final Path snaps) {
        final Cli.Result r = Cli.run("run", "--in", queue.toString(), "--out", out.toString(), "--snapshots",
            snaps.toString(), "--exit-when-idle", "500");
        assertEquals(0, r.code(), r.out() + r.err());
        return r;
    }

    private static String kind(final String json) {
        final Matcher m = Pattern.compile("^\\{\"kind\":\"([A-Z_]+)\"").matcher(json);
        assertTrue(m.find(), json);
        return m.group(1);
    }

    private static long field(final String json, final String name) {
        final Matcher m = Pattern.compile("\"" + name + "\":(-?\\d+)[,}]").matcher(json);
        assertTrue(m.find(), () -> "no " + name + " in " + json);
        return Long.parseLong(m.group(1));
    }

    private static String list(final Path dir) {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().toString();
        } catch (final IOException e) {
            return e.toString();
        }
    }
}
