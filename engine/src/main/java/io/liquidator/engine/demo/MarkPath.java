package io.liquidator.engine.demo;

/**
 * The mark prices of one instrument in time order, as a picture draws them: the demo's feed, or the
 * ticks {@code compare} replayed.
 */
public interface MarkPath {
    /** Marks in the path. */
    int ticks();

    /** Epoch ms of mark {@code k}. */
    long markTime(int k);

    /** Raw price of mark {@code k}, at the instrument's price scale. */
    long markPrice(int k);
}
