package io.liquidator.engine.demo;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * How far the engine has got through the ticks: a redrawn bar on a terminal, a few plain lines
 * otherwise (a pipe, a log file, a test), so that captured output holds no carriage returns.
 */
abstract class DemoProgress implements AutoCloseable {

    /**
     * A bar on {@code terminal} when it is not null (the caller passes {@code System.out} only when
     * {@code System.console()} says stdout is a terminal), else plain lines on {@code out}.
     */
    static DemoProgress create(final PrintStream terminal, final PrintWriter out, final long totalTicks) {
        return terminal != null ? new Bar(terminal, totalTicks) : new Lines(out, totalTicks);
    }

    /** The engine has finished {@code ticks} ticks. Producer thread. */
    abstract void update(long ticks);

    @Override
    public abstract void close();

    /** me.tongfei's progress bar, redrawn by its own thread. */
    private static final class Bar extends DemoProgress {
        private final ProgressBar bar;

        Bar(final PrintStream terminal, final long total) {
            this.bar = new ProgressBarBuilder().setTaskName("engine").setInitialMax(Math.max(1, total))
                .setUnit(" ticks", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(100)
                .setConsumer(new ConsoleProgressBarConsumer(terminal)).build();
        }

        @Override
        void update(final long ticks) {
            bar.stepTo(ticks);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** A line at each quarter. */
    private static final class Lines extends DemoProgress {
        private final PrintWriter out;
        private final long total;
        private int quartersShown;

        Lines(final PrintWriter out, final long total) {
            this.out = out;
            this.total = Math.max(1, total);
        }

        @Override
        void update(final long ticks) {
            final int quarters = (int) Math.min(4, ticks * 4 / total);
            while (quartersShown < quarters) {
                quartersShown++;
                out.printf(Locale.ROOT, "  engine      %3d %% of %,d ticks%n", quartersShown * 25, total);
                out.flush();
            }
        }

        @Override
        public void close() {
            // the last line (100 %) is printed by update
        }
    }
}
