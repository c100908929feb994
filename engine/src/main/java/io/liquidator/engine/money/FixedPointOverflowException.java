package io.liquidator.engine.money;

/**
 * Raised when a fixed-point result does not fit in a {@code long}. Money never wraps: a silently
 * wrapped notional would turn a bankrupt account into a rich one, so every product and quotient
 * that can exceed 63 bits goes through a checked operation that throws this instead.
 */
public final class FixedPointOverflowException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public FixedPointOverflowException(final String operation) {
        super("fixed-point overflow in " + operation);
    }
}
