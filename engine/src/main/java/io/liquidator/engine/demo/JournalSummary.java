package io.liquidator.engine.demo;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.journal.EventRecordVisitor;
import io.liquidator.journal.EventRecords;
import io.liquidator.journal.OutputJournalReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's figures, read back from its output journal (the demo's summary, each column of
 * {@code compare}): whatever a report says about events, liquidations, the fund and ADL is counted
 * here from the records themselves, so it agrees with what {@code liquidator dump} shows for the
 * same journal.
 *
 * <p>Notionals and fund balances are kept per settlement asset, each in that asset's balance units;
 * the methods without an asset are about the summary's {@link #instrument()} and its asset (the
 * demo's one instrument).
 *
 * <p>Off the hot path: it keeps every liquidation and fund movement in lists (a demo's journal
 * holds thousands, not billions).
 */
public final class JournalSummary implements EventRecordVisitor {
    /** One liquidation (full or partial) as journaled, with the fund movement that settled it. */
    public record Liquidation(long outputSeq, long timestamp, long account, int side, long qty, boolean cross,
                              boolean partial, long markPrice, long bankruptcyPrice, long equity,
                              long maintenanceMargin, int tier, long marginRatio, int rule, long notional,
                              int instrument) {
    }

    /** A fund balance after a movement. */
    public record FundPoint(long timestamp, long delta, long balance) {
    }

    private final Instrument inst;
    private final List<Instrument> instruments;
    /** The engine's asset ids: index = the id an INSURANCE_FUND record carries. */
    private final List<String> assets;
    private final long[] openingFunds;
    private final long[] byKind = new long[EventRecords.KIND_GUARD + 1];
    private final List<Liquidation> liquidations = new ArrayList<>();
    private final List<List<FundPoint>> funds = new ArrayList<>();
    private final Map<Long, Long> fundDeltaByLiquidation = new HashMap<>();
    private final Set<Long> marginCalled = new HashSet<>();
    private final Set<Long> partiallyLiquidated = new HashSet<>();
    private final Set<Long> fullyLiquidated = new HashSet<>();
    private Liquidation lastLiquidation;
    private final List<Long> adlTimes = new ArrayList<>();
    private long adlQty;
    private long lastOutputSeq;

    private JournalSummary(final LiquidatorConfig config, final Map<String, Long> openingFunds, final Instrument inst) {
        this.inst = inst;
        this.instruments = config.instruments();
        this.assets = config.settlementAssets();
        this.openingFunds = new long[assets.size()];
        for (int a = 0; a < assets.size(); a++) {
            this.openingFunds[a] = openingFunds.getOrDefault(assets.get(a), 0L);
            funds.add(new ArrayList<>());
        }
    }

    /**
     * Reads the whole journal in {@code dir}, written by a run under {@code config}.
     *
     * @param openingFunds the insurance fund per settlement asset before the first event (balance
     *                     units; an asset left out opened at 0), e.g. the run's
     *                     {@code EngineSettings.insuranceFund()}
     * @param inst         the instrument the figures without an asset argument are about (the demo's)
     */
    public static JournalSummary read(final Path dir, final LiquidatorConfig config,
                                      final Map<String, Long> openingFunds, final Instrument inst) {
        final JournalSummary s = new JournalSummary(config, openingFunds, inst);
        try (OutputJournalReader reader = OutputJournalReader.open(dir)) {
            reader.readAll(s);
        }
        return s;
    }

    /** {@link #read(Path, LiquidatorConfig, Map, Instrument)} about the configuration's first instrument. */
    public static JournalSummary read(final Path dir, final LiquidatorConfig config,
                                      final Map<String, Long> openingFunds) {
        return read(dir, config, openingFunds, config.instrument(0));
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
        marginCalled.add(account);
    }

    @Override
    public void onPartialLiquidation(final long outputSeq, final long inputSeq, final long timestamp,
                                     final long account, final int instrument, final int side, final long closedQty,
                                     final long remainingQty, final long markPrice, final long bankruptcyPrice,
                                     final long equity, final long maintenanceMargin, final int tier,
                                     final long marginRatio, final int rule) {
        seen(EventRecords.KIND_PARTIAL_LIQUIDATION, outputSeq);
        partiallyLiquidated.add(account);
        add(new Liquidation(outputSeq, timestamp, account, side, closedQty, false, true, markPrice, bankruptcyPrice,
            equity, maintenanceMargin, tier, marginRatio, rule,
            MarginMath.notional(instruments.get(instrument), closedQty, markPrice), instrument));
    }

    @Override
    public void onLiquidation(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                              final int instrument, final int side, final long qty, final boolean cross,
                              final long markPrice, final long bankruptcyPrice, final long equity,
                              final long maintenanceMargin, final int tier, final long marginRatio, final int rule) {
        seen(EventRecords.KIND_LIQUIDATION, outputSeq);
        fullyLiquidated.add(account);
        add(new Liquidation(outputSeq, timestamp, account, side, qty, cross, false, markPrice, bankruptcyPrice, equity,
            maintenanceMargin, tier, marginRatio, rule, MarginMath.notional(instruments.get(instrument), qty, markPrice),
            instrument));
    }

