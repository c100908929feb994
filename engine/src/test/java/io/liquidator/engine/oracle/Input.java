package io.liquidator.engine.oracle;

import io.liquidator.engine.core.LiquidationEngine;

/** One engine input as data, so a book can be replayed on the engine and the oracle, printed and shrunk. */
final class Input {
    enum Kind { MARK, POSITION, WALLET, FUNDING }

    final Kind kind;
    final long seq;
    final long ts;
    final long account;
    /** Instrument, or the asset for a wallet. */
    final int instrument;
    final int side;
    final long qty;
    /** Mark price, entry price, wallet balance or funding rate. */
    final long value;
    final boolean cross;
    final long margin;

    private Input(final Kind kind, final long seq, final long ts, final long account, final int instrument, final int side,
                  final long qty, final long value, final boolean cross, final long margin) {
        this.kind = kind;
        this.seq = seq;
        this.ts = ts;
        this.account = account;
        this.instrument = instrument;
        this.side = side;
        this.qty = qty;
        this.value = value;
        this.cross = cross;
        this.margin = margin;
    }

    static Input mark(final long seq, final long ts, final int instrument, final long price) {
        return new Input(Kind.MARK, seq, ts, 0, instrument, 0, 0, price, false, 0);
    }

    static Input position(final long seq, final long ts, final long account, final int instrument, final int side,
                          final long qty, final long entry, final boolean cross, final long margin) {
        return new Input(Kind.POSITION, seq, ts, account, instrument, side, qty, entry, cross, margin);
    }

    static Input wallet(final long seq, final long ts, final long account, final int asset, final long balance) {
        return new Input(Kind.WALLET, seq, ts, account, asset, 0, 0, balance, false, 0);
    }

    static Input funding(final long seq, final long ts, final int instrument, final long rate) {
        return new Input(Kind.FUNDING, seq, ts, 0, instrument, 0, 0, rate, false, 0);
    }

    void apply(final LiquidationEngine e) {
        switch (kind) {
            case MARK -> e.onMarkPrice(seq, ts, instrument, value);
            case POSITION -> e.onPosition(seq, ts, account, instrument, side, qty, value, cross, margin);
            case WALLET -> e.onWallet(seq, ts, account, instrument, value);
            case FUNDING -> e.onFunding(seq, ts, instrument, value);
            default -> throw new IllegalStateException();
        }
    }

    void apply(final NaiveOracle o) {
        switch (kind) {
            case MARK -> o.onMarkPrice(seq, ts, instrument, value);
            case POSITION -> o.onPosition(seq, ts, account, instrument, side, qty, value, cross, margin);
            case WALLET -> o.onWallet(seq, ts, account, instrument, value);
            case FUNDING -> o.onFunding(seq, ts, instrument, value);
            default -> throw new IllegalStateException();
        }
    }

    /** As a Java call on an engine named {@code e}: a failing book pastes straight into a unit test. */
    @Override
    public String toString() {
        return switch (kind) {
            case MARK -> "e.onMarkPrice(" + seq + "L, " + ts + "L, " + instrument + ", " + value + "L);";
            case POSITION -> "e.onPosition(" + seq + "L, " + ts + "L, " + account + "L, " + instrument + ", " + side + ", "
                + qty + "L, " + value + "L, " + cross + ", " + margin + "L);";
            case WALLET -> "e.onWallet(" + seq + "L, " + ts + "L, " + account + "L, " + instrument + ", " + value + "L);";
            case FUNDING -> "e.onFunding(" + seq + "L, " + ts + "L, " + instrument + ", " + value + "L);";
        };
    }
}
