package io.liquidator.engine.snapshot;

import java.nio.file.Path;

/**
 * A snapshot file's header, as read back: enough to choose a snapshot and to know where to resume
 * without reading its body. {@code lastInputSequence} is the last input the state includes (replay
 * resumes after it); {@code outputSequence} is how many events the output journal held when it was
 * taken (events from there on are the replay's); {@code stateHash} is
 * {@link io.liquidator.engine.core.LiquidationEngine#stateHash()} at that point, checked again after
 * a restore.
 */
public record SnapshotInfo(Path path, int formatVersion, long fingerprint, long lastInputSequence,
                           long outputSequence, long stateHash, long bodyLength, long fileSize) {

    /** One line, for logs and the inspection tool. */
    @Override
    public String toString() {
        return (path == null ? "(unnamed)" : path.getFileName()) + ": format " + formatVersion + ", fingerprint 0x"
            + Long.toHexString(fingerprint) + ", last input " + lastInputSequence + ", output " + outputSequence
            + ", state hash 0x" + Long.toHexString(stateHash) + ", body " + bodyLength + " B, file " + fileSize + " B";
    }
}