    private void add(final Liquidation l) {
        liquidations.add(l);
        lastLiquidation = l;
    }

    @Override
    public void onInsuranceFund(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                final int instrument, final int asset, final long delta, final long balanceAfter) {
        seen(EventRecords.KIND_INSURANCE_FUND, outputSeq);
        funds.get(asset).add(new FundPoint(timestamp, delta, balanceAfter));
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

    /** Liquidations on one side (every instrument). */
    public long liquidations(final int side) {
        return liquidations.stream().filter(l -> l.side() == side).count();
    }

    /** Notional closed by liquidation at the mark in {@link #instrument()}'s asset (balance units): Σ qty × mark. */
    public long liquidatedNotional() {
        return liquidatedNotional(inst.settlementAsset());
    }

    public long liquidatedNotional(final int side) {
        return liquidatedNotional(inst.settlementAsset(), side);
    }

    /** Notional closed by liquidation at the mark on the instruments settled in {@code asset} (its balance units). */
    public long liquidatedNotional(final String asset) {
        long n = 0;
        for (final Liquidation l : liquidations) {
            n += settledIn(l, asset) ? l.notional() : 0;
        }
        return n;
    }

    public long liquidatedNotional(final String asset, final int side) {
        long n = 0;
        for (final Liquidation l : liquidations) {
            n += settledIn(l, asset) && l.side() == side ? l.notional() : 0;
        }
        return n;
    }

    private boolean settledIn(final Liquidation l, final String asset) {
        return instruments.get(l.instrument()).settlementAsset().equals(asset);
    }

    /** Accounts that received at least one margin call. */
    public int accountsMarginCalled() {
        return marginCalled.size();
    }

    /** Accounts with at least one partial liquidation. */
    public int accountsPartiallyLiquidated() {
        return partiallyLiquidated.size();
    }

    /** Accounts with at least one position closed in full by liquidation (a cross book counts once). */
    public int accountsFullyLiquidated() {
        return fullyLiquidated.size();
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

    /** The settlement assets in the engine's numbering (the order of the configuration's instruments). */
    public List<String> assets() {
        return assets;
    }

    /** Every fund movement of {@link #instrument()}'s asset in journal order. */
    public List<FundPoint> fund() {
        return fund(inst.settlementAsset());
    }

    /** Every movement of the fund in {@code asset}, in journal order (empty for an asset nothing settles in). */
    public List<FundPoint> fund(final String asset) {
        final int a = assets.indexOf(asset);
        return a < 0 ? List.of() : funds.get(a);
    }

    public long openingFund() {
        return openingFund(inst.settlementAsset());
    }

    public long openingFund(final String asset) {
        final int a = assets.indexOf(asset);
        return a < 0 ? 0 : openingFunds[a];
    }

    /** The balance after the last movement at or before {@code timestamp} (the opening balance before any). */
    public long fundAt(final long timestamp) {
        return fundAt(inst.settlementAsset(), timestamp);
    }

    public long fundAt(final String asset, final long timestamp) {
        long balance = openingFund(asset);
        for (final FundPoint p : fund(asset)) {
            if (p.timestamp() > timestamp) {
                break;
            }
            balance = p.balance();
        }
        return balance;
    }

    public long fundClosing() {
        return fundClosing(inst.settlementAsset());
    }

    public long fundClosing(final String asset) {
        final List<FundPoint> fund = fund(asset);
        return fund.isEmpty() ? openingFund(asset) : fund.get(fund.size() - 1).balance();
    }

    /** The lowest balance reached, and when (the opening balance if it never fell below it). */
    public FundPoint fundLow() {
        return fundLow(inst.settlementAsset());
    }

    public FundPoint fundLow(final String asset) {
        FundPoint low = new FundPoint(Long.MIN_VALUE, 0, openingFund(asset));
        for (final FundPoint p : fund(asset)) {
            if (p.balance() < low.balance()) {
                low = p;
            }
        }
        return low;
    }

    public long fundReceived() {
        return fundReceived(inst.settlementAsset());
    }

    /** What the fund took from liquidations that left equity. */
    public long fundReceived(final String asset) {
        return fund(asset).stream().mapToLong(FundPoint::delta).filter(d -> d > 0).sum();
    }

    public long fundPaid() {
        return fundPaid(inst.settlementAsset());
    }

    /** The shortfall: what the fund paid for bankrupt positions (a positive amount). */
    public long fundPaid(final String asset) {
        return -fund(asset).stream().mapToLong(FundPoint::delta).filter(d -> d < 0).sum();
    }

    /** Quantity closed against opposite positions by auto-deleveraging (raw). */
    public long adlQty() {
        return adlQty;
    }

    /** When each auto-deleveraging fill happened (epoch ms), in journal order. */
    public List<Long> adlTimes() {
        return adlTimes;
    }

    /** The instrument the figures without an asset argument are about. */
    public Instrument instrument() {
        return inst;
    }
}
