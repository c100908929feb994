package io.liquidator.bench;

import io.liquidator.journal.OutputJournal;
import io.liquidator.journal.QueuePretoucher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Encoding one event to the output journal: {@link OutputJournal#appendLiquidation} (a 99-byte
 * record) and {@link OutputJournal#appendMarginCall} (87 bytes), each plus Chronicle's 4-byte
 * document header, into a Chronicle queue in a fresh temporary directory, with the journal's
 * pretoucher running ({@link OutputJournal#startPretouch}, default 100 ms interval) as the engine
 * runs it. Field values cycle through 1,024 prepared rows.
 *
 * <p><b>What it measures.</b> One op = assembling the record in the scratch buffer, one
 * {@code writingDocument()} and the copy into the memory-mapped queue, appended flat out. At ~100
 * bytes per op that is a few hundred MB/s of fresh file, more than one pretoucher pass per 100 ms
 * keeps ahead of, so the appending thread also takes first-touch page faults (and, over a long run,
 * the kernel's dirty-page write-back throttling): ns/op is the sustained flat-out append rate on
 * this disk, an upper bound for the encoding itself, not the latency of one append at the engine's
 * event rates (the latency harness measures that). It varies a lot from iteration to iteration on
 * a shared VM. {@code -Dliquidator.bench.dir=/dev/shm} (tmpfs) takes the disk out.
 *
 * <p><b>Allocation.</b> An append allocates nothing; what -prof gc sees (≈ 0.002–0.02 B/op) is the
 * JMH harness (~6 KB per iteration) and Chronicle mapping the next 64 MB chunk of the cycle file
 * (a few KB per chunk, i.e. per ~650,000 appends; see {@link QueuePretoucher}) when the appender
 * gets there before the pretoucher; the last iteration also carries the tear-down's ~30 KB
 * (closing the queue).
 *
 * <p><b>Disk.</b> The queue is never rolled (the journal pins its cycle) and grows by the bytes
 * written, ~100 B per op: 200–400 MB per second of iteration on this machine, so 2–3 GB for a run
 * at the defaults below (8 s). It lives for one trial (one fork) and is deleted at its end; the
 * size it reached is printed ({@code journal: ... MB of queue files ...}). The directory is made
 * under {@code -Dliquidator.bench.dir} (default {@code java.io.tmpdir}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class JournalAppendBenchmark {
    private static final int N = 1024;

    private Path dir;
    private OutputJournal journal;
    private QueuePretoucher pretoucher;
    private final long[] account = new long[N];
    private final int[] instrument = new int[N];
    private final int[] side = new int[N];
    private final long[] qty = new long[N];
    private final long[] mark = new long[N];
    private final long[] bankruptcy = new long[N];
    private final long[] equity = new long[N];
    private final long[] maintenance = new long[N];
    private final long[] ratio = new long[N];
    private int cursor;
    private long inputSeq;

    @Setup(Level.Trial)
    public void open() throws IOException {
        final Path base = Paths.get(System.getProperty("liquidator.bench.dir", System.getProperty("java.io.tmpdir")));
        dir = Files.createTempDirectory(base, "journal-append-");
        journal = OutputJournal.open(dir);
        pretoucher = journal.startPretouch(QueuePretoucher.DEFAULT_INTERVAL_MILLIS);
        final SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < N; i++) {
            account[i] = 1 + rnd.nextInt(1_000_000);
            instrument[i] = rnd.nextInt(2);
            side[i] = rnd.nextBoolean() ? 1 : -1;
            qty[i] = 1 + rnd.nextInt(100_000);
            mark[i] = Book.around(Book.BTC_MARK, 0.05, rnd);
            bankruptcy[i] = Book.around(mark[i], 0.01, rnd);
            equity[i] = rnd.nextLong(-1_000_000_000_000L, 1_000_000_000_000L);
            maintenance[i] = rnd.nextLong(1_000_000_000_000L);
            ratio[i] = rnd.nextLong(2_000_000_000L);
        }
    }

    @Benchmark
    public long liquidation() {
        final int i = cursor++ & (N - 1);
        final long seq = ++inputSeq;
        return journal.appendLiquidation(seq, seq, account[i], instrument[i], side[i], qty[i], false, mark[i],
            bankruptcy[i], equity[i], maintenance[i], 2, ratio[i], 1);
    }

    @Benchmark
    public long marginCall() {
        final int i = cursor++ & (N - 1);
        final long seq = ++inputSeq;
        return journal.appendMarginCall(seq, seq, account[i], instrument[i], true, 1, 800_000_000L, mark[i],
            equity[i], maintenance[i], 2, ratio[i]);
    }

    /**
     * Closes and deletes the queue and prints what it held. This runs inside the last measured
     * iteration (JMH runs a trial's tear-down there, and -prof gc counts every thread's allocation
     * in it), so it keeps its own allocation to ~30 KB, most of it closing the journal: a
     * {@code StringBuilder}, not a {@code +} concatenation or {@code printf} (the first run of an
     * invokedynamic concatenation bootstraps ~0.5 MB of method handles), and written straight to
     * file descriptor 1 (the forked JVM's {@code System.out} goes through JMH's link to the host:
     * ~50 KB per line).
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        final long appends = journal.lastOutputSequence();
        final long failures = pretoucher.failures();
        final Throwable failure = pretoucher.lastFailure();
        final StringBuilder line = new StringBuilder(256).append("\njournal: ").append(appends)
            .append(" appends; pretoucher: ").append(pretoucher.passes()).append(" passes, ")
            .append(pretoucher.pagesTouched()).append(" pages touched, ").append(failures).append(" failures; ");
        pretoucher.close();
        journal.close();
        long bytes = 0;
        boolean deleted = true;
        final File[] files = dir.toFile().listFiles();
        if (files != null) {
            for (final File f : files) {
                bytes += f.length();
                deleted &= f.delete();
            }
        }
        deleted &= dir.toFile().delete();
        line.append(bytes >> 20).append(" MB of queue files in ").append(dir.toString())
            .append(deleted ? " (deleted)\n" : " (NOT deleted)\n");
        final byte[] ascii = new byte[line.length()];
        for (int i = 0; i < ascii.length; i++) {
            ascii[i] = (byte) line.charAt(i);
        }
        // not closed: that would close the process's standard output
        @SuppressWarnings("resource") final FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        stdout.write(ascii);
        stdout.flush();
        if (failures != 0) {
            throw new IllegalStateException("the pretoucher failed " + failures + " times", failure);
        }
    }
}
