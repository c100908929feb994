package io.liquidator.engine.cli;

import io.liquidator.journal.Rejections;
import io.liquidator.engine.config.LiquidatorConfig;

import io.liquidator.engine.core.Rules;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.LiquidationPriceSolver;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.Rates;
import io.liquidator.journal.EventRecordVisitor;
import io.liquidator.journal.Guards;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns output-journal records into the plain-text events of {@code formats.md}: one JSON object per
 * record ({@code kind, seq, input_seq, ts, account, instrument} and the kind's fields, decimals as
 * strings in the instrument's or asset's scale), or CSV with one fixed header. Off the hot path: plain
 * readable Java, a map per record.
 */
final class EventDumper implements EventRecordVisitor {
    /** Every column a record may have, in CSV order. */
    static final List<String> COLUMNS = List.of("kind", "seq", "input_seq", "ts", "account", "instrument", "side", "cross",
        "level", "level_ratio", "mark_price", "qty", "remaining_qty", "bankruptcy_price", "equity", "maintenance_margin",
        "tier", "margin_ratio", "rule", "asset", "delta", "balance", "price", "against_account", "rank_score",
        "input_kind", "reason", "line", "state", "reference_price");

    private final LiquidatorConfig config;
    private final List<String> assets = new ArrayList<>();
    private final PrintWriter out;
    private final boolean csv;

    EventDumper(final LiquidatorConfig config, final PrintWriter out, final boolean csv) {
        this.config = config;
        this.out = out;
        this.csv = csv;
        for (final Instrument i : config.instruments()) {
            if (!assets.contains(i.settlementAsset())) {
                assets.add(i.settlementAsset());
            }
        }
        if (csv) {
            out.println(String.join(",", COLUMNS));
        }
    }

    @Override
    public void onMarginCall(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                             final int instrument, final boolean cross, final int level, final long levelRatio,
                             final long markPrice, final long equity, final long maintenanceMargin, final int tier,
                             final long marginRatio) {
        final Map<String, Object> r = header("MARGIN_CALL", outputSeq, inputSeq, timestamp, account, instrument);
        r.put("cross", cross);
        r.put("level", level);
        r.put("level_ratio", rate(levelRatio));
        r.put("mark_price", price(instrument, markPrice));
        r.put("equity", amount(instrument, equity));
        r.put("maintenance_margin", amount(instrument, maintenanceMargin));
        r.put("tier", tier);
        r.put("margin_ratio", rate(marginRatio));
        emit(r);
    }

    @Override
    public void onPartialLiquidation(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                     final int instrument, final int side, final long closedQty, final long remainingQty,
                                     final long markPrice, final long bankruptcyPrice, final long equity,
                                     final long maintenanceMargin, final int tier, final long marginRatio, final int rule) {
        final Map<String, Object> r = header("PARTIAL_LIQUIDATION", outputSeq, inputSeq, timestamp, account, instrument);
        r.put("side", Side.name(side));
        r.put("mark_price", price(instrument, markPrice));
        r.put("qty", qty(instrument, closedQty));
        r.put("remaining_qty", qty(instrument, remainingQty));
        putLiquidationFields(r, instrument, bankruptcyPrice, equity, maintenanceMargin, tier, marginRatio, rule);
        emit(r);
    }

    @Override
    public void onLiquidation(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                              final int instrument, final int side, final long qty, final boolean cross,
                              final long markPrice, final long bankruptcyPrice, final long equity,
                              final long maintenanceMargin, final int tier, final long marginRatio, final int rule) {
        final Map<String, Object> r = header("LIQUIDATION", outputSeq, inputSeq, timestamp, account, instrument);
        r.put("side", Side.name(side));
        r.put("cross", cross);
        r.put("mark_price", price(instrument, markPrice));
        r.put("qty", qty(instrument, qty));
        putLiquidationFields(r, instrument, bankruptcyPrice, equity, maintenanceMargin, tier, marginRatio, rule);
        emit(r);
    }

    @Override
    public void onInsuranceFund(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                final int instrument, final int asset, final long delta, final long balanceAfter) {
        final Map<String, Object> r = header("INSURANCE_FUND", outputSeq, inputSeq, timestamp, account, instrument);
        final String name = asset >= 0 && asset < assets.size() ? assets.get(asset) : null;
        r.put("asset", name);
        final int scale = name == null ? 0 : config.assets().get(name);
        r.put("delta", Decimals.formatTrimmed(delta, scale));
        r.put("balance", Decimals.formatTrimmed(balanceAfter, scale));
        emit(r);
    }

