package io.liquidator.engine.cluster;

import io.liquidator.engine.cluster.shard.ShardMap;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.InputRecords;
import io.liquidator.journal.Rejections;

/**
 * In front of a cluster member that holds one shard: passes on the inputs of its own instruments and
 * settlement assets, and refuses any other as {@link Rejections#WRONG_SHARD} (journaled in order like
 * every rejection), so that a misrouted input can never create state the shard does not own. The
 * member's engine is built from the whole configuration (ids stay the venue's), which is why this
 * check is needed at all. Plain array lookups: no allocation.
 */
final class ShardGuard implements InputHandler {
    private final InputHandler target;
    private final ShardMap map;
    private final int shard;

    ShardGuard(final InputHandler target, final ShardMap map, final int shard) {
        this.target = target;
        this.map = map;
        this.shard = shard;
    }

    private boolean mine(final int instrument) {
        return map.shardOfInstrument(instrument) == shard;
    }

    @Override
    public void onMarkPrice(final long seq, final long ts, final int instrument, final long price, final long line) {
        if (mine(instrument)) {
            target.onMarkPrice(seq, ts, instrument, price, line);
        } else {
            target.onMalformed(seq, ts, InputRecords.KIND_MARK_PRICE, Rejections.WRONG_SHARD, line);
        }
    }

    @Override
    public void onPosition(final long seq, final long ts, final long account, final int instrument, final int side,
                           final long qty, final long entryPrice, final boolean cross, final long isolatedMargin,
                           final long line) {
        if (mine(instrument)) {
            target.onPosition(seq, ts, account, instrument, side, qty, entryPrice, cross, isolatedMargin, line);
        } else {
            target.onMalformed(seq, ts, InputRecords.KIND_POSITION, Rejections.WRONG_SHARD, line);
        }
    }

    @Override
    public void onWallet(final long seq, final long ts, final long account, final int asset, final long balance,
                         final long line) {
        if (map.shardOfAsset(asset) == shard) {
            target.onWallet(seq, ts, account, asset, balance, line);
        } else {
            target.onMalformed(seq, ts, InputRecords.KIND_WALLET, Rejections.WRONG_SHARD, line);
        }
    }

    @Override
    public void onFunding(final long seq, final long ts, final int instrument, final long rate, final long line) {
        if (mine(instrument)) {
            target.onFunding(seq, ts, instrument, rate, line);
        } else {
            target.onMalformed(seq, ts, InputRecords.KIND_FUNDING, Rejections.WRONG_SHARD, line);
        }
    }

    @Override
    public void onInstrumentUpdate(final long seq, final long ts, final int instrument, final CharSequence definition,
                                   final long line) {
        if (mine(instrument)) {
            target.onInstrumentUpdate(seq, ts, instrument, definition, line);
        } else {
            target.onMalformed(seq, ts, InputRecords.KIND_INSTRUMENT, Rejections.WRONG_SHARD, line);
        }
    }

    @Override
    public void onControl(final long seq, final long ts, final int code, final long line) {
        target.onControl(seq, ts, code, line);
    }

    @Override
    public void onMalformed(final long seq, final long ts, final int kind, final int reason, final long line) {
        target.onMalformed(seq, ts, kind, reason, line);
    }
}
