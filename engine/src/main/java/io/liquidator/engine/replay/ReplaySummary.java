package io.liquidator.engine.replay;

import io.liquidator.journal.Rejections;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a replay read and handed on: per file, and the rejections by reason over all of them.
 *
 * <p>Why it exists: a replay whose input was half rejected, or whose prices were moved onto the
 * tick, must say so next to its results; a run that only printed liquidations would hide it.
 */
public final class ReplaySummary {

    /**
     * One file's share. {@code role} is {@code wallets}, {@code positions} or {@code ticks};
     * {@code rows} counts data rows (not the header or blank lines); {@code inputs} what was handed
     * on, rejections included (a kline row is four inputs); {@code pricesRounded} the prices moved
     * onto the tick (Binance formats only); {@code format} the tick format, null for wallets and
     * positions.
     */
    public record FileSummary(String role, String file, TickFormat format, long rows, long inputs, long rejected,
                              long pricesRounded) {
    }

    private final List<FileSummary> files;
    private final long firstSequence;
    private final long inputs;
    private final long[] byReason;

    ReplaySummary(final List<FileSummary> files, final long firstSequence, final long inputs, final long[] byReason) {
        this.files = List.copyOf(files);
        this.firstSequence = firstSequence;
        this.inputs = inputs;
        this.byReason = byReason.clone();
    }

    public List<FileSummary> files() {
        return files;
    }

    /** Inputs handed to the handler, rejections included. */
    public long inputs() {
        return inputs;
    }

    /** The sequence of the first input; the last is {@code firstSequence() + inputs() - 1}. */
    public long firstSequence() {
        return firstSequence;
    }

    /** Rows rejected over all files. */
    public long rejected() {
        long n = 0;
        for (final long c : byReason) {
            n += c;
        }
        return n;
    }

    /** Rows rejected for one {@link Rejections} code. */
    public long rejected(final int reason) {
        return reason > 0 && reason < byReason.length ? byReason[reason] : 0;
    }

    /** Reason name ({@link Rejections#name}) → rows rejected for it, in code order; reasons with none left out. */
    public Map<String, Long> rejectionsByReason() {
        final Map<String, Long> out = new LinkedHashMap<>();
        for (int r = 1; r < byReason.length; r++) {
            if (byReason[r] != 0) {
                out.put(Rejections.name(r), byReason[r]);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Prices rounded onto the tick over all files. */
    public long pricesRounded() {
        long n = 0;
        for (final FileSummary f : files) {
            n += f.pricesRounded();
        }
        return n;
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder();
        for (final FileSummary f : files) {
            sb.append(f.role()).append(' ').append(f.file());
            if (f.format() != null && f.format() != TickFormat.CSV) {
                sb.append(" (").append(f.format()).append(')');
            }
            sb.append(": ").append(f.rows()).append(" rows, ").append(f.inputs()).append(" inputs, ")
                .append(f.rejected()).append(" rejected");
            if (f.pricesRounded() != 0) {
                sb.append(", ").append(f.pricesRounded()).append(" prices rounded to the tick");
            }
            sb.append('\n');
        }
        sb.append(inputs).append(" inputs (sequence ").append(firstSequence).append(" to ")
            .append(firstSequence + inputs - 1).append("), ").append(rejected()).append(" rejected");
        rejectionsByReason().forEach((reason, n) -> sb.append("\n  ").append(reason).append(": ").append(n));
        return sb.toString();
    }
}
