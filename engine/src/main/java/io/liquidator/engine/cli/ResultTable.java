package io.liquidator.engine.cli;

import io.liquidator.engine.instrument.BracketTable;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.Rates;

import java.io.PrintWriter;

/**
 * The calculator's readable form: one labelled row per figure, with the bracket details a user
 * needs to check the number by hand. ASCII only, so it reads the same on any terminal.
 */
final class ResultTable {
    private static final String ROW = "%s%-22s %s%n";

    private ResultTable() {
    }

    static void print(final PrintWriter out, final String indent, final Position p, final CalcResult r) {
        final Instrument i = p.instrument();
        final BracketTable b = i.brackets();
        row(out, indent, "instrument", i.symbol() + " (" + (i.isInverse() ? "inverse" : "linear")
            + ", settled in " + i.settlementAsset() + ", " + i.profile().configName() + " profile)");
        row(out, indent, "side", Side.name(p.side()));
        row(out, indent, "quantity", Display.qty(i, p.qty()) + (i.isInverse()
            ? " contracts (contract size " + trimmedPrice(i, i.contractSize()) + ")" : ""));
        row(out, indent, "entry price", Display.price(i, p.entryPrice()));
        row(out, indent, "margin mode", p.cross()
            ? "cross, wallet balance " + Display.money(i, p.margin()) + " backs this position"
            : "isolated, margin " + Display.money(i, p.margin()));
        row(out, indent, "notional at entry", Display.money(i, r.notionalAtEntry()));
        row(out, indent, "initial leverage", Display.leverage(r.leverage()));
        row(out, indent, "tier at entry", tier(i, r.tierAtEntry()) + ", max " + Display.leverage(b.maxLeverage(r.tierAtEntry())));
        if (r.hasLiquidationPrice()) {
            row(out, indent, "liquidation price", Display.price(i, r.liquidationPrice()));
            final String moved = r.tierAtLiquidation() == r.tierAtEntry() ? ""
                : (r.tierAtLiquidation() > r.tierAtEntry() ? ", up" : ", down") + " from tier " + (r.tierAtEntry() + 1) + " at entry";
            row(out, indent, "tier at liquidation", tier(i, r.tierAtLiquidation()) + moved);
            row(out, indent, "maintenance margin", Display.money(i, r.maintenanceAtLiquidation()) + " at the liquidation price");
        } else {
            row(out, indent, "liquidation price", "none (the margin covers a move to any positive price)");
            row(out, indent, "tier at liquidation", "none");
            row(out, indent, "maintenance margin", "none");
        }
        row(out, indent, "bankruptcy price", r.hasBankruptcyPrice() ? Display.price(i, r.bankruptcyPrice()) : "none");
        if (p.hasMark()) {
            final String verdict = r.marginRatioAtMark() >= Rates.ONE ? "LIQUIDATABLE at this mark" : "liquidation at 100%";
            row(out, indent, "margin ratio", Display.percent(r.marginRatioAtMark()) + " at mark "
                + Display.price(i, p.markPrice()) + " (" + verdict + ")");
            row(out, indent, "at the mark", "maintenance " + Display.money(i, r.maintenanceAtMark())
                + ", margin balance " + Display.money(i, r.marginBalanceAtMark()));
        } else {
            row(out, indent, "margin ratio", "n/a (no mark price given)");
        }
    }

    private static String tier(final Instrument i, final int t) {
        final BracketTable b = i.brackets();
        return (t + 1) + " of " + b.size() + " (MMR " + Display.exactPercent(b.mmr(t)) + ", maintenance amount "
            + Display.money(i, b.maintenanceAmount(t)) + ")";
    }

    private static String trimmedPrice(final Instrument i, final long raw) {
        return Decimals.formatTrimmed(raw, i.priceScale());
    }

    private static void row(final PrintWriter out, final String indent, final String label, final String value) {
        out.printf(ROW, indent, label, value);
    }
}
