package io.liquidator.journal;

import java.util.ArrayList;
import java.util.List;

/** Test handler: one line per input, every argument, in signature order. */
final class RecordingInputHandler implements InputHandler {
    final List<String> lines = new ArrayList<>();
    final List<Long> inputSeqs = new ArrayList<>();

    private void add(final long inputSeq, final String line) {
        inputSeqs.add(inputSeq);
        lines.add(line);
    }

    @Override
    public void onMarkPrice(final long inputSeq, final long timestamp, final int instrument, final long price,
                            final long line) {
        add(inputSeq, "MARK_PRICE " + inputSeq + " " + timestamp + " " + instrument + " " + price + " " + line);
    }

    @Override
    public void onPosition(final long inputSeq, final long timestamp, final long account, final int instrument,
                           final int side, final long qty, final long entryPrice, final boolean cross,
                           final long isolatedMargin, final long line) {
        add(inputSeq, "POSITION " + inputSeq + " " + timestamp + " " + account + " " + instrument + " " + side + " "
            + qty + " " + entryPrice + " " + cross + " " + isolatedMargin + " " + line);
    }

    @Override
    public void onWallet(final long inputSeq, final long timestamp, final long account, final int asset,
                         final long balance, final long line) {
        add(inputSeq, "WALLET " + inputSeq + " " + timestamp + " " + account + " " + asset + " " + balance + " " + line);
    }

    @Override
    public void onFunding(final long inputSeq, final long timestamp, final int instrument, final long rate,
                          final long line) {
        add(inputSeq, "FUNDING " + inputSeq + " " + timestamp + " " + instrument + " " + rate + " " + line);
    }

    @Override
    public void onInstrumentUpdate(final long inputSeq, final long timestamp, final int instrument,
                                   final CharSequence definition, final long line) {
        add(inputSeq, "INSTRUMENT " + inputSeq + " " + timestamp + " " + instrument + " [" + definition + "] " + line);
    }

    @Override
    public void onControl(final long inputSeq, final long timestamp, final int code, final long line) {
        add(inputSeq, "CONTROL " + inputSeq + " " + timestamp + " " + code + " " + line);
    }

    @Override
    public void onMalformed(final long inputSeq, final long timestamp, final int kind, final int reason,
                            final long line) {
        add(inputSeq, "MALFORMED " + inputSeq + " " + timestamp + " " + kind + " " + Rejections.name(reason) + " " + line);
    }
}
