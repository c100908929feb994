package io.liquidator.engine.config;

import io.liquidator.engine.core.PriceGuard;
import io.liquidator.engine.instrument.Instrument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the document tree into a {@link LiquidatorConfig}: the top-level keys, the assets, then
 * each instrument in order (its position in the list is its id) with its optional price guard.
 */
final class ConfigLoader {
    static final String ASSETS = "assets";
    static final String INSTRUMENTS = "instruments";
    static final String BALANCE_SCALE = "balance_scale";
    private static final Set<String> TOP_KEYS = Set.of(ASSETS, INSTRUMENTS, EngineSectionReader.ENGINE,
        ShardsSectionReader.SHARDS);
    private static final Set<String> ASSET_KEYS = Set.of(BALANCE_SCALE);

    private ConfigLoader() {
    }

    static LiquidatorConfig load(final ConfigNode root, final String source) {
        root.requireMap().allowOnly(TOP_KEYS);
        final Map<String, Integer> assets = assets(root.required(ASSETS));
        final ConfigNode list = root.required(INSTRUMENTS);
        final List<ConfigNode> items = list.requireList();
        if (items.isEmpty()) {
            throw list.error("needs at least one instrument");
        }
        final List<Instrument> instruments = new ArrayList<>(items.size());
        final Map<String, Integer> seen = new LinkedHashMap<>();
        final Map<Integer, PriceGuard> guards = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            final ConfigNode item = items.get(i);
            final Instrument inst = InstrumentReader.read(item, i, assets);
            final Integer first = seen.putIfAbsent(inst.symbol(), i);
            if (first != null) {
                throw item.required(InstrumentReader.SYMBOL).error("symbol '" + inst.symbol()
                    + "' is already defined by " + ConfigNode.itemPath(INSTRUMENTS, first));
            }
            instruments.add(inst);
            final int id = i;
            PriceGuardReader.read(item).ifPresent(g -> guards.put(id, g));
        }
        return new LiquidatorConfig(source, assets, instruments, guards);
    }

    /**
     * The optional {@code engine:} section, read against the configuration its instruments and
     * assets make (see {@link EngineSectionReader}).
     */
    static EngineSection engine(final ConfigNode root, final LiquidatorConfig config) {
        return EngineSectionReader.read(root, config.assets(), config.settlementAssets());
    }

    /** The optional {@code shards:} list, as written (see {@link ShardsSectionReader}). */
    static ShardsSection shards(final ConfigNode root, final String source) {
        return ShardsSectionReader.read(root, source);
    }

    private static Map<String, Integer> assets(final ConfigNode node) {
        final Map<String, Integer> assets = new LinkedHashMap<>();
        for (final Map.Entry<String, ConfigNode> e : node.entries()) {
            final ConfigNode asset = e.getValue();
            if (!e.getKey().matches("[A-Za-z0-9_]{1,16}")) {
                throw asset.error("'" + e.getKey() + "' is not a valid asset name (letters, digits, _; at most 16)");
            }
            asset.requireMap().allowOnly(ASSET_KEYS);
            assets.put(e.getKey(), ConfigValues.integer(asset.required(BALANCE_SCALE), 0, ConfigValues.MAX_SCALE));
        }
        if (assets.isEmpty()) {
            throw node.error("needs at least one asset");
        }
        return assets;
    }
}
