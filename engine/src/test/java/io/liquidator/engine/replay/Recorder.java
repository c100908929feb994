package io.liquidator.engine.replay;

import io.liquidator.journal.InputHandler;
import io.liquidator.journal.Rejections;

import java.util.ArrayList;
import java.util.List;

/** Records every input as one line of text, so that a test states the exact stream it expects. */
final class Recorder implements InputHandler {
    final List<String> inputs = new ArrayList<>();

    /** Reads one file on its own, numbering its inputs 1, 2, 3… as a replay of it alone would. */
    static List<String> read(final RowReader reader) {
        final Recorder r = new Recorder();
        try (reader) {
            long seq = 1;
            while (reader.next()) {
                reader.emit(seq++, r);
            }
        }
        return r.inputs;
    }

    @Override
    public void onMarkPrice(final long seq, final long ts, final int instrument, final long price, final long line) {
        inputs.add(seq + " " + ts + " mark i" + instrument + " " + price + " L" + line);
    }

    @Override
    public void onPosition(final long seq, final long ts, final long account, final int instrument, final int side,
                           final long qty, final long entryPrice, final boolean cross, final long isolatedMargin,
                           final long line) {
        inputs.add(seq + " " + ts + " position a" + account + " i" + instrument + " " + (side > 0 ? "long" : side < 0 ? "short" : "?")
            + " " + qty + " @" + entryPrice + " " + (cross ? "cross" : "isolated " + isolatedMargin) + " L" + line);
    }

    @Override
    public void onWallet(final long seq, final long ts, final long account, final int asset, final long balance,
                         final long line) {
        inputs.add(seq + " " + ts + " wallet a" + account + " asset" + asset + " " + balance + " L" + line);
    }

    @Override
    public void onFunding(final long seq, final long ts, final int instrument, final long rate, final long line) {
        inputs.add(seq + " " + ts + " funding i" + instrument + " " + rate + " L" + line);
    }

    @Override
    public void onInstrumentUpdate(final long seq, final long ts, final int instrument, final CharSequence definition,
                                   final long line) {
        inputs.add(seq + " " + ts + " instrument i" + instrument + " L" + line);
    }

    @Override
    public void onControl(final long seq, final long ts, final int code, final long line) {
        inputs.add(seq + " " + ts + " control " + code + " L" + line);
    }

    @Override
    public void onMalformed(final long seq, final long ts, final int kind, final int reason, final long line) {
        inputs.add(seq + " " + ts + " REJECT k" + kind + " " + Rejections.name(reason) + " L" + line);
    }
}
