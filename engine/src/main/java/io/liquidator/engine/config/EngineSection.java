package io.liquidator.engine.config;

import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.FixedFractionPolicy;
import io.liquidator.engine.core.FullLiquidationPolicy;
import io.liquidator.engine.core.PartialLiquidationPolicy;
import io.liquidator.engine.core.TierStepDownPolicy;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.Rates;
import io.liquidator.engine.pipeline.WaitStrategyChoice;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The configuration file's optional {@code engine:} section: what a risk team tunes besides the
 * instruments. Every key is optional; a key left out keeps the built-in default of
 * {@link EngineSettings} (or of the command), so a file without the section behaves exactly as
 * before the section existed.
 *
 * <pre>
 * engine:
 *   margin_call_levels: [0.8, 0.9]    # margin ratios, ascending inside (0, 1), multiples of 0.005; [] = none
 *   hysteresis: 0.05                  # a level re-arms below level - hysteresis; multiple of 0.005, below the lowest level
 *   policy: full                      # full | tier_step_down | fixed_fraction | { fixed_fraction: {...} }
 *   # policy:
 *   #   fixed_fraction: { fraction: 0.2, cooldown_ms: 30000, minimum_notional: 0 }
 *   insurance_fund: { USDT: 50000000 } # opening balance per settlement asset (--insurance-fund overrides per asset)
 *   wait_strategy: sleeping           # blocking | sleeping | yielding | busy_spin (--wait-strategy overrides)
 *   snapshot_every: 1000000           # run: snapshot every N inputs, 0 = on request only (--snapshot-every overrides)
 *   snapshot_interval_s: 60           # run: also every N seconds of wall-clock time, 0 = never (--snapshot-interval overrides)
 * </pre>
 *
 * Immutable.
 */
public final class EngineSection {
    /** No {@code engine:} section: every built-in default. */
    public static final EngineSection DEFAULTS = new EngineSection(null, null, null, Map.of(), null, null, null);

    /** The policy names of the file's {@code policy:} and of {@code compare --policy}. */
    public static final List<String> POLICY_NAMES = List.of(Policy.FULL, Policy.TIER_STEP_DOWN, Policy.FIXED_FRACTION);

    /** {@code fixed_fraction} without parameters: Hyperliquid's 20 % every 30 s, every size. */
    public static final long DEFAULT_FRACTION = 20_000_000L;
    public static final long DEFAULT_COOLDOWN_MS = 30_000L;

    private final long[] marginCallLevels;
    private final Long hysteresis;
    private final Policy policy;
    private final Map<String, Long> insuranceFund;
    private final WaitStrategyChoice waitStrategy;
    private final Long snapshotEvery;
    private final Long snapshotIntervalSeconds;

    EngineSection(final long[] marginCallLevels, final Long hysteresis, final Policy policy,
                  final Map<String, Long> insuranceFund, final WaitStrategyChoice waitStrategy, final Long snapshotEvery,
                  final Long snapshotIntervalSeconds) {
        this.marginCallLevels = marginCallLevels == null ? null : marginCallLevels.clone();
        this.hysteresis = hysteresis;
        this.policy = policy;
        this.insuranceFund = Collections.unmodifiableMap(new LinkedHashMap<>(insuranceFund));
        this.waitStrategy = waitStrategy;
        this.snapshotEvery = snapshotEvery;
        this.snapshotIntervalSeconds = snapshotIntervalSeconds;
    }

    /**
     * A partial-liquidation policy with the name a user gave it: how the file's {@code policy:} and
     * {@code compare --policy} spell it, and what a report prints.
     *
     * @param name        {@code full}, {@code tier_step_down} or {@code fixed_fraction}
     * @param description the name with its parameters, for reports
     *                    ({@code fixed_fraction(fraction 0.2, cooldown_ms 30000, minimum_notional 0)})
     */
    public record Policy(String name, String description, PartialLiquidationPolicy policy) {
        public static final String FULL = "full";
        public static final String TIER_STEP_DOWN = "tier_step_down";
        public static final String FIXED_FRACTION = "fixed_fraction";

        @Override
        public String toString() {
            return description;
        }
    }