    @Override
    public void onAdl(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                      final int instrument, final int side, final long qty, final long price,
                      final long liquidatedAccount, final long rankScore) {
        final Map<String, Object> r = header("ADL", outputSeq, inputSeq, timestamp, account, instrument);
        r.put("side", Side.name(side));
        r.put("qty", qty(instrument, qty));
        r.put("price", price(instrument, price));
        r.put("against_account", liquidatedAccount);
        r.put("rank_score", rate(rankScore));
        emit(r);
    }

    @Override
    public void onRejection(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                            final int instrument, final int inputKind, final int reason, final long line) {
        final Map<String, Object> r = header("REJECTION", outputSeq, inputSeq, timestamp, account, instrument);
        r.put("input_kind", inputKind);
        r.put("reason", Rejections.name(reason));
        if (line > 0) {
            r.put("line", line);
        }
        emit(r);
    }

    /**
     * A price guard's transition: {@code reason} and {@code state} by name, the tick's {@code price}
     * and the {@code reference_price} it was judged against (null when there was none yet).
     */
    @Override
    public void onGuard(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                        final int instrument, final int reason, final int state, final long price,
                        final long referencePrice) {
        final Map<String, Object> r = header("GUARD", outputSeq, inputSeq, timestamp, account, instrument);
        r.put("reason", Guards.reasonName(reason));
        r.put("state", Guards.stateName(state));
        r.put("price", price(instrument, price));
        r.put("reference_price", referencePrice == 0 ? null : price(instrument, referencePrice));
        emit(r);
    }

    private void putLiquidationFields(final Map<String, Object> r, final int instrument, final long bankruptcyPrice,
                                      final long equity, final long maintenanceMargin, final int tier,
                                      final long marginRatio, final int rule) {
        r.put("bankruptcy_price", price(instrument, bankruptcyPrice));
        r.put("equity", amount(instrument, equity));
        r.put("maintenance_margin", amount(instrument, maintenanceMargin));
        r.put("tier", tier);
        r.put("margin_ratio", rate(marginRatio));
        r.put("rule", Rules.name(rule));
    }

    private Map<String, Object> header(final String kind, final long seq, final long inputSeq, final long ts,
                                       final long account, final int instrument) {
        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", kind);
        r.put("seq", seq);
        r.put("input_seq", inputSeq);
        r.put("ts", ts);
        r.put("account", account);
        r.put("instrument", known(instrument) ? config.instrument(instrument).symbol() : null);
        return r;
    }

    private boolean known(final int instrument) {
        return instrument >= 0 && instrument < config.instruments().size();
    }

    private String price(final int instrument, final long raw) {
        if (raw == LiquidationPriceSolver.NO_PRICE) {
            return null;
        }
        return known(instrument) ? Decimals.format(raw, config.instrument(instrument).priceScale()) : Long.toString(raw);
    }

    private String qty(final int instrument, final long raw) {
        return known(instrument) ? Decimals.formatTrimmed(raw, config.instrument(instrument).qtyScale()) : Long.toString(raw);
    }

    private String amount(final int instrument, final long raw) {
        return known(instrument) ? Decimals.formatTrimmed(raw, config.instrument(instrument).balanceScale()) : Long.toString(raw);
    }

    private static String rate(final long raw) {
        return raw == Rates.INFINITE ? "Infinity" : Decimals.formatTrimmed(raw, Rates.SCALE_DIGITS);
    }

    private void emit(final Map<String, Object> r) {
        if (csv) {
            final StringBuilder sb = new StringBuilder();
            for (int c = 0; c < COLUMNS.size(); c++) {
                if (c > 0) {
                    sb.append(',');
                }
                final Object v = r.get(COLUMNS.get(c));
                if (v != null) {
                    sb.append(v);
                }
            }
            out.println(sb);
            return;
        }
        final StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (final Map.Entry<String, Object> e : r.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(e.getKey()).append("\":");
            final Object v = e.getValue();
            if (v == null || v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                sb.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        out.println(sb.append('}'));
    }
}
