package io.liquidator.engine.oracle;

import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.EventSink;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.instrument.BracketTable;
import io.liquidator.engine.instrument.ContractKind;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.instrument.MarginProfile;
import io.liquidator.engine.instrument.TestInstruments;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The oracle's random books ({@link BookGenerator}: isolated and cross books on linear and inverse
 * markets of several profiles, funding, position and wallet updates, invalid inputs, ADL storms)
 * opened to tests outside this package, with one thing the oracle does not model added on top:
 * instrument updates (new brackets, taker fee, sometimes another profile; now and then an
 * incompatible one, which the engine rejects). Sequences are doubled so that each update gets an
 * odd sequence number of its own between two of the book's inputs.
 */
public final class RandomScenarios {

    /** One engine input. */
    public interface Step {
        void applyTo(LiquidationEngine engine);
    }

    /** A generated scenario: build engines with {@link #newEngine}, then apply {@link #steps} in order. */
    public static final class Scenario {
        private final Book book;
        private final List<Step> steps;
        private final List<String> listing;
        private final int instrumentUpdates;

        private Scenario(final Book book, final List<Step> steps, final List<String> listing, final int updates) {
            this.book = book;
            this.steps = steps;
            this.listing = listing;
            this.instrumentUpdates = updates;
        }

        public List<Step> steps() {
            return steps;
        }

        public List<Instrument> instruments() {
            return book.instruments();
        }

        public EngineSettings settings() {
            return book.settings();
        }

        public LiquidationEngine newEngine(final EventSink sink) {
            return new LiquidationEngine(book.instruments(), book.settings(), sink);
        }

        public int instrumentUpdates() {
            return instrumentUpdates;
        }

        /** Seed, mode, instruments and settings: enough to regenerate it. */
        public String header() {
            return book.header();
        }

        /** Step {@code k} as a Java call. */
        public String step(final int k) {
            return listing.get(k);
        }
    }

    /** Records every event with every field, in order. */
    public static final class Recorder {
        private final FullRecordingSink sink = new FullRecordingSink();

        public EventSink sink() {
            return sink;
        }

        public List<String> events() {
            return sink.events;
        }
    }

    private RandomScenarios() {
    }

    /** Modes as the equivalence test names them: "small", "cross", "adl" or "large", then "/" and a policy. */
    public static List<String> modes() {
        final List<String> out = new ArrayList<>();
        for (final String shape : List.of("small", "cross", "adl", "large")) {
            for (final Book.Policy p : Book.Policy.values()) {
                out.add(shape + "/" + p);
            }
        }
        return out;
    }

    public static long seed(final long base, final long stream, final long index) {
        return EngineOracleEquivalenceTest.bookSeed(base, stream, index);
    }

    /** A book of {@code mode} from {@code seed}, with up to {@code maxUpdates} instrument updates spliced in. */
    public static Scenario generate(final long seed, final String mode, final int maxUpdates) {
        final Book book = EngineOracleEquivalenceTest.book(seed, mode);
        final Random r = new Random(seed ^ 0x5A17E5A17EL);
        final List<Input> inputs = book.inputs;
        final int updates = maxUpdates <= 0 ? 0 : r.nextInt(maxUpdates + 1);
        final boolean[] updateAfter = new boolean[inputs.size()];
        for (int u = 0; u < updates; u++) {
            updateAfter[r.nextInt(inputs.size())] = true;
        }
        final List<Step> steps = new ArrayList<>();
        final List<String> listing = new ArrayList<>();
        final List<Instrument> current = new ArrayList<>(book.instruments());
        long maxSeq = Long.MIN_VALUE;
        int spliced = 0;
        for (int k = 0; k < inputs.size(); k++) {
            final Input in = doubled(inputs.get(k));
            steps.add(in::apply);
            listing.add(in.toString());
            maxSeq = Math.max(maxSeq, in.seq);
            if (updateAfter[k]) {
                final int i = r.nextInt(current.size());
                final Instrument replacement = replacement(r, current.get(i));
                final long seq = maxSeq + 1;
                final long ts = in.ts;
                steps.add(e -> e.onInstrumentUpdate(seq, ts, replacement));
                listing.add("e.onInstrumentUpdate(" + seq + "L, " + ts + "L, /* " + replacement.symbol() + " "
                    + replacement.profile() + " fee " + replacement.takerFeeRate() + ", " + replacement.brackets().size()
                    + " brackets, tick " + replacement.tickSize() + " */);");
                if (replacement.tickSize() == current.get(i).tickSize()) {
                    current.set(i, replacement);
                }
                spliced++;
            }
        }
        return new Scenario(book, List.copyOf(steps), List.copyOf(listing), spliced);
    }

    private static Input doubled(final Input in) {
        final long seq = in.seq * 2;
        return switch (in.kind) {
            case MARK -> Input.mark(seq, in.ts, in.instrument, in.value);
            case POSITION -> Input.position(seq, in.ts, in.account, in.instrument, in.side, in.qty, in.value, in.cross,
                in.margin);
            case WALLET -> Input.wallet(seq, in.ts, in.account, in.instrument, in.value);
            case FUNDING -> Input.funding(seq, in.ts, in.instrument, in.value);
        };
    }

    /**
     * Same market (symbol, kind, asset, scales, contract size), new brackets, fee and sometimes
     * profile; one in eight changes the tick, which the engine must reject.
     */
    private static Instrument replacement(final Random r, final Instrument old) {
        final BracketTable brackets;
        final int pick = r.nextInt(3);
        if (pick == 0) {
            final String[] mmr = {"0.004", "0.01", "0.025", "0.05"};
            final String[] lev = {"20", "50", "100"};
            brackets = TestInstruments.single(mmr[r.nextInt(mmr.length)], "0", lev[r.nextInt(lev.length)]);
        } else if (old.kind() == ContractKind.INVERSE) {
            brackets = TestInstruments.btcusdBrackets();
        } else {
            brackets = pick == 1 ? TestInstruments.btcusdtBrackets() : TestInstruments.ethusdtBrackets();
        }
        MarginProfile profile = old.profile();
        if (r.nextInt(4) == 0) {
            final MarginProfile[] profiles = {MarginProfile.BINANCE, MarginProfile.BYBIT, MarginProfile.BITMEX,
                MarginProfile.GATE, MarginProfile.HYPERLIQUID};
            profile = profiles[r.nextInt(profiles.length)];
        }
        if (profile == MarginProfile.HYPERLIQUID && brackets.size() > 1) {
            profile = MarginProfile.BINANCE;
        }
        final long tick = r.nextInt(8) == 0 ? old.tickSize() * 2 : old.tickSize();
        return Instrument.builder().id(old.id()).symbol(old.symbol()).kind(old.kind())
            .settlementAsset(old.settlementAsset()).profile(profile).price(old.priceScale(), tick)
            .quantity(old.qtyScale(), old.stepSize()).balanceScale(old.balanceScale()).contractSize(old.contractSize())
            .takerFeeRate(r.nextInt(3) == 0 ? 0 : 10_000L * (1 + r.nextInt(10)))
            .maxPrice(old.maxPrice() - old.maxPrice() % tick).brackets(brackets).build();
    }
}
