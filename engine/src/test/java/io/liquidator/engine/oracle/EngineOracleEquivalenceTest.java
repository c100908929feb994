package io.liquidator.engine.oracle;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property: the engine's indexed evaluation emits exactly the events of a naive full scan
 * ({@link NaiveOracle}) — no miss, no extra event, same order, same fields — over many random books,
 * with every partial-liquidation policy, small and large insurance funds, isolated and cross
 * positions on linear and inverse markets of several margin profiles.
 *
 * <p>System properties: {@code oracle.books} (books per policy; CI default below),
 * {@code oracle.crossBooks}, {@code oracle.largeBooks}, {@code oracle.seed}; a failing book prints
 * its seed and mode, the inputs as Java calls, the first differing event and a shrunk input, and
 * {@code -Doracle.replay=SEED -Doracle.replayMode=MODE} replays just that book;
 * {@code oracle.collect=true} counts failing books and prints the first few instead of stopping at the
 * first. What earlier runs found is kept in {@link OracleFindingsTest}.
 */
class EngineOracleEquivalenceTest {
    private static final long SEED = Long.getLong("oracle.seed", 0x11C1DA7E5L);
    private static final int BOOKS_PER_POLICY = Integer.getInteger("oracle.books", 34_000);
    private static final int CROSS_BOOKS = Integer.getInteger("oracle.crossBooks", 6_000);
    private static final int LARGE_BOOKS = Integer.getInteger("oracle.largeBooks", 3);

