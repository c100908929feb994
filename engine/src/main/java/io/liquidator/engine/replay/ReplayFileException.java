package io.liquidator.engine.replay;

/**
 * A replay file that cannot be read at all: missing, unreadable, or not the format it was given as
 * (a wrong header). A usage error, unlike a bad row, which is a rejection with its line: the run
 * stops before its first input, and the one-line message names the file and what was expected.
 */
public final class ReplayFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReplayFileException(final String message) {
        super(message);
    }
}
