package io.liquidator.engine.snapshot.codec;

/**
 * A snapshot that cannot be restored: corrupt or truncated bytes, a section out of place, or state
 * taken by an engine built from a different configuration. The message names what differed, so an
 * operator can tell a damaged file from a configuration change without a debugger.
 */
public final class SnapshotException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SnapshotException(final String message) {
        super(message);
    }

    public SnapshotException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
