package io.liquidator.engine.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.liquidator.engine.instrument.MarginProfile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decides, per vector, whether it runs through the margin code (and how) or is skipped, and why.
 * Nothing is dropped: every vector of every file gets a plan, and a skip always carries its reason.
 */
final class VectorHarness {
    /** The files whose vectors run, with the venue convention each uses. */
    static final Map<String, MarginProfile> RUN_FILES = new LinkedHashMap<>();
    /** The files reported as skipped as a whole, with the reason. */
    static final Map<String, String> SKIP_FILES = new LinkedHashMap<>();

    static final String ENGINE_ISSUE = "engine issue (partial liquidation, insurance fund, bankruptcy for a partial close)";

    /**
     * dYdX and Drift rules the engine deliberately does not implement (policy choices, stated in the
     * README and the issue notes), by vector kind.
     */
    static final Map<String, String> POLICY_DIFFERENCE = Map.of(
        "bankruptcy_quote_for_delta", "policy difference: the engine closes a cross book in full; dYdX's pro-rata "
            + "(by maintenance margin) bankruptcy quote for a partial close of one market is not its rule",
        "fillable_price", "policy difference: the engine fills at the mark; dYdX's fillable price (bankruptcy adjustment "
            + "× spread to maintenance) models an order-book close the engine does not place",
        "insurance_fund_delta", "policy difference: the fund takes the equity left at the mark (or pays the shortfall); "
            + "dYdX charges min(fill − bankruptcy, 0.5 % × fill) on an order-book fill",
        "margin_requirements", "policy difference: dYdX's open-interest-scaled initial margin fraction is not a profile "
            + "of this engine (brackets by position notional are)",
        "is_liquidatable", "policy difference: dYdX liquidates on TNC < MM strictly; the engine's profiles use "
            + "margin balance ≤ maintenance margin (Binance: ratio ≥ 100 %)",
        "partial_liquidation_size", "policy difference: partial sizes come from tier step-down or a fixed fraction, "
            + "not Drift's margin-shortage ÷ (price × (MR − fees)) formula",
        "partial_liquidation_pct", "policy difference: the fixed-fraction policy uses a constant share and a cooldown, "
            + "not Drift's time-based share",
        "insurance_fund_fee_rate", "policy difference: no liquidation fees are charged (the fund takes the equity at the mark)",
        "liquidation_fee_rate", "policy difference: no liquidation fees are charged (the fund takes the equity at the mark)",
        "socialized_loss", "policy difference: an uncovered loss goes to ADL, then to the fund; Drift socialises it "
            + "through cumulative funding");

    static final Set<String> RUNNABLE_KINDS = Set.of("liquidation_price", "bankruptcy_price",
        "bankruptcy_and_liquidation_price", "maintenance_margin", "maintenance_amount", "bracket_lookup");

    /**
     * How many vectors of each file must run (all the runnable ones). bitmex.json: 3 of 4 (the 100-XBT
     * schematic, whose MMR is not stated, is skipped).
     */
    static final Map<String, Integer> EXPECTED_RUNNABLE = new LinkedHashMap<>();

    static {
        RUN_FILES.put("binance_usdm.json", MarginProfile.BINANCE);
        RUN_FILES.put("binance_coinm.json", MarginProfile.BINANCE);
        RUN_FILES.put("bybit.json", MarginProfile.BYBIT);
        RUN_FILES.put("gate_okx_freqtrade.json", MarginProfile.GATE);
        RUN_FILES.put("hyperliquid.json", MarginProfile.HYPERLIQUID);
        RUN_FILES.put("bitmex.json", MarginProfile.BITMEX);
        SKIP_FILES.put("dydx_v4.json", ENGINE_ISSUE);
        SKIP_FILES.put("drift_v2.json", ENGINE_ISSUE);
        EXPECTED_RUNNABLE.put("binance_usdm.json", 16);
        EXPECTED_RUNNABLE.put("binance_coinm.json", 3);
        EXPECTED_RUNNABLE.put("bybit.json", 17);
        EXPECTED_RUNNABLE.put("gate_okx_freqtrade.json", 8);
        EXPECTED_RUNNABLE.put("hyperliquid.json", 32);
        EXPECTED_RUNNABLE.put("bitmex.json", 3);
        EXPECTED_RUNNABLE.put("dydx_v4.json", 0);
        EXPECTED_RUNNABLE.put("drift_v2.json", 0);
    }

    private VectorHarness() {
    }

    @FunctionalInterface
    interface Run {
        void run(Check check) throws Exception;
    }

    /** Either a run or a skip reason. */
    record Plan(Run run, String skipReason) {
        static Plan skip(final String reason) {
            return new Plan(null, reason);
        }

        static Plan of(final Run run) {
            return new Plan(run, null);
        }

        boolean runnable() {
            return run != null;
        }
    }

    static Iterable<String> allFiles() {
        final java.util.List<String> all = new java.util.ArrayList<>(RUN_FILES.keySet());
        all.addAll(SKIP_FILES.keySet());
        return all;
    }

    static Plan plan(final String file, final JsonNode v) {
        if (SKIP_FILES.containsKey(file)) {
            final String why = POLICY_DIFFERENCE.get(Json.kind(v));
            return Plan.skip(why != null ? why : SKIP_FILES.get(file));
        }
        final MarginProfile profile = RUN_FILES.get(file);
        if (profile == null) {
            return Plan.skip("file not covered by this harness");
        }
        final String kind = Json.kind(v);
        if ("adl_ranking".equals(kind)) {
            return Plan.of(c -> Runs.adlRanking(v, c));
        }
        if (!RUNNABLE_KINDS.contains(kind)) {
            return Plan.skip("kind " + kind + " is not margin-code math (engine issue)");
        }
        switch (kind) {
            case "bracket_lookup":
                return Plan.of(c -> Runs.bracketLookup(v, c));
            case "maintenance_amount":
                return Plan.of(c -> Runs.maintenanceAmountRecurrence(v, c));
            case "maintenance_margin":
                return Plan.of(c -> Runs.maintenanceMargin(v, c, profile));
            default:
                break;
        }
        // liquidation / bankruptcy prices
        if (!"bankruptcy_price".equals(kind) && !statesMaintenanceRate(v, profile)) {
            return Plan.skip("its MMR is not stated in the source, only implied"
                + (Json.has(v, "notes") ? " (" + v.get("notes").asText() + ")" : ""));
        }
        final String contract = Json.has(v, "contract_type") ? v.get("contract_type").asText() : "";
        if (contract.startsWith("inverse")) {
            return Plan.of(c -> Runs.inversePrices(v, c, profile));
        }
        if (contract.startsWith("linear") || contract.startsWith("schematic")) {
            return Plan.of(c -> Runs.linearPrices(v, c, profile));
        }
        // a price vector the harness cannot place must fail, not vanish
        return Plan.of(c -> {
            throw new IllegalArgumentException("unknown contract_type '" + contract + "'");
        });
    }

    private static boolean statesMaintenanceRate(final JsonNode v, final MarginProfile profile) {
        if (profile == MarginProfile.HYPERLIQUID) {
            return Json.has(v, "max_leverage");
        }
        return Json.has(v, "mmr") || Json.has(v, "mmr_implied") || Json.has(v.get("computed"), "mmr_assumed");
    }
}
