package io.liquidator.engine.oracle;

import io.liquidator.engine.core.ConservationChecker;
import io.liquidator.engine.core.LiquidationEngine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Conservation ({@link ConservationChecker}: at a fixed mark, the liquidations, ADL and insurance
 * fund settlements of a tick move value between accounts and the fund but create or destroy none,
 * beyond a unit of rounding per settlement in the exchange's favour) over the oracle's random books
 * ({@link BookGenerator}, the same seeds and shapes as {@link EngineOracleEquivalenceTest}): every
 * book, every tick, every checked point of it. A failure names the book (seed and mode, to replay
 * with {@code -Doracle.replay}), the input, and the settlement that broke it.
 *
 * <p>System properties: {@code conservation.books} (books per policy, "small" and one in eight
 * "adl"), {@code conservation.crossBooks}, {@code conservation.largeBooks}.
 */
class ConservationTest {
    private static final long SEED = Long.getLong("oracle.seed", 0x11C1DA7E5L);
    private static final int BOOKS_PER_POLICY = Integer.getInteger("conservation.books", 4_000);
    private static final int CROSS_BOOKS = Integer.getInteger("conservation.crossBooks", 1_000);
    private static final int LARGE_BOOKS = Integer.getInteger("conservation.largeBooks", 3);

    @Test
    void noTickCreatesOrDestroysMoney() {
        final List<Book> books = new ArrayList<>();
        for (final Book.Policy policy : Book.Policy.values()) {
            for (int b = 0; b < BOOKS_PER_POLICY; b++) {
                final String mode = (b % 8 == 7 ? "adl/" : "small/") + policy;
                books.add(EngineOracleEquivalenceTest.book(EngineOracleEquivalenceTest.bookSeed(SEED, policy.ordinal(), b),
                    mode));
            }
        }
        final Book.Policy[] policies = Book.Policy.values();
        for (int b = 0; b < CROSS_BOOKS; b++) {
            books.add(EngineOracleEquivalenceTest.book(EngineOracleEquivalenceTest.bookSeed(SEED, 10, b),
                "cross/" + policies[b % policies.length]));
        }
        for (int b = 0; b < LARGE_BOOKS; b++) {
            books.add(EngineOracleEquivalenceTest.book(EngineOracleEquivalenceTest.bookSeed(SEED, 20, b),
                "large/" + policies[b % policies.length]));
        }
        final long start = System.nanoTime();
        final ConservationChecker total = run(books);
        System.out.printf("conservation: %d books, %d ticks, %d checked points, %d settlements (liquidations and"
                + " partials), largest rounding %s unit(s) (%.1f s)%n", books.size(), total.ticksChecked,
            total.pointsChecked, total.settlementsChecked, total.largestRounding, (System.nanoTime() - start) / 1e9);
        assertTrue(total.settlementsChecked > 10_000, "too few settlements to mean anything");
    }

    private static ConservationChecker run(final List<Book> books) {
        final ConservationChecker sum = new ConservationChecker(new FullRecordingSink());
        for (final Book book : books) {
            final ConservationChecker checker = new ConservationChecker(new FullRecordingSink());
            final LiquidationEngine engine = new LiquidationEngine(book.instruments(), book.settings(), checker);
            checker.attach(engine);
            for (int k = 0; k < book.inputs.size(); k++) {
                final Input in = book.inputs.get(k);
                if (in.kind == Input.Kind.MARK) {
                    checker.beforeTick(in.instrument, in.value);
                } else {
                    checker.beforeInput();
                }
                in.apply(engine);
                final String broken = checker.afterInput();
                if (broken != null) {
                    fail("CONSERVATION BROKEN at input #" + k + " " + in + "\n  " + book.header() + "\n  " + broken
                        + "\n  the book up to it (replay with -Doracle.replay=" + book.seed + " -Doracle.replayMode="
                        + book.mode + "):\n" + book.listing(k + 1));
                }
            }
            sum.ticksChecked += checker.ticksChecked;
            sum.pointsChecked += checker.pointsChecked;
            sum.settlementsChecked += checker.settlementsChecked;
            if (checker.largestRounding.compareTo(sum.largestRounding) > 0) {
                sum.largestRounding = checker.largestRounding;
            }
        }
        return sum;
    }
}
