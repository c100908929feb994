package io.liquidator.engine.cli;

import io.liquidator.engine.app.TickPublisher;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.pipeline.EnginePipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code liquidator stat} reads the live counters of {@code liquidator run} running in another JVM
 * (started with this test's classpath): the counters follow the input journal that this test
 * appends to with {@link TickPublisher} while the engine runs, and match it exactly; after SIGTERM
 * the file says the run stopped and keeps its last values.
 */
class StatCommandTest {
    private static final LiquidatorConfig CONFIG = LiquidatorConfig.bundledDefault();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void statReadsTheLiveCountersOfARunInAnotherProcess(@TempDir final Path dir) throws Exception {
        final Path queue = dir.resolve("in");
        final Path out = dir.resolve("out");
        final Path counters = dir.resolve("run-counters.dat");
        final long lastTick;
        try (TickPublisher feed = TickPublisher.open(queue, CONFIG)) {
            feed.position(1000, 1, "BTCUSDT", "long", "1", "60000", "1000");      // liquidated at 59000
            feed.position(1000, 2, "BTCUSDT", "short", "1", "60000", "5000");
            feed.markPrice(2000, "BTCUSDT", "60000");
            feed.markPrice(3000, "BTCUSDT", "59250");                             // margin call
            lastTick = feed.markPrice(4000, "BTCUSDT", "59000");                  // liquidation
        }
        final Process run = startRun(dir, queue, out, counters);
        try {
            // the engine thread's counters first, the run loop's samples (lag, ring, output) a turn later
            Map<String, Long> c = awaitCounters(counters, run, m -> m.getOrDefault("engine.last_input_sequence", -1L) == lastTick
                && m.get("tailer.lag") == 0 && m.get("output.last_sequence") == 3
                && m.get("ring.remaining_capacity") == EnginePipeline.DEFAULT_RING_SIZE);
            assertEquals(3, c.get("inputs.ticks"), c.toString());
            assertEquals(2, c.get("inputs.positions"), c.toString());
            assertEquals(0, c.get("inputs.wallets"), c.toString());
            assertEquals(1, c.get("events.margin_call"), c.toString());
            assertEquals(1, c.get("events.liquidation"), c.toString());
            assertEquals(1, c.get("events.insurance_fund"), c.toString());
            assertEquals(0, c.get("events.rejection"), c.toString());
            assertEquals(1, c.get("engine.open_positions"), c.toString());
            assertEquals(3, c.get("engine.ticks_timed"), c.toString());
            assertTrue(c.get("engine.last_tick_nanos") > 0, c.toString());
            assertEquals(EnginePipeline.DEFAULT_RING_SIZE, c.get("ring.capacity"), c.toString());
            assertEquals(3, c.get("output.last_sequence"), c.toString());
            assertEquals(-1, c.get("snapshots.last_input_sequence"), c.toString());

            // more input while it runs: a rejected tick, a new position, a snapshot request
            final long snapshotAfter;
            final long last;
            try (TickPublisher feed = TickPublisher.open(queue, CONFIG)) {
                feed.markPrice(3500, "BTCUSDT", "58900");                         // time went backwards: rejected
                feed.position(5000, 3, "BTCUSDT", "long", "1", "59000", "600");  // 98x: within the 100x bracket
                snapshotAfter = feed.markPrice(6000, "BTCUSDT", "58900");
                feed.requestSnapshot(6500);
                last = feed.markPrice(7000, "BTCUSDT", "58500");                  // liquidates account 3
            }
            c = awaitCounters(counters, run, m -> m.get("engine.last_input_sequence") == last && m.get("snapshots.taken") >= 1);
            assertEquals(6, c.get("inputs.ticks"), c.toString());
            assertEquals(3, c.get("inputs.positions"), c.toString());
            assertEquals(1, c.get("inputs.controls"), c.toString());
            assertEquals(2, c.get("events.liquidation"), c.toString());
            assertEquals(1, c.get("events.rejection"), c.toString());
            assertEquals(1, c.get("rejections.timestamp_backwards"), c.toString());
            assertEquals(1, c.get("engine.open_positions"), c.toString());
            assertEquals(snapshotAfter, c.get("snapshots.last_input_sequence"), c.toString());

            final Cli.Result live = Cli.run("stat", counters.toString());
            assertEquals(0, live.code(), live.err());
            assertTrue(live.outLines().get(0).startsWith("# " + counters + "  pid " + run.pid() + "  started "),
                live.out());
            assertTrue(live.outLines().get(0).contains("running"), live.out());

            final Cli.Result twice = Cli.run("stat", counters.toString(), "--interval", "50", "--count", "2");
            assertEquals(0, twice.code(), twice.err());
            assertEquals(2, twice.outLines().stream().filter(l -> l.startsWith("# ")).count(), twice.out());
        } finally {
            run.destroy(); // SIGTERM: run drains, snapshots and closes
            if (!run.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                run.destroyForcibly();
                fail("run did not stop on SIGTERM");
            }
        }
        // a JVM ended by SIGTERM exits 143 (128 + 15) once run's shutdown hook has drained and closed
        assertTrue(run.exitValue() == 143 || run.exitValue() == 0, run.exitValue() + ": " + Files.readString(dir.resolve("run.log")));
        final Cli.Result after = Cli.run("stat", counters.toString());
        assertEquals(0, after.code(), after.err());
        assertTrue(after.outLines().get(0).contains("stopped at "), after.out());
        assertEquals(6, parse(after).get("inputs.ticks"), after.out());
    }

    @Test
    void statOnAMissingFileIsOneLineAndExitOne(@TempDir final Path dir) {
        final Path missing = dir.resolve("nope-counters.dat");
        final Cli.Result r = Cli.run("stat", missing.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("liquidator stat: " + missing + ": no such counters file"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void statRefusesAFileThatIsNotACountersFile(@TempDir final Path dir) throws IOException {
        final Path other = Files.writeString(dir.resolve("notes.txt"), "x".repeat(500));
        final Cli.Result r = Cli.run("stat", other.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(List.of("liquidator stat: " + other + " is not a liquidator counters file"), r.errLines());
        final Cli.Result d = Cli.run("stat", dir.toString());
        assertEquals(1, d.code(), d.out() + d.err());
        assertTrue(d.err().contains("is a directory"), d.err());
        final Cli.Result bad = Cli.run("stat", other.toString(), "--interval", "0");
        assertEquals(1, bad.code(), bad.out() + bad.err());
        assertTrue(bad.err().contains("--interval must be a positive number"), bad.err());
    }

    /** {@code liquidator run} in a second JVM on this test's classpath and JVM flags. */
    private static Process startRun(final Path dir, final Path queue, final Path out, final Path counters)
        throws IOException {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            LiquidatorCli.class.getName(), "run", "--in", queue.toString(), "--out", out.toString(),
            "--counters", counters.toString(), "--exit-when-idle", "120000"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
    }

    /** Runs {@code stat} until the counters satisfy {@code ready} (the engine is asynchronous). */
    private static Map<String, Long> awaitCounters(final Path file, final Process run, final Predicate<Map<String, Long>> ready)
        throws InterruptedException {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        Cli.Result last = null;
        while (System.nanoTime() < deadline) {
            if (!run.isAlive()) {
                fail("run exited with " + run.exitValue());
            }
            if (Files.exists(file)) {
                last = Cli.run("stat", file.toString());
                if (last.code() == 0) {
                    final Map<String, Long> m = parse(last);
                    if (ready.test(m)) {
                        return m;
                    }
                }
            }
            Thread.sleep(50);
        }
        fail("the counters did not get there in " + WAIT + "; last stat: " + (last == null ? "none" : last.out() + last.err()));
        return null;
    }

    static Map<String, Long> parse(final Cli.Result r) {
        final Map<String, Long> m = new LinkedHashMap<>();
        for (final String line : r.outLines()) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            final int eq = line.indexOf(" = ");
            assertTrue(eq > 0, line);
            m.put(line.substring(0, eq).trim(), Long.parseLong(line.substring(eq + 3).trim()));
        }
        return m;
    }
}
