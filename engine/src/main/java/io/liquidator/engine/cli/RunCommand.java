package io.liquidator.engine.cli;

import io.liquidator.engine.app.EngineSession;
import io.liquidator.engine.app.InputCounter;
import io.liquidator.engine.counters.EngineCounters;
import io.liquidator.engine.counters.PrometheusEndpoint;
import io.liquidator.journal.InputJournalReader;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code liquidator run}: live mode. Tails an input journal that other processes append to (a
 * market-data feed, the matching engine; see {@code TickPublisher}), feeds the ring, journals the
 * events, and snapshots the engine every N inputs. On start it recovers: newest valid snapshot, then
 * the inputs after it, with the events the output journal already holds checked rather than written
 * twice, so a {@code kill -9} at any moment loses and duplicates nothing.
 *
 * <p>Stops on SIGTERM or SIGINT (draining the ring and closing the journal first), or, with
 * {@code --exit-when-idle}, once no input has arrived for that long (scripts and tests). If the
 * engine halts on an internal error (a bug; journaled as an INTERNAL_ERROR rejection of the input it
 * failed on), the loop stops, no snapshot is taken of the possibly half-applied state, the journal is
 * closed and the command exits with the internal-error code 3; a restart recovers from the last good
 * snapshot and, a deterministic bug, fails again at the same input.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Live mode: tails an input journal, journals the events, snapshots the engine, and",
        "recovers exactly-once after a crash. Stops on SIGTERM/SIGINT (drains first)."})
public final class RunCommand implements Callable<Integer> {
    private static final int POLL_LIMIT = 1024;
    /** How often the counters' tailer lag and heartbeat are refreshed (the lag asks the queue). */
    private static final long COUNTERS_LAG_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    @Mixin
    private EngineOptions engine;

    @Option(names = "--in", paramLabel = "DIR", required = true,
        description = "Input journal directory to tail (created if absent: the feed may start later).")
    private Path in;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output journal directory.")
    private Path out;

    @Option(names = "--snapshots", paramLabel = "DIR",
        description = "Snapshot directory (default: the output directory's name + '-snapshots', beside it).")
    private Path snapshots;

    /** Without --snapshot-every or the configuration's engine.snapshot_every. */
    static final long DEFAULT_SNAPSHOT_EVERY = 1_000_000L;
    /** Without --snapshot-interval or the configuration's engine.snapshot_interval_s. */
    static final long DEFAULT_SNAPSHOT_INTERVAL_S = 60L;

    @Option(names = "--snapshot-every", paramLabel = "N",
        description = "Snapshot every N inputs (default: the configuration's engine.snapshot_every, else "
            + DEFAULT_SNAPSHOT_EVERY + "; 0: only on a snapshot request in the input).")
    private Long snapshotEveryOption;

    @Option(names = "--snapshot-interval", paramLabel = "SECONDS",
        description = "Also snapshot every SECONDS of wall-clock time while inputs arrive (default: the configuration's"
            + " engine.snapshot_interval_s, else " + DEFAULT_SNAPSHOT_INTERVAL_S + "; 0: never).")
    private Long snapshotIntervalOption;

    private long snapshotEvery;
    private long snapshotIntervalSeconds;

    @Option(names = "--status-every", paramLabel = "SECONDS", defaultValue = "0",
        description = "Print a status line (inputs, events, ring high-water mark, tailer lag) every SECONDS (0: never).")
    private long statusEverySeconds;

    @Option(names = "--counters", paramLabel = "FILE",
        description = "Live counters for 'liquidator stat' (default: the output directory's name + '-counters.dat', beside it).")
    private Path countersFile;

    @Option(names = "--metrics-port", paramLabel = "PORT",
        description = "Also serve the counters to Prometheus on http://*:PORT/metrics (0: any free port; default: off).")
    private Integer metricsPort;

