package io.liquidator.engine.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A clearly synthetic, seeded market in the plain-text formats of formats.md (positions.csv,
 * wallets.csv, ticks.csv) on the bundled BTCUSDT: a book of isolated and cross accounts, long and
 * short, leverage 2–125× weighted toward the low end as on a real venue, entries around the opening
 * price; then a random walk of marks with a crash of {@code crashPercent} in its middle third and a
 * partial rebound, so that a replay margin-calls and liquidates. Same seed, same files.
 *
 * <p>It exists for the crash test, throughput measurements and examples; the demo replays a real
 * market instead.
 */
public final class SyntheticMarket {
    private static final int[] LEVERAGE = {2, 3, 5, 10, 10, 20, 20, 25, 50, 75, 100, 125};
    private static final long TICK = 1;               // price raw units: 0.1 USDT at scale 1
    private static final long OPEN_PRICE = 600_000;   // 60,000.0 USDT

    private final long seed;
    private final int accounts;
    private final int ticks;
    private final int crashPercent;

    public SyntheticMarket(final long seed, final int accounts, final int ticks, final int crashPercent) {
        if (accounts < 1 || ticks < 1 || crashPercent < 0 || crashPercent > 90) {
            throw new IllegalArgumentException("accounts and ticks must be positive, the crash 0-90%");
        }
        this.seed = seed;
        this.accounts = accounts;
        this.ticks = ticks;
        this.crashPercent = crashPercent;
    }

    /** Writes positions.csv, wallets.csv and ticks.csv into {@code dir}; returns the number of rows written. */
    public long writeTo(final Path dir) {
        try {
            Files.createDirectories(dir);
            final SplittableRandom rnd = new SplittableRandom(seed);
            long rows = 0;
            try (BufferedWriter pos = Files.newBufferedWriter(dir.resolve("positions.csv"), StandardCharsets.UTF_8);
                 BufferedWriter wal = Files.newBufferedWriter(dir.resolve("wallets.csv"), StandardCharsets.UTF_8)) {
                pos.write("ts,account,instrument,side,qty,entry_price,margin_mode,isolated_margin\n");
                wal.write("ts,account,asset,balance\n");
                for (int a = 1; a <= accounts; a++) {
                    final boolean cross = rnd.nextInt(5) == 0;
                    final boolean longSide = rnd.nextInt(100) < 55;
                    final long qtyRaw = 1 + (long) (rnd.nextDouble() * rnd.nextDouble() * 2_000); // 0.001-2 BTC
                    final long entry = OPEN_PRICE + (rnd.nextInt(4_001) - 2_000) * TICK;  // ±200 USDT
                    int leverage = LEVERAGE[rnd.nextInt(LEVERAGE.length)];
                    // notional in USDT × 10^4 (qty scale 3 + price scale 1)
                    final long notional4 = qtyRaw * entry;
                    if (notional4 >= 50_000L * 10_000 && leverage > 100) {
                        leverage = 100;
                    }
                    // margin in cents, rounded up: notional / leverage
                    final long marginCents = (notional4 / 100 + leverage - 1) / leverage + 1;
                    final String qty = decimal(qtyRaw, 3);
                    final String price = decimal(entry, 1);
                    if (cross) {
                        wal.write("0," + a + ",USDT," + decimal(marginCents, 2) + "\n");
                        pos.write("0," + a + ",BTCUSDT," + (longSide ? "long" : "short") + "," + qty + "," + price
                            + ",cross,\n");
                        rows += 2;
                    } else {
                        pos.write("0," + a + ",BTCUSDT," + (longSide ? "long" : "short") + "," + qty + "," + price
                            + ",isolated," + decimal(marginCents, 2) + "\n");
                        rows++;
                    }
                }
            }
            try (BufferedWriter t = Files.newBufferedWriter(dir.resolve("ticks.csv"), StandardCharsets.UTF_8)) {
                t.write("ts,instrument,mark_price\n");
                long price = OPEN_PRICE;
                final long floor = OPEN_PRICE * (100 - crashPercent) / 100;
                final int crashStart = ticks / 3;
                final int crashEnd = 2 * ticks / 3;
                for (int i = 0; i < ticks; i++) {
                    long step = (rnd.nextInt(21) - 10) * TICK;
                    if (i >= crashStart && i < crashEnd && price > floor) {
                        step -= Math.max(TICK, (OPEN_PRICE - floor) * 2 / Math.max(1, crashEnd - crashStart));
                    } else if (i >= crashEnd && price < OPEN_PRICE * (100 - crashPercent / 2) / 100) {
                        step += Math.max(TICK, (OPEN_PRICE - floor) / Math.max(1, ticks - crashEnd));
                    }
                    price = Math.max(TICK, price + step);
                    t.write((1_000L + i) + ",BTCUSDT," + decimal(price, 1) + "\n");
                    rows++;
                }
            }
            return rows;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decimal(final long raw, final int scale) {
        return io.liquidator.engine.money.Decimals.format(raw, scale);
    }
}
