package io.liquidator.engine.oracle;

import io.liquidator.engine.core.LiquidationEngine;

import java.util.ArrayList;
import java.util.List;

/**
 * Replays a book on the engine and on the naive oracle side by side and compares, after every
 * input: the events (all fields, same order), the engine's own full-scan verifier
 * ({@link LiquidationEngine#countIndexMisses()} must be 0), and, for every cross book the oracle
 * liquidated, that the engine emitted that book's liquidation on the same input. At the end: the
 * insurance funds, the open positions and the marks.
 */
final class OracleRunner {

    /** Totals over a run. */
    static final class Stats {
        long books;
        long accounts;
        long inputs;
        long ticks;
        long events;
        long marginCalls;
        long crossMarginCalls;
        long partials;
        long isolatedLiquidations;
        long backstops;
        long crossLiquidations;
        long insuranceFund;
        long insuranceFundPayouts;
        long adl;
        long rejections;
        long rearms;
        long waits;
        /** Cross books the oracle found liquidatable, each confirmed in the engine's events of that input. */
        long crossLiquidatableConfirmed;
        long failures;
        /** ADL emptied a cross book of the ticked market (it holds others) that the tick had still to visit. */
        long adlEmptiedBooks;
        /** ADL closed in full an isolated position that the tick had still to visit. */
        long adlClosedAhead;
        /** A unit that ADL reduced earlier in its tick then acted (event or level change) at its turn. */
        long postAdlActions;
        long alertResetsByPosition;
        long alertResetsByWallet;
        long fundingPayments;

        void add(final FullRecordingSink s) {
            marginCalls += s.marginCalls;
            crossMarginCalls += s.crossMarginCalls;
            partials += s.partials;
            isolatedLiquidations += s.isolatedLiquidations;
            backstops += s.backstops;
            crossLiquidations += s.crossLiquidations;
            insuranceFund += s.insuranceFund;
            insuranceFundPayouts += s.insuranceFundPayouts;
            adl += s.adl;
            rejections += s.rejections;
        }

        @Override
        public String toString() {
            return books + " books, " + accounts + " accounts, " + inputs + " inputs (" + ticks + " mark ticks), " + events
                + " events compared: MARGIN_CALL " + marginCalls + " (cross " + crossMarginCalls + "), re-arms " + rearms
                + ", PARTIAL_LIQUIDATION " + partials + ", LIQUIDATION isolated " + isolatedLiquidations + " (BACKSTOP "
                + backstops + "), LIQUIDATION cross " + crossLiquidations + ", INSURANCE_FUND " + insuranceFund
                + " (payouts " + insuranceFundPayouts + "), ADL " + adl + ", REJECTION " + rejections
                + ", policy waits " + waits + ", cross books liquidatable per oracle and liquidated by the engine on that"
                + " tick " + crossLiquidatableConfirmed + "; ADL ahead of the scan: cross books emptied of the ticked"
                + " market " + adlEmptiedBooks + ", isolated positions closed " + adlClosedAhead + ", units acting after"
                + " a partial ADL " + postAdlActions + "; fired levels reset by a position update " + alertResetsByPosition
                + " / by a wallet update " + alertResetsByWallet + ", funding payments " + fundingPayments
                + (failures > 0 ? ", FAILED BOOKS " + failures : "");
        }
    }

    /** Where and how the engine and the oracle first disagreed. */
    record Failure(int index, String what, List<String> engineEvents, List<String> oracleEvents) {
    }

    private OracleRunner() {
    }

    /** Runs the whole book; a disagreement fails with the seed, the book, the first differing event and a shrunk input. */
    static void check(final Book book, final Stats stats) {
        final Failure f;
        try {
            f = replay(book, book.inputs, stats);
        } catch (final RuntimeException | AssertionError e) {
            throw new AssertionError(book.header() + "\n  threw while replaying:\n" + book.listing(book.inputs.size()), e);
        }
        if (f != null) {
            if (COLLECT) {
                stats.failures++;
                if (stats.failures <= 30) {
                    final StringBuilder sb = new StringBuilder();
                    sb.append("MISMATCH ").append(f.what()).append(" seed=").append(book.seed).append(" mode=")
                        .append(book.mode).append(" input #").append(f.index()).append('\n');
                    appendEvents(sb, f);
                    System.out.println(sb);
                }
                return;
            }
            throw new AssertionError(report(book, f));
        }
    }

    /** Exploration: count disagreements and print the first few instead of failing on the first. */
    static final boolean COLLECT = Boolean.getBoolean("oracle.collect");

