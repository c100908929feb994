package io.liquidator.bench;

/**
 * What one funding settlement costs the engine thread at N open positions, split into its parts:
 * the engine walks every position slot to find the instrument's positions (a market with none still
 * pays the walk), then pays each isolated position (its margin changes in place, its keys stay) and
 * each cross position (its book is re-split). Printed per round, not a JMH benchmark: one funding
 * input is milliseconds, and what matters for sizing is how that grows with the book and with the
 * number of markets that settle at the same instant.
 *
 * <p>Book: {@link Book#quiet} (N isolated BTCUSDT positions, every 100th account cross with an
 * ETHUSDT leg), BTCUSD marked but empty. Per round, alternating the sign of a 0.01 % rate so that
 * margins do not drift: funding on BTCUSDT (N isolated), on ETHUSDT (N/100 cross legs), on BTCUSD
 * (none: the walk alone). Usage: {@code FundingCost [N]} (default 1,000,000), heap to fit the book.
 */
public final class FundingCost {
    private static final int ROUNDS = 12;
    private static final long RATE = 10_000L; // 0.01 % in 1e-8 units
    private static final int BTCUSD = 2;

    private FundingCost() {
    }

    public static void main(final String[] args) {
        final int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        final Book b = Book.quiet(n, 42);
        b.engine.onMarkPrice(b.seq(), b.lastSeq(), BTCUSD, Book.BTC_MARK);
        final int slots = b.engine.openPositions();
        System.out.printf("JVM %s; %,d open positions: %,d isolated BTCUSDT, %,d cross ETHUSDT legs; BTCUSD none%n",
            System.getProperty("java.vm.version"), slots, n, slots - n);
        for (int round = 0; round < ROUNDS; round++) {
            final long rate = (round & 1) == 0 ? RATE : -RATE;
            final long btc = time(b, Book.BTC, rate);
            final long eth = time(b, Book.ETH, rate);
            final long walk = time(b, BTCUSD, rate);
            System.out.printf("round %2d: walk alone %.1f ms (%.2f ns/slot); BTCUSDT %.1f ms (%.0f ns per isolated"
                    + " position beyond the walk); ETHUSDT %.1f ms (%.0f ns per cross leg beyond the walk)%n", round,
                walk / 1e6, (double) walk / slots, btc / 1e6, (double) (btc - walk) / n, eth / 1e6,
                (double) (eth - walk) / (slots - n));
        }
        if (b.sink.events() != 0) {
            throw new IllegalStateException("funding at 0.01 % should decide nothing here, got " + b.sink.events()
                + " events (rejections " + b.sink.rejections + ")");
        }
    }

    private static long time(final Book b, final int instrument, final long rate) {
        final long t = System.nanoTime();
        b.engine.onFunding(b.seq(), b.lastSeq(), instrument, rate);
        return System.nanoTime() - t;
    }
}