    static long bookSeed(final long base, final long stream, final long index) {
        long z = base + stream * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static BookGenerator.Shape shape(final String kind) {
        final BookGenerator.Shape s = new BookGenerator.Shape();
        switch (kind) {
            case "small" -> {
            }
            case "cross" -> {
                s.crossOnly = true;
                s.minMarkets = 2;
                s.maxMarkets = 3;
                s.minAccounts = 1;
                s.maxAccounts = 8;
                s.minTicks = 20;
                s.maxTicks = 60;
            }
            case "adl" -> {
                s.emptyFund = true;
                s.jumpChance = 0.12;
                s.minAccounts = 6;
                s.maxAccounts = 16;
                s.crossAccount = 0.5;
                s.isolatedAccount = 0.3;
                s.minMarkets = 2;
                s.maxMarkets = 3;
            }
            case "large" -> {
                s.minAccounts = 300;
                s.maxAccounts = 1_200;
                s.minTicks = 400;
                s.maxTicks = 1_000;
                s.positionUpdate = 0.15;
                s.walletUpdate = 0.05;
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return s;
    }

    /** Mode strings are "shape/POLICY": enough, with the seed, to rebuild the book. */
    static Book book(final long seed, final String mode) {
        final String[] parts = mode.split("/");
        return BookGenerator.generate(seed, mode, Book.Policy.valueOf(parts[1]), shape(parts[0]));
    }

    @ParameterizedTest
    @EnumSource(Book.Policy.class)
    void indexedEvaluationEmitsExactlyTheFullScanOraclesEvents(final Book.Policy policy) {
        final OracleRunner.Stats stats = new OracleRunner.Stats();
        final long start = System.nanoTime();
        for (int b = 0; b < BOOKS_PER_POLICY; b++) {
            // one book in eight is an ADL storm: empty insurance fund, frequent sharp moves, hedged cross books
            final String mode = (b % 8 == 7 ? "adl/" : "small/") + policy;
            OracleRunner.check(book(bookSeed(SEED, policy.ordinal(), b), mode), stats);
        }
        System.out.printf("oracle %s: %s (%.1f s)%n", policy, stats, (System.nanoTime() - start) / 1e9);
        assertEquals(0, stats.failures, "books where the engine and the oracle disagree (oracle.collect)");
        assertTrue(stats.marginCalls > 0 && stats.crossMarginCalls > 0, stats.toString());
        assertTrue(stats.rearms > 0, stats.toString());
        assertTrue(stats.isolatedLiquidations > 0 && stats.crossLiquidations > 0, stats.toString());
        assertTrue(stats.adl > 0, "no ADL: " + stats);
        assertTrue(stats.insuranceFundPayouts > 0, stats.toString());
        assertTrue(stats.rejections > 0, stats.toString());
        assertTrue(stats.crossLiquidatableConfirmed > 0, stats.toString());
        assertTrue(stats.postAdlActions > 0, "no unit acted after a partial ADL in its tick: " + stats);
        assertTrue(stats.adlEmptiedBooks > 0 && stats.adlClosedAhead > 0,
            "ADL never emptied a book or closed a position that the tick had still to visit: " + stats);
        assertTrue(stats.alertResetsByPosition > 0 && stats.alertResetsByWallet > 0 && stats.fundingPayments > 0,
            stats.toString());
        if (policy == Book.Policy.FULL) {
            assertEquals(0, stats.partials, stats.toString());
        } else {
            assertTrue(stats.partials > 0, "no partial liquidation: " + stats);
        }
        if (policy == Book.Policy.FIXED_FRACTION) {
            assertTrue(stats.backstops > 0 && stats.waits > 0, "no cooldown backstop or wait: " + stats);
        }
    }

    /**
     * Cross books of 2–3 USDT markets under single-market moves: whenever the oracle finds a book
     * liquidatable, the engine liquidated it on that same tick (checked explicitly by the runner, on
     * top of the event equality), and this happens often.
     */
    @Test
    void crossBooksAreLiquidatedOnTheTickTheyBecomeLiquidatable() {
        final OracleRunner.Stats stats = new OracleRunner.Stats();
        final long start = System.nanoTime();
        final Book.Policy[] policies = Book.Policy.values();
        for (int b = 0; b < CROSS_BOOKS; b++) {
            final Book.Policy policy = policies[b % policies.length];
            OracleRunner.check(book(bookSeed(SEED, 10, b), "cross/" + policy), stats);
        }
        System.out.printf("oracle cross: %s (%.1f s)%n", stats, (System.nanoTime() - start) / 1e9);
        assertEquals(0, stats.failures, "books where the engine and the oracle disagree (oracle.collect)");
        assertTrue(stats.crossLiquidatableConfirmed > 0, stats.toString());
        assertTrue(stats.crossMarginCalls > 0 && stats.rearms > 0, stats.toString());
    }

    /** A few books of hundreds of accounts and hundreds of ticks. */
    @Test
    void largeBooks() {
        final OracleRunner.Stats stats = new OracleRunner.Stats();
        final long start = System.nanoTime();
        final Book.Policy[] policies = Book.Policy.values();
        for (int b = 0; b < LARGE_BOOKS; b++) {
            final Book.Policy policy = policies[b % policies.length];
            OracleRunner.check(book(bookSeed(SEED, 20, b), "large/" + policy), stats);
        }
        System.out.printf("oracle large: %s (%.1f s)%n", stats, (System.nanoTime() - start) / 1e9);
        assertEquals(0, stats.failures, "books where the engine and the oracle disagree (oracle.collect)");
        assertTrue(stats.isolatedLiquidations > 0 && stats.crossLiquidations > 0 && stats.marginCalls > 0,
            stats.toString());
    }

    /** {@code -Doracle.replay=SEED -Doracle.replayMode=small/FULL}: one book, verbose. */
    @Test
    void replayOneBook() {
        final String seed = System.getProperty("oracle.replay");
        Assumptions.assumeTrue(seed != null, "set -Doracle.replay=SEED -Doracle.replayMode=MODE to replay one book");
        final Book book = book(Long.parseLong(seed), System.getProperty("oracle.replayMode", "small/FULL"));
        System.out.println(book.header());
        System.out.print(book.listing(book.inputs.size()));
        final OracleRunner.Stats stats = new OracleRunner.Stats();
        OracleRunner.check(book, stats);
        System.out.println(stats);
    }
}
