package io.liquidator.engine.cli;

import io.liquidator.engine.config.EngineSection;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.pipeline.WaitStrategyChoice;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The options of every command that runs the engine ({@code run}, {@code replay}): the
 * configuration (with its instruments' price guards), the insurance fund's opening balances (formats.md: {@code --insurance-fund
 * ASSET=AMOUNT}, repeatable, 0 without it) and the engine thread's wait strategy.
 *
 * <p>The configuration's {@code engine:} section supplies the margin-call levels, hysteresis,
 * policy, fund and wait strategy; a command-line option wins over it ({@code --insurance-fund} per
 * asset). {@code compare} builds one of these per run in code ({@link #of}).
 */
public final class EngineOptions {
    @Mixin
    private ConfigOption config;

    @Option(names = "--insurance-fund", paramLabel = "ASSET=AMOUNT",
        description = "Opening balance of the insurance fund in a settlement asset, e.g. USDT=50000000 (repeatable;"
            + " overrides the configuration's engine.insurance_fund for that asset; default 0).")
    private List<String> insuranceFund = new ArrayList<>();

    @Option(names = "--wait-strategy", paramLabel = "NAME",
        description = "How the engine thread waits for input: blocking, sleeping, yielding, busy-spin"
            + " (default: the configuration's engine.wait_strategy, else sleeping).")
    private String waitStrategy;

    private LiquidatorConfig loaded;
    /** {@code compare --policy}: replaces the configuration's policy; null keeps it. */
    private EngineSection.Policy policy;

    /**
     * The options of one {@code compare} run: a loaded configuration, the command line's
     * {@code --insurance-fund} entries, and a policy that replaces the configuration's (or null).
     */
    static EngineOptions of(final LiquidatorConfig config, final List<String> insuranceFund,
                            final EngineSection.Policy policy) {
        final EngineOptions o = new EngineOptions();
        o.loaded = config;
        o.insuranceFund = List.copyOf(insuranceFund);
        o.policy = policy;
        return o;
    }

    /**
     * The settings {@code replay --insurance-fund …} would run {@code config} under: what a cluster
     * member runs for its cluster file's {@code insurance_fund}, and so what a comparison with a
     * single-process replay must use.
     */
    public static EngineSettings settingsOf(final LiquidatorConfig config, final List<String> insuranceFund) {
        return of(config, insuranceFund, null).settings();
    }

    LiquidatorConfig config() {
        if (loaded == null) {
            loaded = config.load();
        }
        return loaded;
    }

    /** The configuration file given with --config, or null (the bundled default, or one built in code). */
    java.nio.file.Path configPath() {
        return config == null ? null : config.file();
    }

    /** The --insurance-fund entries as given (ASSET=AMOUNT). */
    List<String> insuranceFundEntries() {
        return List.copyOf(insuranceFund);
    }

    EngineSettings settings() {
        final LiquidatorConfig cfg = config();
        final EngineSettings.Builder b = EngineSettings.builder().priceGuards(cfg.priceGuards());
        for (final String entry : insuranceFund) {
            final int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new InputException("--insurance-fund must be ASSET=AMOUNT, e.g. USDT=50000000, not " + entry);
            }
            final String asset = entry.substring(0, eq);
            final Integer scale = cfg.assets().get(asset);
            if (scale == null) {
                throw new InputException("--insurance-fund: unknown asset " + asset + " (the configuration has "
                    + String.join(", ", cfg.assets().keySet()) + ")");
            }
            if (cfg.assetId(asset) < 0) {
                throw new InputException("--insurance-fund: no instrument settles in " + asset + ", so it has no fund"
                    + " (settlement assets: " + String.join(", ", cfg.settlementAssets()) + ")");
            }
            final long amount;
            try {
                amount = Decimals.parse(entry.substring(eq + 1), scale);
            } catch (final IllegalArgumentException e) {
                throw new InputException("--insurance-fund " + entry + ": " + e.getMessage());
            }
            if (amount < 0) {
                throw new InputException("--insurance-fund " + entry + ": the balance must not be negative");
            }
            b.insuranceFund(asset, amount);
        }
        // the file's engine: section; its insurance fund only for the assets the command line leaves out
        cfg.engine().applyTo(b, fundAssetsGiven());
        if (policy != null) {
            b.policy(policy.policy());
        }
        return b.build();
    }

    /** The assets {@code --insurance-fund} sets (its entries already checked by {@link #settings()}). */
    private Set<String> fundAssetsGiven() {
        return insuranceFund.stream().map(e -> e.substring(0, e.indexOf('='))).collect(Collectors.toSet());
    }

    /** The partial-liquidation policy these options run under: {@code --policy}'s, the file's, or {@code full}. */
    EngineSection.Policy policy() {
        return policy != null ? policy
            : config().engine().policy().orElse(EngineSection.policy(EngineSection.Policy.FULL));
    }

    WaitStrategyChoice waitStrategy() {
        if (waitStrategy == null) {
            return config().engine().waitStrategy().orElse(WaitStrategyChoice.DEFAULT);
        }
        final String name = waitStrategy.toUpperCase(Locale.ROOT).replace('-', '_');
        for (final WaitStrategyChoice c : WaitStrategyChoice.values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new InputException("--wait-strategy: unknown strategy " + waitStrategy);
    }
}
