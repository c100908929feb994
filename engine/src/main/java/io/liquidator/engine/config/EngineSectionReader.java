package io.liquidator.engine.config;

import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.Rates;
import io.liquidator.engine.pipeline.WaitStrategyChoice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the optional top-level {@code engine:} section into an {@link EngineSection} (schema there
 * and in the bundled default.yaml's header). Absent or written with no value ({@code engine:}):
 * {@link EngineSection#DEFAULTS}.
 * Every value is checked here, at its key and line, so that {@link EngineSettings.Builder} never
 * refuses what the file says.
 */
final class EngineSectionReader {
    static final String ENGINE = "engine";
    static final String MARGIN_CALL_LEVELS = "margin_call_levels";
    static final String HYSTERESIS = "hysteresis";
    static final String POLICY = "policy";
    static final String INSURANCE_FUND = "insurance_fund";
    static final String WAIT_STRATEGY = "wait_strategy";
    static final String SNAPSHOT_EVERY = "snapshot_every";
    static final String SNAPSHOT_INTERVAL_S = "snapshot_interval_s";
    private static final Set<String> KEYS = Set.of(MARGIN_CALL_LEVELS, HYSTERESIS, POLICY, INSURANCE_FUND,
        WAIT_STRATEGY, SNAPSHOT_EVERY, SNAPSHOT_INTERVAL_S);
    static final String FRACTION = "fraction";
    static final String COOLDOWN_MS = "cooldown_ms";
    static final String MINIMUM_NOTIONAL = "minimum_notional";
    private static final Set<String> FIXED_FRACTION_KEYS = Set.of(FRACTION, COOLDOWN_MS, MINIMUM_NOTIONAL);
    /** The 0.5 % grid of margin-call levels and hysteresis, as text for messages. */
    private static final String GRID = Decimals.formatTrimmed(EngineSettings.LEVEL_GRID, Rates.SCALE_DIGITS);
    /** A week: longer cooldowns and snapshot intervals are typing mistakes. */
    private static final long MAX_MILLIS = 7L * 24 * 3600 * 1000;

    private EngineSectionReader() {
    }

    /**
     * @param assets           asset name → balance scale, as the file defines them
     * @param settlementAssets the assets some instrument settles in (the only ones with a fund)
     */
    static EngineSection read(final ConfigNode root, final Map<String, Integer> assets,
                              final List<String> settlementAssets) {
        final Optional<ConfigNode> section = root.optional(ENGINE);
        if (section.isEmpty() || section.get().isBlank()) {
            return EngineSection.DEFAULTS;
        }
        final ConfigNode node = section.get().requireMap().allowOnly(KEYS);
        final long[] levels = node.optional(MARGIN_CALL_LEVELS).map(EngineSectionReader::levels).orElse(null);
        final Long hysteresis = node.optional(HYSTERESIS).map(EngineSectionReader::hysteresis).orElse(null);
        checkLowestLevel(node, levels, hysteresis);
        final EngineSection.Policy policy = node.optional(POLICY)
            .map(p -> policy(p, assets, settlementAssets)).orElse(null);
        final Map<String, Long> fund = node.optional(INSURANCE_FUND)
            .map(f -> insuranceFund(f, assets, settlementAssets)).orElse(Map.of());
        final WaitStrategyChoice wait = node.optional(WAIT_STRATEGY).map(EngineSectionReader::waitStrategy).orElse(null);
        final Long every = node.optional(SNAPSHOT_EVERY).map(n -> whole(n, 0, Long.MAX_VALUE / 2)).orElse(null);
        final Long interval = node.optional(SNAPSHOT_INTERVAL_S).map(n -> whole(n, 0, MAX_MILLIS / 1000)).orElse(null);
        return new EngineSection(levels, hysteresis, policy, fund, wait, every, interval);
    }

    private static long[] levels(final ConfigNode node) {
        final List<ConfigNode> items = node.requireList();
        final long[] levels = new long[items.size()];
        for (int k = 0; k < levels.length; k++) {
            final ConfigNode item = items.get(k);
            final long level = ConfigValues.rate(item);
            if (level <= 0 || level >= Rates.ONE) {
                throw item.error("a margin-call level is a margin ratio strictly between 0 and 1 (0.8 = 80 %), found "
                    + item.text());
            }
            onGrid(item, level);
            if (k > 0 && level <= levels[k - 1]) {
                throw item.error("levels must ascend: " + item.text() + " is not above the previous level "
                    + rate(levels[k - 1]));
            }
            levels[k] = level;
        }
        return levels;
    }

    private static long hysteresis(final ConfigNode node) {
        final long h = ConfigValues.rate(node);
        if (h < 0 || h >= Rates.ONE) {
            throw node.error("must be from 0 up to (not including) 1, found " + node.text());
        }
        onGrid(node, h);
        return h;
    }

    /** The engine re-arms a level below level − hysteresis: the lowest level must stay above 0 after it. */
    private static void checkLowestLevel(final ConfigNode section, final long[] levels, final Long hysteresis) {
        final EngineSettings defaults = EngineSettings.defaults();
        final long[] l = levels != null ? levels : defaults.marginCallLevels();
        final long h = hysteresis != null ? hysteresis : defaults.hysteresis();
        if (l.length == 0 || l[0] > h) {
            return;
        }
        if (hysteresis != null) {
            throw section.required(HYSTERESIS).error("must be below the lowest margin-call level " + rate(l[0])
                + (levels == null ? " (the default levels)" : "") + ", found " + rate(h));
        }
        throw section.required(MARGIN_CALL_LEVELS).requireList().get(0).error("the lowest level must be above the"
            + " hysteresis " + rate(h) + " (the default; set hysteresis: lower), found " + rate(l[0]));
    }

    private static void onGrid(final ConfigNode node, final long value) {
        if (value % EngineSettings.LEVEL_GRID != 0) {
            throw node.error("must be a multiple of " + GRID + " (0.5 %), found " + node.text());
        }
    }

    /** {@code full}, {@code tier_step_down}, {@code fixed_fraction}, or {@code { fixed_fraction: {...} }}. */
    private static EngineSection.Policy policy(final ConfigNode node, final Map<String, Integer> assets,
                                               final List<String> settlementAssets) {
        if (node.kind() == ConfigNode.Kind.SCALAR) {
            return named(node, node.text());
        }
        if (node.kind() != ConfigNode.Kind.MAP) {
            throw node.error("must be a policy name (" + String.join(", ", EngineSection.POLICY_NAMES)
                + ") or { fixed_fraction: { fraction: 0.2, cooldown_ms: 30000 } }");
        }
        final Set<Map.Entry<String, ConfigNode>> entries = node.entries();
        if (entries.size() != 1) {
            throw node.error("must name exactly one policy, found " + (entries.isEmpty() ? "none"
                : String.join(", ", node.entries().stream().map(Map.Entry::getKey).toList())));
        }
        final Map.Entry<String, ConfigNode> only = entries.iterator().next();
        final ConfigNode params = only.getValue();
        final EngineSection.Policy named = named(params, only.getKey());
        final boolean none = params.isBlank() || (params.kind() == ConfigNode.Kind.MAP && params.entries().isEmpty());
        if (none) {
            return named;
        }
        if (!EngineSection.Policy.FIXED_FRACTION.equals(named.name())) {
            throw params.error("the " + named.name() + " policy takes no parameters");
        }
        params.requireMap().allowOnly(FIXED_FRACTION_KEYS);
        final long fraction = params.optional(FRACTION).map(n -> {
            final long f = ConfigValues.rate(n);
            if (f <= 0 || f >= Rates.ONE) {
                throw n.error("the share closed per step must be strictly between 0 and 1 (0.2 = 20 %), found " + n.text());
            }
            return f;
        }).orElse(EngineSection.DEFAULT_FRACTION);
        final long cooldown = params.optional(COOLDOWN_MS).map(n -> whole(n, 0, MAX_MILLIS))
            .orElse(EngineSection.DEFAULT_COOLDOWN_MS);
        final Optional<ConfigNode> minNode = params.optional(MINIMUM_NOTIONAL);
        final int scale = minNode.isPresent() ? commonBalanceScale(minNode.get(), assets, settlementAssets) : 0;
        final long minimum = minNode.map(n -> {
            final long m = ConfigValues.decimal(n, scale, "the balance scale of the settlement assets is " + scale);
            if (m < 0) {
                throw n.error("must not be negative, found " + n.text());
            }
            return m;
        }).orElse(0L);
        return EngineSection.fixedFraction(fraction, cooldown, minimum, scale);
    }

    /**
     * A minimum notional is one number compared with every instrument's notional in its own settlement
     * asset: it is read at their balance scale, which must then be one scale.
     */
    private static int commonBalanceScale(final ConfigNode node, final Map<String, Integer> assets,
                                          final List<String> settlementAssets) {
        int scale = -1;
        for (final String asset : settlementAssets) {
            final int s = assets.get(asset);
            if (scale >= 0 && s != scale) {
                throw node.error("needs every settlement asset to have the same balance_scale (it is compared with"
                    + " notionals in each), but " + settlementAssets.get(0) + " has " + scale + " and " + asset
                    + " has " + s);
            }
            scale = s;
        }
        return Math.max(scale, 0);
    }

    private static EngineSection.Policy named(final ConfigNode at, final String name) {
        if (!EngineSection.POLICY_NAMES.contains(name)) {
            throw at.error("unknown policy '" + name + "' (one of: " + String.join(", ", EngineSection.POLICY_NAMES) + ")");
        }
        return EngineSection.policy(name);
    }

    private static Map<String, Long> insuranceFund(final ConfigNode node, final Map<String, Integer> assets,
                                                   final List<String> settlementAssets) {
        final Map<String, Long> fund = new LinkedHashMap<>();
        for (final Map.Entry<String, ConfigNode> e : node.entries()) {
            final String asset = e.getKey();
            final ConfigNode value = e.getValue();
            final Integer scale = assets.get(asset);
            if (scale == null) {
                throw value.error("unknown asset '" + asset + "' (assets defined: " + String.join(", ", assets.keySet())
                    + ")");
            }
            if (!settlementAssets.contains(asset)) {
                throw value.error("no instrument settles in " + asset + ", so it has no insurance fund (settlement"
                    + " assets: " + String.join(", ", settlementAssets) + ")");
            }
            if (value.isBlank()) {
                throw value.error("needs a value");
            }
            final long balance = ConfigValues.decimal(value, scale, "the balance scale of " + asset + " is " + scale);
            if (balance < 0) {
                throw value.error("the opening balance must not be negative, found " + value.text());
            }
            fund.put(asset, balance);
        }
        return fund;
    }

    private static WaitStrategyChoice waitStrategy(final ConfigNode node) {
        final String name = node.text();
        final String n = name.toUpperCase(Locale.ROOT).replace('-', '_');
        for (final WaitStrategyChoice c : WaitStrategyChoice.values()) {
            if (c.name().equals(n)) {
                return c;
            }
        }
        throw node.error("unknown wait strategy '" + name + "' (one of: " + EngineSection.waitStrategyNames() + ")");
    }

    private static long whole(final ConfigNode node, final long min, final long max) {
        final String text = node.text();
        if (!text.matches("[+-]?\\d+")) {
            throw node.error("must be a whole number, found " + text);
        }
        final long v;
        try {
            v = Long.parseLong(text);
        } catch (final NumberFormatException e) {
            throw node.error("must be a whole number from " + min + " to " + max + ", found " + text);
        }
        if (v < min || v > max) {
            throw node.error("must be a whole number from " + min + " to " + max + ", found " + text);
        }
        return v;
    }

    private static String rate(final long raw) {
        return Decimals.formatTrimmed(raw, Rates.SCALE_DIGITS);
    }
}
