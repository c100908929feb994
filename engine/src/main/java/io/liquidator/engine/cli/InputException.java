package io.liquidator.engine.cli;

/**
 * Bad user input (a flag, a batch line, a file that cannot be read): reported as one line naming
 * the field, exit code 1, never a stack trace. Anything else that escapes a command is a bug.
 */
final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InputException(final String message) {
        super(message, null, false, false);
    }
}
