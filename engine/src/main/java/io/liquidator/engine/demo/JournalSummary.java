package io.liquidator.engine.demo;

import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.journal.EventRecordVisitor;
import io.liquidator.journal.EventRecords;
import io.liquidator.journal.OutputJournalReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's figures, read back from the output journal after the run: whatever the summary says
 * about events, liquidations, the fund and ADL is counted here from the records themselves, so it
 * agrees with what {@code liquidator dump} shows for the same journal.
 *
 * <p>Off the hot path: it keeps every liquidation and fund movement in lists (a demo's journal
 * holds thousands, not billions).
 */
public final class JournalSummary implements EventRecordVisitor {
    /** One liquidation (full or partial) as journaled, with the fund movement that settled it. */
    public record Liquidation(long outputSeq, long timestamp, long account, int side, long qty, boolean cross,
                              boolean partial, long markPrice, long bankruptcyPrice, long equity,
                              long maintenanceMargin, int tier, long marginRatio, int rule, long notional) {
    }

    /** A fund balance after a movement. */
    public record FundPoint(long timestamp, long delta, long balance) {
    }

    private final Instrument inst;
    private final long openingFund;
    private final long[] byKind = new long[EventRecords.KIND_GUARD + 1];
    private final List<Liquidation> liquidations = new ArrayList<>();
    private final List<FundPoint> fund = new ArrayList<>();
    private final Map<Long, Long> fundDeltaByLiquidation = new HashMap<>();
    private Liquidation lastLiquidation;
    private final List<Long> adlTimes = new ArrayList<>();
    private long adlQty;
    private long lastOutputSeq;

    private JournalSummary(final Instrument inst, final long openingFund) {
        this.inst = inst;
        this.openingFund = openingFund;
    }

    /**
     * Reads the whole journal in {@code dir}.
     *
     * @param inst        the demo's instrument (prices, quantities and notionals are in its scales)
     * @param openingFund the insurance fund before the first event (balance units)
     */
    public static JournalSummary read(final Path dir, final Instrument inst, final long openingFund) {
        final JournalSummary s = new JournalSummary(inst, openingFund);
        try (OutputJournalReader reader = OutputJournalReader.open(dir)) {
            reader.readAll(s);
        }
        return s;
    }

    private void seen(final int kind, final long outputSeq) {
        byKind[kind]++;
        lastOutputSeq = outputSeq;
    }

    @Override
    public void onMarginCall(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                             final int instrument, final boolean cross, final int level, final long levelRatio,
                             final long markPrice, final long equity, final long maintenanceMargin, final int tier,
                             final long marginRatio) {
        seen(EventRecords.KIND_MARGIN_CALL, outputSeq);
    }

    @Override
    public void onPartialLiquidation(final long outputSeq, final long inputSeq, final long timestamp,
                                     final long account, final int instrument, final int side, final long closedQty,
                                     final long remainingQty, final long markPrice, final long bankruptcyPrice,
                                     final long equity, final long maintenanceMargin, final int tier,
                                     final long marginRatio, final int rule) {
        seen(EventRecords.KIND_PARTIAL_LIQUIDATION, outputSeq);
        add(new Liquidation(outputSeq, timestamp, account, side, closedQty, false, true, markPrice, bankruptcyPrice,
            equity, maintenanceMargin, tier, marginRatio, rule, MarginMath.notional(inst, closedQty, markPrice)));
    }

    @Override
    public void onLiquidation(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                              final int instrument, final int side, final long qty, final boolean cross,
                              final long markPrice, final long bankruptcyPrice, final long equity,
                              final long maintenanceMargin, final int tier, final long marginRatio, final int rule) {
        seen(EventRecords.KIND_LIQUIDATION, outputSeq);
        add(new Liquidation(outputSeq, timestamp, account, side, qty, cross, false, markPrice, bankruptcyPrice, equity,
            maintenanceMargin, tier, marginRatio, rule, MarginMath.notional(inst, qty, markPrice)));
    }

    private void add(final Liquidation l) {
        liquidations.add(l);
        lastLiquidation = l;
    }

