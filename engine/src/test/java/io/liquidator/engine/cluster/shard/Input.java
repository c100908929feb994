package io.liquidator.engine.cluster.shard;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.journal.InputHandler;

/**
 * One generated input: replayed into any {@link InputHandler} (one engine, or a router over
 * several) with the same arguments every time, and able to say which settlement asset it concerns
 * by the configuration's names, without asking the shard map: the test's own idea of where it belongs.
 */
sealed interface Input {
    long seq();

    void feed(InputHandler to);

    /** The settlement asset this input concerns, or null if it has none the configuration knows. */
    String asset(LiquidatorConfig config);

    private static String ofInstrument(final LiquidatorConfig config, final int instrument) {
        return instrument >= 0 && instrument < config.instruments().size()
            ? config.instrument(instrument).settlementAsset() : null;
    }

    record Mark(long seq, long ts, int instrument, long price) implements Input {
        @Override
        public void feed(final InputHandler to) {
            to.onMarkPrice(seq, ts, instrument, price, 0);
        }

        @Override
        public String asset(final LiquidatorConfig config) {
            return ofInstrument(config, instrument);
        }
    }

    record Position(long seq, long ts, long account, int instrument, int side, long qty, long entry, boolean cross,
                    long margin) implements Input {
        @Override
        public void feed(final InputHandler to) {
            to.onPosition(seq, ts, account, instrument, side, qty, entry, cross, margin, 0);
        }

        @Override
        public String asset(final LiquidatorConfig config) {
            return ofInstrument(config, instrument);
        }
    }

    record Wallet(long seq, long ts, long account, int assetId, long balance) implements Input {
        @Override
        public void feed(final InputHandler to) {
            to.onWallet(seq, ts, account, assetId, balance, 0);
        }

        @Override
        public String asset(final LiquidatorConfig config) {
            return assetId >= 0 && assetId < config.settlementAssets().size() ? config.settlementAssets().get(assetId) : null;
        }
    }

    record Funding(long seq, long ts, int instrument, long rate) implements Input {
        @Override
        public void feed(final InputHandler to) {
            to.onFunding(seq, ts, instrument, rate, 0);
        }

        @Override
        public String asset(final LiquidatorConfig config) {
            return ofInstrument(config, instrument);
        }
    }

    record Update(long seq, long ts, int instrument, String definition) implements Input {
        @Override
        public void feed(final InputHandler to) {
            to.onInstrumentUpdate(seq, ts, instrument, definition, 0);
        }

        @Override
        public String asset(final LiquidatorConfig config) {
            return ofInstrument(config, instrument);
        }
    }

    record Control(long seq, long ts, int code) implements Input {
        @Override
        public void feed(final InputHandler to) {
            to.onControl(seq, ts, code, 0);
        }

        @Override
        public String asset(final LiquidatorConfig config) {
            return null;
        }
    }

    record Malformed(long seq, long ts, int kind, int reason) implements Input {
        @Override
        public void feed(final InputHandler to) {
            to.onMalformed(seq, ts, kind, reason, 0);
        }

        @Override
        public String asset(final LiquidatorConfig config) {
            return null;
        }
    }
}
