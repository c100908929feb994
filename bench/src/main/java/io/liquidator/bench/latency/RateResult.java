package io.liquidator.bench.latency;

import org.HdrHistogram.Histogram;

import java.nio.file.Path;

/**
 * One rate's measured run.
 *
 * @param rate                   the planned rate, ticks/s
 * @param ticks                  ticks sent (rate × seconds)
 * @param histogram              latency of every tick, ns, from its planned send time to the engine having handled
 *                               it with its events journaled
 * @param achievedRate           (ticks − 1) / (last tick done − first tick planned), ticks/s: below {@code rate}
 *                               when the engine could not keep up
 * @param liquidatingTicks       ticks that liquidated at least one position (in full or in part)
 * @param liquidations           liquidations (full and partial) over the run
 * @param marginCalls            margin calls over the run
 * @param events                 events journaled over the run (all kinds)
 * @param sharpMoves             sharp price moves that started within the run's ticks
 * @param engineAllocatedBytes   bytes the engine thread allocated during the run (-1: not measured by this JVM)
 * @param injectorAllocatedBytes bytes the injecting thread allocated while it sent the ticks (-1: not measured)
 * @param worstPerMillisecond    the worst latency (ns) of the ticks planned in each millisecond of the run: when
 *                               the slow ticks happened (a stall shows as a saw tooth: the backlog drains)
 * @param hgrm                   the percentile distribution written for it (µs), null until written
 */
record RateResult(long rate, int ticks, Histogram histogram, double achievedRate, long liquidatingTicks,
                  long liquidations, long marginCalls, long events, int sharpMoves, long engineAllocatedBytes,
                  long injectorAllocatedBytes, long[] worstPerMillisecond, Path hgrm) {

    RateResult withHgrm(final Path file) {
        return new RateResult(rate, ticks, histogram, achievedRate, liquidatingTicks, liquidations, marginCalls, events,
            sharpMoves, engineAllocatedBytes, injectorAllocatedBytes, worstPerMillisecond, file);
    }

    /** The latency at {@code percentile} (0–100), µs. */
    double micros(final double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMicros() {
        return histogram.getMaxValue() / 1000.0;
    }
}