    @Option(names = "--exit-when-idle", paramLabel = "MS",
        description = "Stop once no input has arrived for MS milliseconds (default: run until stopped).")
    private Long exitWhenIdleMillis;

    @Spec
    private CommandSpec spec;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final int ringSize = io.liquidator.engine.pipeline.EnginePipeline.DEFAULT_RING_SIZE;
    private long ringHighWater;
    private long intervalHighWater;
    private long maxTailerLag;
    private volatile boolean stopRequested;

    @Override
    public Integer call() throws InterruptedException {
        if (Files.exists(in) && !Files.isDirectory(in)) {
            throw new InputException("--in " + in + " is not an input journal directory");
        }
        // the command line, else the configuration's engine: section, else the built-in default
        snapshotEvery = snapshotEveryOption != null ? snapshotEveryOption
            : engine.config().engine().snapshotEvery().orElse(DEFAULT_SNAPSHOT_EVERY);
        snapshotIntervalSeconds = snapshotIntervalOption != null ? snapshotIntervalOption
            : engine.config().engine().snapshotIntervalSeconds().orElse(DEFAULT_SNAPSHOT_INTERVAL_S);
        if (snapshotEvery < 0 || snapshotIntervalSeconds < 0) {
            throw new InputException("--snapshot-every and --snapshot-interval must not be negative");
        }
        final Path snapshotDir = snapshots != null ? snapshots
            : out.toAbsolutePath().resolveSibling(out.getFileName() + "-snapshots");
        final PrintWriter o = spec.commandLine().getOut();
        final long start = System.nanoTime();
        final Path countersPath = countersFile != null ? countersFile
            : out.toAbsolutePath().resolveSibling(out.getFileName() + "-counters.dat");
        // bad options are reported before the counters file is created
        engine.config();
        engine.settings();
        engine.waitStrategy();
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
            throw new InputException("--metrics-port must be a port number (0-65535), not " + metricsPort);
        }
        final EngineCounters counters = EngineCounters.create(countersPath, ringSize);
        final PrometheusEndpoint metrics;
        try {
            metrics = metricsPort == null ? null : PrometheusEndpoint.start(new InetSocketAddress(metricsPort), counters.reader());
        } catch (final IOException e) {
            counters.close();
            throw new InputException("--metrics-port " + metricsPort + ": " + e.getMessage());
        }
        final EngineSession session;
        try {
            session = EngineSession.options(engine.config(), engine.settings())
                .output(out).snapshots(snapshotDir, snapshotEvery).waitStrategy(engine.waitStrategy())
                .afterInput(counters).open();
        } catch (final RuntimeException | Error e) {
            if (metrics != null) {
                metrics.close();
            }
            counters.close();
            throw e;
        }
        counters.bind(session.events(), session.engine());
        // registered once nothing above can fail: a hook left behind by a failed start would hold the JVM's exit
        final Thread shutdownHook = new Thread(this::stopAndWait, "liquidator-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        final InputCounter counter = new InputCounter(counters.feed(session.input()));
        try {
            o.println("run: " + session.recovery());
            if (metrics != null) {
                o.println("run: metrics on http://localhost:" + metrics.port() + "/metrics");
            }
            o.flush();
            try (InputJournalReader reader = InputJournalReader.open(in)) {
                if (session.resumeAfterInput() == Long.MIN_VALUE) {
                    reader.toStart();
                } else {
                    reader.afterIndex(session.resumeAfterInput());
                }
                final IdleStrategy idle = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
                    TimeUnit.MILLISECONDS.toNanos(1));
                final long idleLimit = exitWhenIdleMillis == null ? Long.MAX_VALUE
                    : TimeUnit.MILLISECONDS.toNanos(exitWhenIdleMillis);
                final long interval = snapshotIntervalSeconds == 0 ? Long.MAX_VALUE
                    : TimeUnit.SECONDS.toNanos(snapshotIntervalSeconds);
                long lastInput = System.nanoTime();
                long lastSnapshot = lastInput;
                long inputsAtLastSnapshot = 0;
                final long statusEvery = statusEverySeconds <= 0 ? Long.MAX_VALUE
                    : TimeUnit.SECONDS.toNanos(statusEverySeconds);
                long lastStatus = lastInput;
                long lastCounters = lastInput;
                while (!stopRequested && session.failure() == null) {
                    // never more than the ring has room for: a publish then never blocks, so a failed
                    // engine thread is noticed here instead of hanging the tailer on a full ring
                    final int room = (int) Math.min(POLL_LIMIT, session.remainingCapacity());
                    final int n = room == 0 ? 0 : reader.poll(counter, room);
                    final long now = System.nanoTime();
                    final long backlog = ringSize - session.remainingCapacity();
                    if (backlog > ringHighWater) {
                        ringHighWater = backlog;
                    }
                    if (backlog > intervalHighWater) {
                        intervalHighWater = backlog;
                    }
                    if (n > 0) {
                        lastInput = now;
                    } else if (now - lastInput > idleLimit) {
                        break;
                    }
                    counters.sample(session.remainingCapacity(), session.snapshots(), session.lastOutputSequence());
                    if (now - lastCounters > COUNTERS_LAG_EVERY_NANOS) {
                        counters.tailerLag(lagBehindQueue(reader));
                        lastCounters = now;
                    }
                    if (now - lastStatus > statusEvery) {
                        final long lag = lagBehindQueue(reader);
                        if (lag > maxTailerLag) {
                            maxTailerLag = lag;
                        }
                        o.printf(Locale.ROOT, "status: %,d inputs, %,d events, ring high-water %,d of %,d since the last"
                                + " status, tailer lag %,d%n",
                            counter.total(), session.lastOutputSequence(), intervalHighWater, ringSize, lag);
                        o.flush();
                        intervalHighWater = 0;
                        lastStatus = now;
                    }
                    if (now - lastSnapshot > interval) {
                        // wall-clock snapshots only change recovery time, never an output: safe to time
                        if (counter.total() != inputsAtLastSnapshot && session.remainingCapacity() > 0) {
                            session.requestSnapshot();
                            inputsAtLastSnapshot = counter.total();
                        }
                        lastSnapshot = now;
                    }
                    idle.idle(n);
                }
            }
        } finally {
            try {
                try {
                    session.close();
                } finally {
                    counters.sample(session.remainingCapacity(), session.snapshots(), session.lastOutputSequence());
                    if (metrics != null) {
                        metrics.close(); // before the unmap: a scrape must not read unmapped memory
                    }
                    counters.close();
                }
            } finally {
                stopped.countDown();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (final IllegalStateException shuttingDown) {
            // the hook is running: it waits for the latch counted down above
        }
        RunReport.print(o, "ran", counter, session, System.nanoTime() - start,
            out + " (" + session.lastOutputSequence() + " events)");
        o.printf(Locale.ROOT, "  ring        high-water %,d of %,d slots; tailer lag at most %,d records (sampled)%n",
            ringHighWater, ringSize, maxTailerLag);
        o.flush();
        return LiquidatorCli.OK;
    }

    /**
     * Records appended to the input journal that the tailer has not read yet: exact within one roll
     * cycle (the index's low 32 bits), reported as 0 across a roll (sampled, for the status line).
     */
    private static long lagBehindQueue(final InputJournalReader reader) {
        final long last = reader.lastIndex();
        final long read = reader.lastReadIndex();
        if (last < 0 || read < 0 || (last >>> 32) != (read >>> 32)) {
            return last >= 0 && read < 0 ? (last & 0xFFFF_FFFFL) + 1 : 0;
        }
        return Math.max(0, last - read);
    }

    /** SIGTERM/SIGINT: ask the loop to stop, then wait until it has drained and closed the journal. */
    private void stopAndWait() {
        stopRequested = true;
        try {
            stopped.await(60, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
