package io.liquidator.engine.cli;

import io.liquidator.engine.app.EngineSession;
import io.liquidator.engine.app.EventCounter;
import io.liquidator.engine.app.InputCounter;
import io.liquidator.engine.money.Decimals;
import io.liquidator.journal.EventRecords;
import io.liquidator.journal.InputRecords;
import io.liquidator.journal.Rejections;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The summary {@code run} and {@code replay} print when they end: inputs in, events out, the time
 * it took, and the engine's state hash, which two runs over the same input must agree on.
 */
final class RunReport {
    private RunReport() {
    }

    static void print(final PrintWriter out, final String verb, final InputCounter in, final EngineSession session,
                      final long elapsedNanos, final String output) {
        final EventCounter ev = session.events();
        final double seconds = Math.max(elapsedNanos, 1) / 1e9;
        out.printf(Locale.ROOT, "%s %,d inputs in %.3f s: %,.0f inputs/s, %,.0f ticks/s%n", verb, in.total(), seconds,
            in.total() / seconds, in.count(InputRecords.KIND_MARK_PRICE) / seconds);
        out.printf(Locale.ROOT, "  inputs      %,d ticks, %,d positions, %,d wallets, %,d funding, %,d instrument updates,"
                + " %,d controls, %,d malformed%n",
            in.count(InputRecords.KIND_MARK_PRICE), in.count(InputRecords.KIND_POSITION),
            in.count(InputRecords.KIND_WALLET), in.count(InputRecords.KIND_FUNDING),
            in.count(InputRecords.KIND_INSTRUMENT), in.count(InputRecords.KIND_CONTROL), in.malformed());
        final StringBuilder kinds = new StringBuilder();
        for (int k = EventRecords.KIND_MARGIN_CALL; k <= EventRecords.KIND_REJECTION; k++) {
            kinds.append(k == EventRecords.KIND_MARGIN_CALL ? "" : ", ").append(EventRecords.name(k)).append(' ')
                .append(String.format(Locale.ROOT, "%,d", ev.count(k)));
        }
        out.println("  events      " + kinds);
        if (ev.count(EventRecords.KIND_REJECTION) > 0) {
            final StringBuilder reasons = new StringBuilder();
            for (int r = 0; r < 64; r++) {
                if (ev.rejections(r) > 0) {
                    reasons.append(reasons.length() == 0 ? "" : ", ").append(Rejections.name(r)).append(' ')
                        .append(ev.rejections(r));
                }
            }
            out.println("  rejected    " + reasons + "  (each is a REJECTION record with its input_seq and line)");
        }
        if (ev.count(EventRecords.KIND_GUARD) > 0) {
            out.printf(Locale.ROOT, "  guards      %,d tripped, %,d released  (GUARD records: liquidation paused on the"
                + " instrument in between)%n", ev.guardTrips(), ev.count(EventRecords.KIND_GUARD) - ev.guardTrips());
        }
        final StringBuilder fund = new StringBuilder();
        for (int a = 0; a < session.engine().assetCount(); a++) {
            final String asset = session.engine().assetName(a);
            final Integer scale = session.config().assets().get(asset);
            fund.append(a == 0 ? "" : ", ").append(asset).append(' ')
                .append(Decimals.formatTrimmed(session.engine().insuranceFund(a), scale == null ? 0 : scale));
        }
        out.println("  fund        " + fund);
        out.println("  positions   " + String.format(Locale.ROOT, "%,d", session.engine().openPositions()) + " open");
        out.println("  output      " + output);
        out.printf(Locale.ROOT, "  state hash  %016x%n", session.engine().stateHash());
    }
}
