package io.liquidator.engine.cluster.shard;

import io.liquidator.engine.config.ConfigException;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.config.ShardSpec;
import io.liquidator.engine.config.ShardsSection;
import io.liquidator.engine.instrument.Instrument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which shard holds which settlement asset, and so which instrument: the one routing rule of a
 * venue split over several clusters (shards), each running its own engine.
 *
 * <p>The rule: <b>shards are assigned whole settlement assets; an instrument goes to the shard of
 * its settlement asset.</b> Why: a cross wallet is per (account, settlement asset) and backs every
 * cross position of the account on the instruments settled in that asset, so one liquidation
 * decision reads every leg of the book; and the insurance fund and the ADL queue are per
 * settlement asset too. With whole assets per shard, every decision the engine takes needs only
 * its own shard's state: a sharded venue liquidates, margin-calls, pays from the funds and
 * deleverages exactly as one engine would, asset by asset ({@code ShardedRunEquivalenceTest}; the
 * two differences, a rejection of a close by an account the shard never saw and a price guard's
 * staleness clock, are in docs-sharding.md). The price is that one asset cannot be split: the
 * largest asset bounds a shard.
 *
 * <p>Ids are the configuration's: instruments are numbered 0..n-1 in file order with no gaps (the
 * engine requires it), assets as {@link LiquidatorConfig#settlementAssets()} numbers them. Every
 * shard's engine is built with the whole configuration, so ids mean the same thing everywhere; it
 * only ever receives its own instruments' inputs. An instrument update keeps the settlement asset
 * (the engine rejects one that changes it), so an instrument never moves between shards.
 *
 * <p>An id the configuration does not have (a corrupt or hostile input) belongs to <b>shard 0</b>:
 * it has no asset to route by, and its rejection ({@code UNKNOWN_INSTRUMENT}, {@code UNKNOWN_ASSET})
 * must still be journaled, once, in input order; shard 0's engine does exactly that.
 *
 * <p>Built once at start-up from the configuration's {@code shards:} list ({@link #of(LiquidatorConfig)})
 * or a list given in code; every mistake is a {@link ConfigException} at the offending entry.
 * Immutable; the lookups are array reads, safe from any thread.
 */
public final class ShardMap {
    /** The name of the one shard of a configuration without a {@code shards:} list. */
    public static final String SINGLE_SHARD = "all";
    /** Shard names end up in directory and cluster names: keep them plain. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    /** How many symbols a row of {@link #describe()} lists before it only counts the rest. */
    private static final int SYMBOLS_SHOWN = 10;

    private final String[] names;
    private final List<List<String>> assets;
    private final List<List<Instrument>> instruments;
    /** By asset id: its shard. */
    private final int[] shardOfAsset;
    /** By instrument id: the shard of its settlement asset. */
    private final int[] shardOfInstrument;

    private ShardMap(final String[] names, final List<List<String>> assets, final List<List<Instrument>> instruments,
                     final int[] shardOfAsset, final int[] shardOfInstrument) {
        this.names = names;
        this.assets = assets;
        this.instruments = instruments;
        this.shardOfAsset = shardOfAsset;
        this.shardOfInstrument = shardOfInstrument;
    }

    /**
     * The shards the configuration's {@code shards:} list gives; without one, a single shard named
     * {@value #SINGLE_SHARD} holding every settlement asset.
     *
     * @throws ConfigException at the file, line and key of the first problem
     */
    public static ShardMap of(final LiquidatorConfig config) {
        return of(config, config.shards());
    }

    /**
     * The shards {@code specs} gives, in order (the index of each is its shard number); an empty
     * list means a single shard named {@value #SINGLE_SHARD} holding every settlement asset.
     *
     * @throws ConfigException naming {@value ShardsSection#IN_CODE} and the key of the first problem
     */
    public static ShardMap of(final LiquidatorConfig config, final List<ShardSpec> specs) {
        return of(config, ShardsSection.of(specs));
    }

    private static ShardMap of(final LiquidatorConfig config, final ShardsSection section) {
        final List<String> settlement = config.settlementAssets();
        final List<ShardSpec> specs = section.isEmpty()
            ? List.of(ShardSpec.of(SINGLE_SHARD, settlement))
            : section.shards();
        final String[] names = new String[specs.size()];
        final int[] shardOfAsset = new int[settlement.size()];
        Arrays.fill(shardOfAsset, -1);
        final Map<String, Integer> byName = new HashMap<>();
        for (int s = 0; s < specs.size(); s++) {
            final ShardSpec spec = specs.get(s);
            names[s] = checkName(section, s, spec, byName);
            if (spec.assets().isEmpty()) {
                throw section.assetsError(s, "shard '" + spec.name() + "' holds no settlement asset: give it at least"
                    + " one (settlement assets: " + String.join(", ", settlement) + ")");
            }
            for (int k = 0; k < spec.assets().size(); k++) {
                final int asset = checkAsset(section, s, k, spec, config, shardOfAsset, names);
                shardOfAsset[asset] = s;
            }
        }
        final List<String> homeless = new ArrayList<>();
        for (int a = 0; a < shardOfAsset.length; a++) {
            if (shardOfAsset[a] < 0) {
                homeless.add(settlement.get(a));
            }
        }
        if (!homeless.isEmpty()) {
            throw section.error((homeless.size() == 1 ? "settlement asset " + homeless.get(0) + " is"
                : "settlement assets " + String.join(", ", homeless) + " are") + " in no shard: every settlement"
                + " asset needs exactly one, or its instruments' inputs have nowhere to go");
        }
        final List<Instrument> all = config.instruments();
        final int[] shardOfInstrument = new int[all.size()];
        final List<List<Instrument>> held = new ArrayList<>();
        final List<List<String>> assets = new ArrayList<>();
        for (int s = 0; s < names.length; s++) {
            held.add(new ArrayList<>());
            assets.add(List.copyOf(specs.get(s).assets()));
        }
        for (final Instrument i : all) {
            final int s = shardOfAsset[config.assetId(i.settlementAsset())];
            shardOfInstrument[i.id()] = s;
            held.get(s).add(i);
        }
        final List<List<Instrument>> instruments = new ArrayList<>();
        for (final List<Instrument> h : held) {
            instruments.add(List.copyOf(h));
        }
        return new ShardMap(names, List.copyOf(assets), List.copyOf(instruments), shardOfAsset, shardOfInstrument);
    }

    private static String checkName(final ShardsSection section, final int s, final ShardSpec spec,
                                    final Map<String, Integer> byName) {
        final String name = spec.name();
        if (name.isEmpty()) {
            throw section.nameError(s, "a shard needs a name");
        }
        if (!NAME.matcher(name).matches()) {
            throw section.nameError(s, "'" + name + "' is not a valid shard name (letters, digits, _ and -;"
                + " at most 32)");
        }
        final Integer first = byName.putIfAbsent(name, s);
        if (first != null) {
            throw section.nameError(s, "shard name '" + name + "' is already used by shards[" + first + "]");
        }
        return name;
    }

    /** The id of asset {@code k} of shard {@code s}, once it is a settlement asset no earlier entry holds. */
    private static int checkAsset(final ShardsSection section, final int s, final int k, final ShardSpec spec,
                                  final LiquidatorConfig config, final int[] shardOfAsset, final String[] names) {
        final String asset = spec.assets().get(k);
        if (!config.assets().containsKey(asset)) {
            throw section.assetError(s, k, "unknown asset '" + asset + "' (assets defined: "
                + String.join(", ", config.assets().keySet()) + ")");
        }
        final int id = config.assetId(asset);
        if (id < 0) {
            throw section.assetError(s, k, "no instrument settles in " + asset + ", so it has nothing to shard"
                + " (settlement assets: " + String.join(", ", config.settlementAssets()) + ")");
        }
        final int owner = shardOfAsset[id];
        if (owner == s) {
            throw section.assetError(s, k, asset + " is listed twice in shard '" + names[s] + "'");
        }
        if (owner >= 0) {
            throw section.assetError(s, k, asset + " is already in shard '" + names[owner] + "' (shards[" + owner
                + "]): an asset's instruments, cross wallets, insurance fund and ADL queue must live on one shard");
        }
        return id;
    }

    public int shardCount() {
        return names.length;
    }

    /** @throws IndexOutOfBoundsException if there is no such shard */
    public String name(final int shard) {
        return names[shard];
    }

    /** The number of the shard called {@code name}, or -1 (how a node finds its own from its name). */
    public int indexOf(final String name) {
        for (int s = 0; s < names.length; s++) {
            if (names[s].equals(name)) {
                return s;
            }
        }
        return -1;
    }

    /** The settlement asset names shard {@code shard} holds, in the order written. */
    public List<String> assetsOf(final int shard) {
        return assets.get(shard);
    }

    /** The instruments shard {@code shard} holds (as the configuration defines them), ascending ids. */
    public List<Instrument> instrumentsOf(final int shard) {
        return instruments.get(shard);
    }

    /**
     * The shard of settlement asset {@code assetId} ({@link LiquidatorConfig#assetId}); 0 for an id
     * the configuration does not have, whose rejection shard 0's engine journals.
     */
    public int shardOfAsset(final int assetId) {
        return assetId >= 0 && assetId < shardOfAsset.length ? shardOfAsset[assetId] : 0;
    }

    /**
     * The shard of instrument {@code instrumentId}: the shard of its settlement asset; 0 for an id
     * the configuration does not have, whose rejection shard 0's engine journals.
     */
    public int shardOfInstrument(final int instrumentId) {
        return instrumentId >= 0 && instrumentId < shardOfInstrument.length ? shardOfInstrument[instrumentId] : 0;
    }

    /**
     * A table for a person: one row per shard with its number, name, assets and instruments (the
     * count, then the first {@value #SYMBOLS_SHOWN} symbols).
     */
    public String describe() {
        final String[][] rows = new String[names.length + 1][];
        rows[0] = new String[] {"shard", "name", "assets", "instruments"};
        for (int s = 0; s < names.length; s++) {
            rows[s + 1] = new String[] {Integer.toString(s), names[s], String.join(", ", assets.get(s)),
                symbols(instruments.get(s))};
        }
        final int[] width = new int[3];
        for (final String[] row : rows) {
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        final StringBuilder sb = new StringBuilder();
        for (final String[] row : rows) {
            for (int c = 0; c < width.length; c++) {
                sb.append(row[c]).append(" ".repeat(width[c] - row[c].length() + 2));
            }
            sb.append(row[3]).append('\n');
        }
        return sb.toString();
    }

    private static String symbols(final List<Instrument> held) {
        final StringBuilder sb = new StringBuilder().append(held.size()).append(':');
        for (int k = 0; k < held.size() && k < SYMBOLS_SHOWN; k++) {
            sb.append(k == 0 ? " " : ", ").append(held.get(k).symbol());
        }
        if (held.size() > SYMBOLS_SHOWN) {
            sb.append(", ... (").append(held.size() - SYMBOLS_SHOWN).append(" more)");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("ShardMap[");
        for (int s = 0; s < names.length; s++) {
            sb.append(s == 0 ? "" : ", ").append(names[s]).append('=').append(assets.get(s));
        }
        return sb.append(']').toString();
    }
}
