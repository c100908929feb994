package io.liquidator.engine.cluster.shard;

import io.liquidator.journal.InputHandler;

import java.util.ArrayList;
import java.util.List;

/** Test handler: one line per input with every argument, in signature order. */
final class RecordingInputs implements InputHandler {
    final List<String> lines = new ArrayList<>();

    @Override
    public void onMarkPrice(final long inputSeq, final long timestamp, final int instrument, final long price,
                            final long line) {
        lines.add("MARK " + inputSeq + " " + timestamp + " " + instrument + " " + price + " " + line);
    }

    @Override
    public void onPosition(final long inputSeq, final long timestamp, final long account, final int instrument,
                           final int side, final long qty, final long entryPrice, final boolean cross,
                           final long isolatedMargin, final long line) {
        lines.add("POSITION " + inputSeq + " " + timestamp + " " + account + " " + instrument + " " + side + " " + qty
            + " " + entryPrice + " " + cross + " " + isolatedMargin + " " + line);
    }

    @Override
    public void onWallet(final long inputSeq, final long timestamp, final long account, final int asset,
                         final long balance, final long line) {
        lines.add("WALLET " + inputSeq + " " + timestamp + " " + account + " " + asset + " " + balance + " " + line);
    }

    @Override
    public void onFunding(final long inputSeq, final long timestamp, final int instrument, final long rate,
                          final long line) {
        lines.add("FUNDING " + inputSeq + " " + timestamp + " " + instrument + " " + rate + " " + line);
    }

    @Override
    public void onInstrumentUpdate(final long inputSeq, final long timestamp, final int instrument,
                                   final CharSequence definition, final long line) {
        lines.add("INSTRUMENT " + inputSeq + " " + timestamp + " " + instrument + " [" + definition + "] " + line);
    }

    @Override
    public void onControl(final long inputSeq, final long timestamp, final int code, final long line) {
        lines.add("CONTROL " + inputSeq + " " + timestamp + " " + code + " " + line);
    }

    @Override
    public void onMalformed(final long inputSeq, final long timestamp, final int kind, final int reason,
                            final long line) {
        lines.add("MALFORMED " + inputSeq + " " + timestamp + " " + kind + " " + reason + " " + line);
    }
}