    /**
     * A policy by its name with default parameters ({@code fixed_fraction}: 20 % every 30 s, no
     * minimum notional); a dash may stand for the underscore ({@code tier-step-down}).
     *
     * @throws IllegalArgumentException naming the choices, if there is no such policy
     */
    public static Policy policy(final String name) {
        final String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (n) {
            case Policy.FULL:
                return new Policy(Policy.FULL, Policy.FULL, FullLiquidationPolicy.INSTANCE);
            case Policy.TIER_STEP_DOWN:
                return new Policy(Policy.TIER_STEP_DOWN, Policy.TIER_STEP_DOWN, TierStepDownPolicy.INSTANCE);
            case Policy.FIXED_FRACTION:
                return fixedFraction(DEFAULT_FRACTION, DEFAULT_COOLDOWN_MS, 0, 0);
            default:
                throw new IllegalArgumentException("unknown policy '" + name + "' (one of: "
                    + String.join(", ", POLICY_NAMES) + ")");
        }
    }

    /**
     * A fixed-fraction policy; {@code minimumNotional} is in balance units at {@code balanceScale}
     * (used only to describe it).
     */
    static Policy fixedFraction(final long fraction, final long cooldownMillis, final long minimumNotional,
                                final int balanceScale) {
        final String description = Policy.FIXED_FRACTION + "(fraction " + Decimals.formatTrimmed(fraction, Rates.SCALE_DIGITS)
            + ", cooldown_ms " + cooldownMillis + ", minimum_notional "
            + Decimals.formatTrimmed(minimumNotional, balanceScale) + ")";
        return new Policy(Policy.FIXED_FRACTION, description,
            new FixedFractionPolicy(fraction, cooldownMillis, minimumNotional));
    }

    /**
     * Sets what this section gives on {@code b}: the margin-call levels, the hysteresis, the policy,
     * and the insurance fund of every asset not in {@code fundSetElsewhere} (the assets the command
     * line sets with {@code --insurance-fund}, which wins per asset). A key the file leaves out
     * leaves the builder's value alone.
     */
    public EngineSettings.Builder applyTo(final EngineSettings.Builder b, final Set<String> fundSetElsewhere) {
        if (marginCallLevels != null) {
            b.marginCallLevels(marginCallLevels);
        }
        if (hysteresis != null) {
            b.hysteresis(hysteresis);
        }
        if (policy != null) {
            b.policy(policy.policy());
        }
        insuranceFund.forEach((asset, balance) -> {
            if (!fundSetElsewhere.contains(asset)) {
                b.insuranceFund(asset, balance);
            }
        });
        return b;
    }

    /** Margin-call levels in {@link io.liquidator.engine.money.Rates} units, if the file gives them. */
    public Optional<long[]> marginCallLevels() {
        return Optional.ofNullable(marginCallLevels).map(long[]::clone);
    }

    /** The hysteresis in {@link io.liquidator.engine.money.Rates} units, if the file gives it. */
    public OptionalLong hysteresis() {
        return hysteresis == null ? OptionalLong.empty() : OptionalLong.of(hysteresis);
    }

    /** The partial-liquidation policy, if the file gives one. */
    public Optional<Policy> policy() {
        return Optional.ofNullable(policy);
    }

    /** The insurance fund's opening balance per settlement asset (balance units), as the file gives it. */
    public Map<String, Long> insuranceFund() {
        return insuranceFund;
    }

    /** The engine thread's wait strategy, if the file gives one. */
    public Optional<WaitStrategyChoice> waitStrategy() {
        return Optional.ofNullable(waitStrategy);
    }

    /** {@code run}: snapshot every N inputs (0: on request only), if the file gives it. */
    public OptionalLong snapshotEvery() {
        return snapshotEvery == null ? OptionalLong.empty() : OptionalLong.of(snapshotEvery);
    }

    /** {@code run}: snapshot every N seconds of wall-clock time (0: never), if the file gives it. */
    public OptionalLong snapshotIntervalSeconds() {
        return snapshotIntervalSeconds == null ? OptionalLong.empty() : OptionalLong.of(snapshotIntervalSeconds);
    }

    /** The wait strategies by their configuration names ({@code busy_spin}). */
    static String waitStrategyNames() {
        return Arrays.stream(WaitStrategyChoice.values()).map(w -> w.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "engine{levels " + (marginCallLevels == null ? "default" : Arrays.toString(marginCallLevels))
            + ", hysteresis " + (hysteresis == null ? "default" : hysteresis)
            + ", policy " + (policy == null ? "default" : policy.description())
            + ", insurance_fund " + insuranceFund
            + ", wait_strategy " + (waitStrategy == null ? "default" : waitStrategy)
            + ", snapshot_every " + (snapshotEvery == null ? "default" : snapshotEvery)
            + ", snapshot_interval_s " + (snapshotIntervalSeconds == null ? "default" : snapshotIntervalSeconds) + "}";
    }
}
