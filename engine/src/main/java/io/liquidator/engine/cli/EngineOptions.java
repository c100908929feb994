package io.liquidator.engine.cli;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.pipeline.WaitStrategyChoice;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The options of every command that runs the engine ({@code run}, {@code replay}): the
 * configuration (with its instruments' price guards), the insurance fund's opening balances (formats.md: {@code --insurance-fund
 * ASSET=AMOUNT}, repeatable, 0 without it) and the engine thread's wait strategy.
 */
public final class EngineOptions {
    @Mixin
    private ConfigOption config;

    @Option(names = "--insurance-fund", paramLabel = "ASSET=AMOUNT",
        description = "Opening balance of the insurance fund in a settlement asset, e.g. USDT=50000000 (repeatable; default 0).")
    private List<String> insuranceFund = new ArrayList<>();

    @Option(names = "--wait-strategy", paramLabel = "NAME", defaultValue = "sleeping",
        description = "How the engine thread waits for input: blocking, sleeping (default), yielding, busy-spin.")
    private String waitStrategy;

    private LiquidatorConfig loaded;

    LiquidatorConfig config() {
        if (loaded == null) {
            loaded = config.load();
        }
        return loaded;
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
        return b.build();
    }

    WaitStrategyChoice waitStrategy() {
        final String name = waitStrategy.toUpperCase(Locale.ROOT).replace('-', '_');
        for (final WaitStrategyChoice c : WaitStrategyChoice.values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new InputException("--wait-strategy: unknown strategy " + waitStrategy);
    }
}
