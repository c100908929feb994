package io.liquidator.engine.replay;

/**
 * A source of mark prices, whatever its file format: what {@code replay} reads as ticks and what an
 * importer converts. The accessors describe the current input and are meaningful only when it
 * decoded ({@link #rejection()} is 0).
 */
public interface TickRows extends RowReader {

    /** Instrument id of the current tick. */
    int instrument();

    /** The current tick's mark price, raw at the instrument's price scale, on its price scale. */
    long price();
}
