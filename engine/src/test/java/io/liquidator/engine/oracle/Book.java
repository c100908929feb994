package io.liquidator.engine.oracle;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.FixedFractionPolicy;
import io.liquidator.engine.core.FullLiquidationPolicy;
import io.liquidator.engine.core.PartialLiquidationPolicy;
import io.liquidator.engine.core.TierStepDownPolicy;
import io.liquidator.engine.instrument.ContractKind;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.instrument.MarginProfile;
import io.liquidator.engine.instrument.TestInstruments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One random book: instruments, engine settings and the inputs, reproducible from its seed. */
final class Book {
    enum Policy { FULL, TIER_STEP_DOWN, FIXED_FRACTION }

    /** Instrument sets. */
    static final int BUNDLED = 0;
    static final int VENUES = 1;
    static final int THREE_USDT = 2;

    private static final List<List<Instrument>> SETS = List.of(
        LiquidatorConfig.bundledDefault().instruments(), venues(), threeUsdt());

    final long seed;
    final String mode;
    final int instrumentSet;
    final Policy policy;
    final long minimumNotional;
    final long[] levels;
    final long hysteresis;
    final Map<String, Long> fund = new LinkedHashMap<>();
    final List<Input> inputs = new ArrayList<>();
    /** Accounts the generator created, for the summary. */
    int accounts;

    Book(final long seed, final String mode, final int instrumentSet, final Policy policy, final long minimumNotional,
         final long[] levels, final long hysteresis) {
        this.seed = seed;
        this.mode = mode;
        this.instrumentSet = instrumentSet;
        this.policy = policy;
        this.minimumNotional = minimumNotional;
        this.levels = levels;
        this.hysteresis = hysteresis;
    }

    static List<Instrument> instrumentSet(final int set) {
        return SETS.get(set);
    }

    List<Instrument> instruments() {
        return SETS.get(instrumentSet);
    }

    PartialLiquidationPolicy partialPolicy() {
        return switch (policy) {
            case FULL -> FullLiquidationPolicy.INSTANCE;
            case TIER_STEP_DOWN -> TierStepDownPolicy.INSTANCE;
            case FIXED_FRACTION -> new FixedFractionPolicy(20_000_000L, 30_000, minimumNotional);
        };
    }

    EngineSettings settings() {
        final EngineSettings.Builder b = EngineSettings.builder().marginCallLevels(levels).hysteresis(hysteresis)
            .policy(partialPolicy()).expectedPositions(16);
        fund.forEach(b::insuranceFund);
        return b.build();
    }

    String header() {
        final StringBuilder sb = new StringBuilder();
        sb.append("book seed=").append(seed).append(" mode=").append(mode).append(" instruments=")
            .append(instrumentSet == BUNDLED ? "bundledDefault" : instrumentSet == VENUES ? "venues" : "threeUsdt");
        for (final Instrument i : instruments()) {
            sb.append(' ').append(i.id()).append(':').append(i.symbol()).append('/').append(i.profile().configName())
                .append('/').append(i.kind() == ContractKind.INVERSE ? "inverse" : "linear");
        }
        sb.append("\n  policy=").append(policy);
        if (policy == Policy.FIXED_FRACTION) {
            sb.append("(0.2, 30000 ms, minimum notional ").append(minimumNotional).append(')');
        }
        sb.append(" levels=").append(Arrays.toString(levels)).append(" hysteresis=").append(hysteresis)
            .append(" insuranceFund=").append(fund);
        return sb.toString();
    }

    String listing(final int upToInclusive) {
        final StringBuilder sb = new StringBuilder();
        for (int k = 0; k <= upToInclusive && k < inputs.size(); k++) {
            sb.append("    ").append(inputs.get(k)).append('\n');
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Bybit (entry basis, fee to close at bankruptcy inside maintenance), Gate (taker fee in the rate,
     * tick 0.005 and step 0.05), Hyperliquid (half the initial margin at max leverage), a Bybit inverse
     * and a BitMEX inverse settled in a third asset.
     */
    private static List<Instrument> venues() {
        return List.of(
            TestInstruments.btcusdtBuilder().id(0).symbol("BTCUSDT-BYBIT").profile(MarginProfile.BYBIT)
                .takerFeeRate(55_000).build(),
            Instrument.builder().id(1).symbol("SOLUSDT-GATE").kind(ContractKind.LINEAR).settlementAsset("USDT")
                .profile(MarginProfile.GATE).price(3, 5).quantity(2, 5).balanceScale(8).takerFeeRate(50_000)
                .brackets(TestInstruments.ethusdtBrackets()).build(),
            // one bracket: the engine refuses Hyperliquid markets with several (its maintenance jumps at
            // each floor, see OracleFindingsTest #4)
            TestInstruments.ethusdtBuilder().id(2).symbol("ETHUSDT-HL").profile(MarginProfile.HYPERLIQUID)
                .brackets(TestInstruments.single("0.01", "0", "50")).build(),
            TestInstruments.btcusdBuilder().id(3).symbol("BTCUSD-BYBIT").profile(MarginProfile.BYBIT)
                .takerFeeRate(60_000).build(),
            Instrument.builder().id(4).symbol("ETHUSD-BITMEX").kind(ContractKind.INVERSE).settlementAsset("ETH")
                .profile(MarginProfile.BITMEX).price(2, 5).quantity(0, 1).balanceScale(8).contractSize(1000)
                .takerFeeRate(75_000).brackets(TestInstruments.btcusdBrackets()).build());
    }

    /** Three USDT markets (one with tick 0.005 and step 0.05) sharing one cross wallet, and BTCUSD inverse. */
    private static List<Instrument> threeUsdt() {
        return List.of(
            TestInstruments.btcusdtBuilder().id(0).build(),
            TestInstruments.ethusdtBuilder().id(1).build(),
            Instrument.builder().id(2).symbol("SOLUSDT").kind(ContractKind.LINEAR).settlementAsset("USDT")
                .profile(MarginProfile.BINANCE).price(3, 5).quantity(2, 5).balanceScale(8)
                .brackets(TestInstruments.ethusdtBrackets()).build(),
            TestInstruments.btcusdBuilder().id(3).build());
    }
}