    static Failure replay(final Book book, final List<Input> inputs, final Stats stats) {
        final FullRecordingSink es = new FullRecordingSink();
        final FullRecordingSink os = new FullRecordingSink();
        final LiquidationEngine engine = new LiquidationEngine(book.instruments(), book.settings(), es);
        final NaiveOracle oracle = new NaiveOracle(book.instruments(), book.settings(), os);
        long events = 0;
        long ticks = 0;
        long confirmed = 0;
        for (int k = 0; k < inputs.size(); k++) {
            final Input in = inputs.get(k);
            if (in.kind == Input.Kind.MARK) {
                ticks++;
            }
            es.clear();
            os.clear();
            in.apply(engine);
            in.apply(oracle);
            if (!es.events.equals(os.events)) {
                return new Failure(k, "events differ", List.copyOf(es.events), List.copyOf(os.events));
            }
            events += es.events.size();
            final int misses = engine.countIndexMisses();
            if (misses != 0) {
                return new Failure(k, "countIndexMisses() = " + misses + " after the input", List.copyOf(es.events),
                    List.copyOf(os.events));
            }
            for (final NaiveOracle.BookLiquidation b : oracle.bookLiquidationsThisInput) {
                final String prefix = "LIQUIDATION seq=" + in.seq + " ts=" + in.ts + " account=" + b.account() + " ";
                final boolean emitted = es.events.stream().anyMatch(e -> e.startsWith(prefix) && e.contains(" cross=true "));
                if (!emitted) {
                    return new Failure(k, "the oracle liquidated cross book (account " + b.account() + ", asset " + b.asset()
                        + ") but the engine did not on this tick", List.copyOf(es.events), List.copyOf(os.events));
                }
                confirmed++;
            }
        }
        for (int a = 0; a < oracle.assetCount(); a++) {
            if (engine.insuranceFund(a) != oracle.insuranceFund(a)) {
                return new Failure(inputs.size() - 1, "insurance fund of asset " + a + ": engine " + engine.insuranceFund(a)
                    + ", oracle " + oracle.insuranceFund(a), List.of(), List.of());
            }
        }
        if (engine.openPositions() != oracle.openPositions()) {
            return new Failure(inputs.size() - 1, "open positions: engine " + engine.openPositions() + ", oracle "
                + oracle.openPositions(), List.of(), List.of());
        }
        for (int i = 0; i < engine.instrumentCount(); i++) {
            if (engine.markPrice(i) != oracle.markPrice(i)) {
                return new Failure(inputs.size() - 1, "mark of instrument " + i, List.of(), List.of());
            }
        }
        if (stats != null) {
            stats.books++;
            stats.accounts += book.accounts;
            stats.inputs += inputs.size();
            stats.ticks += ticks;
            stats.events += events;
            stats.add(es);
            stats.rearms += oracle.rearms;
            stats.waits += oracle.waits;
            stats.crossLiquidatableConfirmed += confirmed;
            stats.adlEmptiedBooks += oracle.adlEmptiedBooks;
            stats.adlClosedAhead += oracle.adlClosedAhead;
            stats.postAdlActions += oracle.postAdlActions;
            stats.alertResetsByPosition += oracle.alertResetsByPosition;
            stats.alertResetsByWallet += oracle.alertResetsByWallet;
            stats.fundingPayments += oracle.fundingPayments;
        }
        return null;
    }

    static String report(final Book book, final Failure f) {
        final StringBuilder sb = new StringBuilder();
        sb.append("ENGINE/ORACLE MISMATCH: ").append(f.what()).append(" at input #").append(f.index()).append(": ")
            .append(book.inputs.get(f.index())).append('\n').append(book.header()).append('\n');
        appendEvents(sb, f);
        sb.append("  oracle state before that input:\n").append(oracleStateBefore(book, book.inputs, f.index()));
        sb.append("  the book up to that input (seed ").append(book.seed).append(", replay with -Doracle.replay=")
            .append(book.seed).append(" -Doracle.replayMode=").append(book.mode).append("):\n")
            .append(book.listing(f.index()));
        final List<Input> shrunk = shrink(book, new ArrayList<>(book.inputs.subList(0, f.index() + 1)));
        final Failure g = replay(book, shrunk, null);
        sb.append("  shrunk to ").append(shrunk.size()).append(" inputs:\n");
        for (final Input in : shrunk) {
            sb.append("    ").append(in).append('\n');
        }
        if (g != null) {
            sb.append("  which gives: ").append(g.what()).append(" at shrunk input #").append(g.index()).append('\n');
            appendEvents(sb, g);
        }
        return sb.toString();
    }

    private static void appendEvents(final StringBuilder sb, final Failure f) {
        final int n = Math.max(f.engineEvents().size(), f.oracleEvents().size());
        int first = -1;
        for (int j = 0; j < n && first < 0; j++) {
            final String e = j < f.engineEvents().size() ? f.engineEvents().get(j) : "(none)";
            final String o = j < f.oracleEvents().size() ? f.oracleEvents().get(j) : "(none)";
            if (!e.equals(o)) {
                first = j;
            }
        }
        if (first >= 0) {
            sb.append("  first differing event #").append(first).append(":\n    engine: ")
                .append(first < f.engineEvents().size() ? f.engineEvents().get(first) : "(none)").append("\n    oracle: ")
                .append(first < f.oracleEvents().size() ? f.oracleEvents().get(first) : "(none)").append('\n');
        }
        sb.append("  engine events of the input:\n");
        f.engineEvents().forEach(e -> sb.append("    ").append(e).append('\n'));
        sb.append("  oracle events of the input:\n");
        f.oracleEvents().forEach(e -> sb.append("    ").append(e).append('\n'));
    }

    private static String oracleStateBefore(final Book book, final List<Input> inputs, final int index) {
        final NaiveOracle oracle = new NaiveOracle(book.instruments(), book.settings(), new FullRecordingSink());
        for (int k = 0; k < index; k++) {
            inputs.get(k).apply(oracle);
        }
        return oracle.describe();
    }

    /** Greedy delta debugging: drop chunks of inputs while some disagreement remains (bounded in time). */
    static List<Input> shrink(final Book book, final List<Input> failing) {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        List<Input> cur = failing;
        for (int chunk = Math.max(1, cur.size() / 2); chunk >= 1; chunk /= 2) {
            int start = 0;
            while (start < cur.size() && System.nanoTime() < deadline) {
                final List<Input> candidate = new ArrayList<>(cur.subList(0, start));
                candidate.addAll(cur.subList(Math.min(cur.size(), start + chunk), cur.size()));
                boolean fails;
                try {
                    fails = !candidate.isEmpty() && replay(book, candidate, null) != null;
                } catch (final RuntimeException e) {
                    fails = false;
                }
                if (fails) {
                    cur = candidate;
                } else {
                    start += chunk;
                }
            }
        }
        return cur;
    }
}
