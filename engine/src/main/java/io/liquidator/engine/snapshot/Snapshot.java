package io.liquidator.engine.snapshot;

import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.snapshot.codec.SnapshotException;
import org.agrona.DirectBuffer;

/** A snapshot read from a file and checked (magic, version, length, CRC): its header and its body. */
public record Snapshot(SnapshotInfo info, DirectBuffer body) {

    /**
     * Restores the body into {@code engine} (freshly built from the same configuration) and checks
     * the result against the header: the state hash and the last input sequence must come out as
     * they were written, so a restore that went wrong is caught here rather than by the next tick.
     */
    public void restoreInto(final LiquidationEngine engine) {
        engine.restoreSnapshot(body, 0, body.capacity());
        if (engine.lastInputSequence() != info.lastInputSequence()) {
            throw new SnapshotException("restored engine is at input " + engine.lastInputSequence() + " but the header says "
                + info.lastInputSequence());
        }
        final long hash = engine.stateHash();
        if (hash != info.stateHash()) {
            throw new SnapshotException("restored state hashes to 0x" + Long.toHexString(hash) + " but the header says 0x"
                + Long.toHexString(info.stateHash()));
        }
    }
}
