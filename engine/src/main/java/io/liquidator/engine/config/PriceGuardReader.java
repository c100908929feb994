package io.liquidator.engine.config;

import io.liquidator.engine.core.PriceGuard;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.Rates;

import java.util.Optional;
import java.util.Set;

/**
 * Reads an instrument entry's optional {@code price_guard} (see {@link PriceGuard} for what it
 * does). Absent (or {@code price_guard: ~}) means no guard: the instrument behaves exactly as
 * without this feature. Every problem is reported at its key and line, like the rest of the file.
 * <pre>
 * price_guard:
 *   max_staleness_ms: 5000   # optional: a tick older than the newest input by more than this trips it
 *   max_move: 0.10           # optional: band, a fraction of the reference price in (0, 1], exact decimal
 *   window_ms: 1000          # optional with max_move (default 0: each tick against the previous mark)
 *   on_trip: confirm         # pause (default) | confirm
 *   confirmations: 3         # with confirm only, 1..1000: consecutive ticks that accept a move
 * </pre>
 * At least one of {@code max_staleness_ms} and {@code max_move} is required.
 */
final class PriceGuardReader {
    static final String PRICE_GUARD = "price_guard";
    static final String MAX_STALENESS_MS = "max_staleness_ms";
    static final String MAX_MOVE = "max_move";
    static final String WINDOW_MS = "window_ms";
    static final String ON_TRIP = "on_trip";
    static final String CONFIRMATIONS = "confirmations";
    private static final Set<String> KEYS = Set.of(MAX_STALENESS_MS, MAX_MOVE, WINDOW_MS, ON_TRIP, CONFIRMATIONS);

    private PriceGuardReader() {
    }

    /** The entry's guard, or empty when it has none. */
    static Optional<PriceGuard> read(final ConfigNode instrument) {
        final Optional<ConfigNode> present = instrument.optional(PRICE_GUARD);
        if (present.isEmpty()) {
            return Optional.empty();
        }
        final ConfigNode node = present.get();
        node.requireMap().allowOnly(KEYS);
        final Optional<ConfigNode> staleness = node.optional(MAX_STALENESS_MS);
        final Optional<ConfigNode> move = node.optional(MAX_MOVE);
        if (staleness.isEmpty() && move.isEmpty()) {
            throw node.error("needs " + MAX_STALENESS_MS + ", " + MAX_MOVE + " or both (to have no guard, leave "
                + PRICE_GUARD + " out)");
        }
        final PriceGuard.Builder b = PriceGuard.builder();
        staleness.ifPresent(n -> b.maxStalenessMillis(millis(n)));
        move.ifPresent(n -> {
            final long rate = ConfigValues.rate(n);
            if (rate <= 0 || rate > Rates.ONE) {
                throw n.error("must be a fraction of the reference price in (0, 1], e.g. 0.1 for 10 %, found " + n.text());
            }
            b.maxMove(rate);
        });
        node.optional(WINDOW_MS).ifPresent(n -> {
            if (move.isEmpty()) {
                throw n.error("applies only with " + MAX_MOVE + " (it is the window of the band's reference price)");
            }
            b.windowMillis(millis(n));
        });
        final Optional<ConfigNode> onTrip = node.optional(ON_TRIP);
        final String mode = onTrip.map(ConfigNode::text).orElse("pause");
        final Optional<ConfigNode> confirmations = node.optional(CONFIRMATIONS);
        if ("confirm".equals(mode)) {
            if (move.isEmpty()) {
                throw onTrip.get().error("confirm needs " + MAX_MOVE + ": a confirmation is a tick within the band of the"
                    + " suspicious price");
            }
            if (confirmations.isEmpty()) {
                throw node.error(CONFIRMATIONS + " is required with on_trip: confirm (how many consecutive ticks within"
                    + " the band of the suspicious price accept the move)");
            }
            b.confirm(ConfigValues.integer(confirmations.get(), 1, PriceGuard.MAX_CONFIRMATIONS));
        } else if ("pause".equals(mode)) {
            if (confirmations.isPresent()) {
                throw confirmations.get().error("applies only with on_trip: confirm");
            }
            b.pause();
        } else {
            throw onTrip.get().error("unknown on_trip '" + mode + "' (one of: pause, confirm)");
        }
        try {
            return Optional.of(b.build());
        } catch (final IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    /** A whole, non-negative number of milliseconds. */
    private static long millis(final ConfigNode node) {
        final long v = ConfigValues.decimal(node, 0, "a whole number of milliseconds");
        if (v < 0) {
            throw node.error("must not be negative, found " + Decimals.formatTrimmed(v, 0));
        }
        return v;
    }
}
