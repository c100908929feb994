package io.liquidator.engine.oracle;

import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.core.PriceGuard;
import org.agrona.ExpandableDirectByteBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guards absent is today's engine, byte for byte: over the random books of every mode and policy,
 * an engine built with an empty guard map emits the same events (every field) and ends in the same
 * state hash and the same snapshot bytes as one built without ever mentioning guards. And a guard
 * that is configured but never trips (a staleness limit no input reaches) changes no event either:
 * the guard's bookkeeping on the tick path decides nothing by itself.
 *
 * <p>System properties: {@code guards.books} (books per mode), {@code guards.seed}.
 */
class PriceGuardAbsentTest {
    private static final long SEED = Long.getLong("guards.seed", 0x6A4D5L);
    private static final int BOOKS_PER_MODE = Integer.getInteger("guards.books", 60);

    static EngineSettings withGuards(final EngineSettings s, final Map<Integer, PriceGuard> guards) {
        final EngineSettings.Builder b = EngineSettings.builder().marginCallLevels(s.marginCallLevels())
            .hysteresis(s.hysteresis()).policy(s.policy()).expectedPositions(s.expectedPositions()).priceGuards(guards);
        s.insuranceFund().forEach(b::insuranceFund);
        return b.build();
    }

    @Test
    void anEmptyGuardConfigurationIsByteIdenticalToNone() {
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(4096);
        long events = 0;
        long liquidations = 0;
        int books = 0;
        final List<String> modes = RandomScenarios.modes();
        for (int m = 0; m < modes.size(); m++) {
            final int n = modes.get(m).startsWith("large/") ? 1 : BOOKS_PER_MODE;
            for (int b = 0; b < n; b++) {
                final RandomScenarios.Scenario s = RandomScenarios.generate(RandomScenarios.seed(SEED, m, b), modes.get(m), 4);
                final FullRecordingSink plainSink = new FullRecordingSink();
                final LiquidationEngine plain = s.newEngine(plainSink);
                final FullRecordingSink emptySink = new FullRecordingSink();
                final LiquidationEngine empty = new LiquidationEngine(s.instruments(), withGuards(s.settings(), Map.of()),
                    emptySink);
                for (final RandomScenarios.Step step : s.steps()) {
                    step.applyTo(plain);
                    step.applyTo(empty);
                }
                assertEquals(plainSink.events, emptySink.events, s::header);
                assertEquals(plain.stateHash(), empty.stateHash(), s::header);
                assertArrayEquals(snapshot(plain, buffer), snapshot(empty, buffer), s::header);
                events += plainSink.events.size();
                liquidations += plainSink.isolatedLiquidations + plainSink.crossLiquidations;
                books++;
            }
        }
        System.out.printf("guards absent: %d books, %d events (%d liquidations) identical with an empty guard map%n",
            books, events, liquidations);
        assertTrue(liquidations > 0 && events > 10 * books);
    }

    @Test
    void aGuardThatNeverTripsChangesNoEvent() {
        long events = 0;
        int books = 0;
        final List<String> modes = RandomScenarios.modes();
        for (int m = 0; m < modes.size(); m++) {
            final int n = modes.get(m).startsWith("large/") ? 1 : BOOKS_PER_MODE / 2;
            for (int b = 0; b < n; b++) {
                final RandomScenarios.Scenario s = RandomScenarios.generate(RandomScenarios.seed(SEED + 1, m, b),
                    modes.get(m), 4);
                final Map<Integer, PriceGuard> guards = new HashMap<>();
                for (int i = 0; i < s.instruments().size(); i++) {
                    guards.put(i, PriceGuard.builder().maxStalenessMillis(Long.MAX_VALUE).build());
                }
                final FullRecordingSink plainSink = new FullRecordingSink();
                final LiquidationEngine plain = s.newEngine(plainSink);
                final FullRecordingSink guardedSink = new FullRecordingSink();
                final LiquidationEngine guarded = new LiquidationEngine(s.instruments(), withGuards(s.settings(), guards),
                    guardedSink);
                for (final RandomScenarios.Step step : s.steps()) {
                    step.applyTo(plain);
                    step.applyTo(guarded);
                }
                assertEquals(plainSink.events, guardedSink.events, s::header);
                assertEquals(0, guardedSink.guards);
                assertEquals(0, guarded.countIndexMisses(), s::header);
                events += plainSink.events.size();
                books++;
            }
        }
        System.out.printf("never-tripping guard: %d books, %d events identical%n", books, events);
    }

    private static byte[] snapshot(final LiquidationEngine e, final ExpandableDirectByteBuffer buffer) {
        final int length = e.writeSnapshot(buffer, 0);
        final byte[] out = new byte[length];
        buffer.getBytes(0, out);
        return Arrays.copyOf(out, length);
    }
}
