/**
 * Replay from files: the plain-text formats of {@code formats.md} (Ticks, Positions and Wallets CSV)
 * and Binance's public market data (klines, aggTrades) decoded into an
 * {@link io.liquidator.journal.InputHandler}, the interface every input source feeds.
 *
 * <p>{@link io.liquidator.engine.replay.CsvReplaySource} merges the files by time and numbers the
 * inputs; each file is a {@link io.liquidator.engine.replay.RowReader}
 * ({@link io.liquidator.engine.replay.TicksCsv}, {@link io.liquidator.engine.replay.PositionsCsv},
 * {@link io.liquidator.engine.replay.WalletsCsv}, {@link io.liquidator.engine.replay.BinanceKlines},
 * {@link io.liquidator.engine.replay.BinanceAggTrades}), which an importer can also read on its own.
 *
 * <p>The readers decide what text cannot be an input (a row that is not a number, not on the
 * instrument's scale, out of time order…) and pass it on as a rejection with its line, in its place
 * in the stream; what only the engine can judge (a coarser tick than the scale, leverage, a price
 * above the maximum) is passed on as a normal input for the engine to refuse. Decimals are read
 * exactly into the instrument's fixed-point scales ({@link io.liquidator.engine.money.Decimals});
 * only the Binance importers round, to the tick, and count it.
 *
 * <p>Files are streamed (tens of millions of rows are expected); a row costs one line
 * {@code String} and no other allocation. This is not the engine thread.
 */
package io.liquidator.engine.replay;
