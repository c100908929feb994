package io.liquidator.engine.core;

import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.LiquidationPriceSolver;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Fixed;

/**
 * A read-only walk of the liquidation index of one instrument that says, for every position in it,
 * at what mark price it would be liquidated: the data of a liquidation heatmap.
 *
 * <p>Why the price is re-solved rather than read off the heap: a heap key is the position's
 * <em>next</em> threshold, which is a margin-call level until every level has fired, and is stored
 * relative to the funding slack (so it may lie early, never late). So the walk takes the slots from
 * the index (the positions the engine watches on this instrument, both sides) and solves each one's
 * liquidation trigger exactly as the engine evaluates it ({@link LiquidationPriceSolver}, level 1):
 *
 * <ul>
 *   <li>isolated: its own margin (Bybit's close fee included, as the engine charges it);</li>
 *   <li>cross: the price at which the whole book is liquidated if this market alone moves and the
 *       book's other markets stay at their current marks (the book's wallet plus the other
 *       positions' {@code ⌈PnL − MM⌉} as the margin: Binance's cross liquidation price). The cross
 *       heap keys themselves are per-market shares of the book's surplus, not prices, so they are
 *       not used. When the price is reached the whole book is closed, its other markets' positions
 *       too; the map counts only this market's position.</li>
 * </ul>
 *
 * <p>Positions without a liquidation price (a long backed by its full notional, for instance) and
 * cross books missing a mark on one of their markets are not in the index's adverse heaps and are
 * not visited. Off the tick path: call it on a quiescent engine (restored from a snapshot, or
 * after its pipeline closed), never concurrently with inputs. It allocates a solver per walk.
 */
public final class LiquidationMap {
    private final LiquidationEngine engine;
    private final PositionStore positions;
    private final AccountStore accounts;
    private final LiquidationIndex index;
    private final LiquidationPriceSolver solver = new LiquidationPriceSolver();

    LiquidationMap(final LiquidationEngine engine, final PositionStore positions, final AccountStore accounts,
                   final LiquidationIndex index) {
        this.engine = engine;
        this.positions = positions;
        this.accounts = accounts;
        this.index = index;
    }

    /** Receives one position of the map. Prices in the instrument's raw price units. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param account          the account id
         * @param side             {@link Side#LONG} or {@link Side#SHORT}
         * @param cross            a cross position (its price assumes the book's other markets stay put)
         * @param qty              the position's quantity (raw)
         * @param entryPrice       its entry price (raw)
         * @param liquidationPrice the mark at which it is liquidated (raw; for a long the highest such
         *                         tick, for a short the lowest), or {@link LiquidationPriceSolver#NO_PRICE}
         * @param notional         its notional at that price, in the settlement asset's balance units
         *                         (0 without a price)
         * @param nextTrigger      the index's key for it now: the next threshold a tick checks
         *                         (a margin-call level or liquidation; for cross, a share of the book)
         */
        void position(long account, int side, boolean cross, long qty, long entryPrice, long liquidationPrice,
                      long notional, long nextTrigger);
    }

    /** Visits every position of {@code instrument} the index watches, longs first, in heap order. */
    void visit(final int instrument, final Visitor visitor) {
        index.forEachAdverse(instrument, Side.LONG, (slot, key) -> visitSlot(instrument, slot, key, visitor));
        index.forEachAdverse(instrument, Side.SHORT, (slot, key) -> visitSlot(instrument, slot, key, visitor));
    }

    private void visitSlot(final int instrument, final int slot, final long key, final Visitor visitor) {
        final PositionStore p = positions;
        if (!p.live[slot] || p.instrument[slot] != instrument) {
            return;
        }
        final Instrument inst = engine.instrument(instrument);
        final long price;
        if (p.cross[slot]) {
            final int book = accounts.book(p.accountSlot[slot], engine.assetOfInstrument(instrument));
            long others = accounts.wallet[book];
            for (int s = accounts.head[book]; s != PositionStore.NONE; s = p.nextInBook[s]) {
                if (s != slot) {
                    final int i = p.instrument[s];
                    others = Fixed.add(others, MarginMath.surplus(engine.instrument(i), p.side[s], p.qty[s], p.entry[s],
                        engine.markPrice(i)));
                }
            }
            price = solver.reset(inst, others).withoutCloseFee().addLeg(p.side[slot], p.qty[slot], p.entry[slot])
                .liquidationTrigger();
        } else {
            price = solver.reset(inst, p.margin[slot]).addLeg(p.side[slot], p.qty[slot], p.entry[slot])
                .liquidationTrigger();
        }
        final long notional = price == LiquidationPriceSolver.NO_PRICE ? 0 : MarginMath.notional(inst, p.qty[slot], price);
        visitor.position(p.account[slot], p.side[slot], p.cross[slot], p.qty[slot], p.entry[slot], price, notional, key);
    }
}
