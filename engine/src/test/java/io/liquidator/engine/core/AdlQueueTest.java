package io.liquidator.engine.core;

import io.liquidator.engine.money.Rates;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AdlQueueTest {

    @Test
    void rankOrdersByScoreDescendingThenAccountAscendingLikeASortedModel() {
        final Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            final int n = random.nextInt(300);
            final long[] scores = new long[n];
            final long[] accounts = new long[n];
            final int[] payload = new int[n];
            final Long[][] model = new Long[n][];
            for (int k = 0; k < n; k++) {
                scores[k] = random.nextInt(20);
                accounts[k] = random.nextInt(1000);
                payload[k] = k;
                model[k] = new Long[]{scores[k], accounts[k], (long) k};
            }
            AdlQueue.rank(scores, accounts, payload, n);
            Arrays.sort(model, Comparator.<Long[]>comparingLong(m -> -m[0]).thenComparingLong(m -> m[1]));
            for (int k = 0; k < n; k++) {
                assertEquals(model[k][0], scores[k]);
                assertEquals(model[k][1], accounts[k]);
                assertEquals(accounts[k], accountsOf(model, payload[k]));
            }
        }
    }

    private static long accountsOf(final Long[][] model, final int originalIndex) {
        for (final Long[] m : model) {
            if (m[2] == originalIndex) {
                return m[1];
            }
        }
        throw new AssertionError();
    }

    /** BitMEX: score = PnL% × effective leverage; 10 % profit at 5× → 0.5. Not in profit → not eligible. */
    @Test
    void scoreIsPnlPercentTimesEffectiveLeverage() {
        // entry value 10,000, PnL 1,000 (10 %), mark value 11,000, equity 2,200 → leverage 5
        assertEquals(Rates.ONE / 2, AdlQueue.score(1_000, 10_000, 11_000, 2_200));
        assertEquals(AdlQueue.NOT_ELIGIBLE, AdlQueue.score(0, 10_000, 10_000, 2_000));
        assertEquals(AdlQueue.NOT_ELIGIBLE, AdlQueue.score(100, 10_000, 10_100, 0));
    }

    @Test
    void quintileLightsFollowTheCumulativeQuantityShare() {
        final long[] cumulative = {10, 30, 60, 70, 80, 100};
        final int[] lights = new int[cumulative.length];
        for (int k = 0; k < cumulative.length; k++) {
            lights[k] = AdlQueue.quintile(cumulative[k], 100);
        }
        assertArrayEquals(new int[]{1, 2, 3, 4, 4, 5}, lights);
    }
}
