package io.liquidator.engine.cli;

import io.liquidator.engine.app.EngineSession;
import io.liquidator.engine.app.InputCounter;
import io.liquidator.journal.InputJournalReader;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Option(names = "--snapshot-every", paramLabel = "N", defaultValue = "1000000",
        description = "Snapshot every N inputs (default ${DEFAULT-VALUE}; 0: only on a snapshot request in the input).")
    private long snapshotEvery;

    @Option(names = "--snapshot-interval", paramLabel = "SECONDS", defaultValue = "60",
        description = "Also snapshot every SECONDS of wall-clock time while inputs arrive (default ${DEFAULT-VALUE}; 0: never).")
    private long snapshotIntervalSeconds;

    @Option(names = "--exit-when-idle", paramLabel = "MS",
        description = "Stop once no input has arrived for MS milliseconds (default: run until stopped).")
    private Long exitWhenIdleMillis;

    @Spec
    private CommandSpec spec;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopRequested;

    @Override
    public Integer call() throws InterruptedException {
        if (Files.exists(in) && !Files.isDirectory(in)) {
            throw new InputException("--in " + in + " is not an input journal directory");
        }
        if (snapshotEvery < 0 || snapshotIntervalSeconds < 0) {
            throw new InputException("--snapshot-every and --snapshot-interval must not be negative");
        }
        final Path snapshotDir = snapshots != null ? snapshots
            : out.toAbsolutePath().resolveSibling(out.getFileName() + "-snapshots");
        final PrintWriter o = spec.commandLine().getOut();
        final Thread shutdownHook = new Thread(this::stopAndWait, "liquidator-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        final long start = System.nanoTime();
        final EngineSession session = EngineSession.options(engine.config(), engine.settings())
            .output(out).snapshots(snapshotDir, snapshotEvery).waitStrategy(engine.waitStrategy()).open();
        final InputCounter counter = new InputCounter(session.input());
        try {
            o.println("run: " + session.recovery());
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
                while (!stopRequested && session.failure() == null) {
                    // never more than the ring has room for: a publish then never blocks, so a failed
                    // engine thread is noticed here instead of hanging the tailer on a full ring
                    final int room = (int) Math.min(POLL_LIMIT, session.remainingCapacity());
                    final int n = room == 0 ? 0 : reader.poll(counter, room);
                    final long now = System.nanoTime();
                    if (n > 0) {
                        lastInput = now;
                    } else if (now - lastInput > idleLimit) {
                        break;
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
                session.close();
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
        o.flush();
        return LiquidatorCli.OK;
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
