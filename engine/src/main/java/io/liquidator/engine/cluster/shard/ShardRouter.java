package io.liquidator.engine.cluster.shard;

import io.liquidator.journal.InputHandler;
import io.liquidator.journal.InputRecords;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Sends each decoded input to the shard that holds it ({@link ShardMap}): the one place a sharded
 * deployment splits the input stream. It sits where a single engine's {@link InputHandler} would
 * (behind the input journal's tailer, a CSV replay, an importer), with one downstream handler per
 * shard: a cluster client's publisher, or, in tests, another engine's input.
 *
 * <p>By what:
 * <ul>
 *   <li>mark price, position, funding, instrument update: by instrument, to the shard of its
 *       settlement asset;</li>
 *   <li>wallet: by asset (a cross wallet is per account and settlement asset);</li>
 *   <li>control {@link InputRecords#CONTROL_SNAPSHOT}: to every shard, since each must snapshot at
 *       the same point of the stream; any other control code to shard 0 only, because the receiver
 *       rejects an unknown code as malformed and that rejection must be journaled once;</li>
 *   <li>malformed: to shard 0. It has nothing to route by (it could not be decoded), and its
 *       rejection must still be journaled somewhere, once, in input order.</li>
 * </ul>
 * An instrument or asset id the configuration does not have also goes to shard 0 (see
 * {@link ShardMap#shardOfInstrument}), whose engine rejects it with a reason.
 *
 * <p>Each shard receives the inputs of its assets in their original order with their original
 * sequence numbers: a subsequence of a strictly increasing sequence is strictly increasing, so every
 * shard's engine accepts it, and its events carry the same input sequences a single engine's would.
 *
 * <p>One thread (the source's), like every {@link InputHandler}. Nothing allocates per call: a
 * lookup in the map's arrays and a call through an array of handlers. The per-shard counts are plain
 * fields, read from the same thread.
 */
public final class ShardRouter implements InputHandler {
    private final ShardMap map;
    private final InputHandler[] shards;
    private final long[] forwarded;

    /**
     * @param shards one handler per shard of {@code map}, in shard order
     * @throws IllegalArgumentException if there is not exactly one handler per shard
     */
    public ShardRouter(final ShardMap map, final List<? extends InputHandler> shards) {
        this.map = Objects.requireNonNull(map, "map");
        if (shards.size() != map.shardCount()) {
            throw new IllegalArgumentException("one handler per shard: the map has " + map.shardCount() + " shards, "
                + shards.size() + " handlers were given");
        }
        this.shards = new InputHandler[shards.size()];
        for (int s = 0; s < this.shards.length; s++) {
            if (shards.get(s) == null) {
                throw new IllegalArgumentException("no handler for shard " + s + " (" + map.name(s) + ")");
            }
            this.shards[s] = shards.get(s);
        }
        this.forwarded = new long[this.shards.length];
    }

    public ShardMap map() {
        return map;
    }

    /** How many inputs were handed to shard {@code shard} so far (a broadcast snapshot request counts once per shard). */
    public long forwarded(final int shard) {
        return forwarded[shard];
    }

    @Override
    public void onMarkPrice(final long inputSeq, final long timestamp, final int instrument, final long price,
                            final long line) {
        to(map.shardOfInstrument(instrument)).onMarkPrice(inputSeq, timestamp, instrument, price, line);
    }

    @Override
    public void onPosition(final long inputSeq, final long timestamp, final long account, final int instrument,
                           final int side, final long qty, final long entryPrice, final boolean cross,
                           final long isolatedMargin, final long line) {
        to(map.shardOfInstrument(instrument)).onPosition(inputSeq, timestamp, account, instrument, side, qty,
            entryPrice, cross, isolatedMargin, line);
    }

    @Override
    public void onWallet(final long inputSeq, final long timestamp, final long account, final int asset,
                         final long balance, final long line) {
        to(map.shardOfAsset(asset)).onWallet(inputSeq, timestamp, account, asset, balance, line);
    }

    @Override
    public void onFunding(final long inputSeq, final long timestamp, final int instrument, final long rate,
                          final long line) {
        to(map.shardOfInstrument(instrument)).onFunding(inputSeq, timestamp, instrument, rate, line);
    }

    @Override
    public void onInstrumentUpdate(final long inputSeq, final long timestamp, final int instrument,
                                   final CharSequence definition, final long line) {
        to(map.shardOfInstrument(instrument)).onInstrumentUpdate(inputSeq, timestamp, instrument, definition, line);
    }

    @Override
    public void onControl(final long inputSeq, final long timestamp, final int code, final long line) {
        if (code != InputRecords.CONTROL_SNAPSHOT) {
            to(0).onControl(inputSeq, timestamp, code, line);
            return;
        }
        for (int s = 0; s < shards.length; s++) {
            to(s).onControl(inputSeq, timestamp, code, line);
        }
    }

    @Override
    public void onMalformed(final long inputSeq, final long timestamp, final int kind, final int reason,
                            final long line) {
        to(0).onMalformed(inputSeq, timestamp, kind, reason, line);
    }

    private InputHandler to(final int shard) {
        forwarded[shard]++;
        return shards[shard];
    }

    @Override
    public String toString() {
        return "ShardRouter" + Arrays.toString(forwarded) + " over " + map;
    }
}