    @Override
    public void onInsuranceFund(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                final int instrument, final int asset, final long delta, final long balanceAfter) {
        seen(EventRecords.KIND_INSURANCE_FUND, outputSeq);
        fund.add(new FundPoint(timestamp, delta, balanceAfter));
        // the engine settles a liquidation with the fund right after journaling it (same account)
        if (lastLiquidation != null && lastLiquidation.account() == account) {
            fundDeltaByLiquidation.merge(lastLiquidation.outputSeq(), delta, Long::sum);
        }
    }

    @Override
    public void onAdl(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                      final int instrument, final int side, final long qty, final long price,
                      final long liquidatedAccount, final long rankScore) {
        seen(EventRecords.KIND_ADL, outputSeq);
        adlQty += qty;
        adlTimes.add(timestamp);
    }

    @Override
    public void onRejection(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                            final int instrument, final int inputKind, final int reason, final long line) {
        seen(EventRecords.KIND_REJECTION, outputSeq);
    }

    @Override
    public void onGuard(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                        final int instrument, final int reason, final int state, final long price,
                        final long referencePrice) {
        seen(EventRecords.KIND_GUARD, outputSeq);
    }

    /** Records of an {@link EventRecords} kind. */
    public long count(final int kind) {
        return byKind[kind];
    }

    public long total() {
        long n = 0;
        for (final long c : byKind) {
            n += c;
        }
        return n;
    }

    /** The output sequence of the last record (the journal's length). */
    public long lastOutputSequence() {
        return lastOutputSeq;
    }

    /** Every liquidation, full and partial, in journal order. */
    public List<Liquidation> liquidations() {
        return liquidations;
    }

    /** Liquidations on one side. */
    public long liquidations(final int side) {
        return liquidations.stream().filter(l -> l.side() == side).count();
    }

    /** Notional closed by liquidation at the mark (balance units): Σ qty × mark. */
    public long liquidatedNotional() {
        long n = 0;
        for (final Liquidation l : liquidations) {
            n += l.notional();
        }
        return n;
    }

    public long liquidatedNotional(final int side) {
        long n = 0;
        for (final Liquidation l : liquidations) {
            n += l.side() == side ? l.notional() : 0;
        }
        return n;
    }

    /** The {@code n} largest by notional at the mark, largest first (ties: earlier first). */
    public List<Liquidation> largest(final int n) {
        return liquidations.stream()
            .sorted(Comparator.comparingLong(Liquidation::notional).reversed()
                .thenComparingLong(Liquidation::outputSeq))
            .limit(n).toList();
    }

    /** What the insurance fund received (+) or paid (−) settling this liquidation, 0 if nothing. */
    public long fundDelta(final Liquidation l) {
        return fundDeltaByLiquidation.getOrDefault(l.outputSeq(), 0L);
    }

    /** Every fund movement in journal order. */
    public List<FundPoint> fund() {
        return fund;
    }

    public long openingFund() {
        return openingFund;
    }

    /** The balance after the last movement at or before {@code timestamp} (the opening balance before any). */
    public long fundAt(final long timestamp) {
        long balance = openingFund;
        for (final FundPoint p : fund) {
            if (p.timestamp() > timestamp) {
                break;
            }
            balance = p.balance();
        }
        return balance;
    }

    public long fundClosing() {
        return fund.isEmpty() ? openingFund : fund.get(fund.size() - 1).balance();
    }

    /** The lowest balance reached, and when (the opening balance if it never fell below it). */
    public FundPoint fundLow() {
        FundPoint low = new FundPoint(Long.MIN_VALUE, 0, openingFund);
        for (final FundPoint p : fund) {
            if (p.balance() < low.balance()) {
                low = p;
            }
        }
        return low;
    }

    public long fundReceived() {
        return fund.stream().mapToLong(FundPoint::delta).filter(d -> d > 0).sum();
    }

    public long fundPaid() {
        return -fund.stream().mapToLong(FundPoint::delta).filter(d -> d < 0).sum();
    }

    /** Quantity closed against opposite positions by auto-deleveraging (raw). */
    public long adlQty() {
        return adlQty;
    }

    /** When each auto-deleveraging fill happened (epoch ms), in journal order. */
    public List<Long> adlTimes() {
        return adlTimes;
    }

    /** The instrument the figures are in. */
    public Instrument instrument() {
        return inst;
    }
}
