package io.liquidator.engine.config;

import java.util.List;

/**
 * The optional top-level {@code shards:} list: which settlement assets each shard (each cluster)
 * of a sharded deployment holds. Read as written ({@link ShardsSectionReader} checks the shape);
 * the rules, against the instruments, are the shard map's
 * ({@code io.liquidator.engine.cluster.shard.ShardMap}), which also says why shards are made of
 * whole settlement assets. An engine that runs every asset itself never looks at it.
 *
 * <pre>
 * shards:
 *   - {name: usdt, assets: [USDT]}
 *   - {name: coin, assets: [BTC, ETH]}
 * </pre>
 *
 * <p>Absent or empty: {@link #isEmpty()}, which the shard map reads as one shard holding every
 * asset. Also where its problems are reported: the {@code *Error} methods build a
 * {@link ConfigException} at the file, line and key path of the offending text ({@code shards[1].assets[0]}),
 * or, for a list given in code, at {@value #IN_CODE} and line 0.
 */
public final class ShardsSection {
    /** The source named in the errors of a shard list given in code. */
    public static final String IN_CODE = "shard list";

    private final String source;
    private final int line;
    private final List<ShardSpec> shards;

    ShardsSection(final String source, final int line, final List<ShardSpec> shards) {
        this.source = source;
        this.line = line;
        this.shards = List.copyOf(shards);
    }

    /** A shard list given in code; its errors name {@value #IN_CODE}. */
    public static ShardsSection of(final List<ShardSpec> shards) {
        return new ShardsSection(IN_CODE, 0, shards);
    }

    /** The shards in the order written: the index of each is its shard number. */
    public List<ShardSpec> shards() {
        return shards;
    }

    /** No {@code shards:} key, an empty one, or {@code []}. */
    public boolean isEmpty() {
        return shards.isEmpty();
    }

    /** A problem with the list as a whole (an asset no shard holds), at the {@code shards} key. */
    public ConfigException error(final String detail) {
        return new ConfigException(source, line, ShardsSectionReader.SHARDS, detail);
    }

    /** A problem with the name of shard {@code shard}. */
    public ConfigException nameError(final int shard, final String detail) {
        return new ConfigException(source, shards.get(shard).nameLine(),
            ConfigNode.childPath(item(shard), ShardsSectionReader.NAME), detail);
    }

    /** A problem with the asset list of shard {@code shard} as a whole (it is empty). */
    public ConfigException assetsError(final int shard, final String detail) {
        return new ConfigException(source, shards.get(shard).assetsLine(),
            ConfigNode.childPath(item(shard), ShardsSectionReader.ASSETS), detail);
    }

    /** A problem with asset {@code k} of shard {@code shard}. */
    public ConfigException assetError(final int shard, final int k, final String detail) {
        return new ConfigException(source, shards.get(shard).assetLine(k),
            ConfigNode.itemPath(ConfigNode.childPath(item(shard), ShardsSectionReader.ASSETS), k), detail);
    }

    private static String item(final int shard) {
        return ConfigNode.itemPath(ShardsSectionReader.SHARDS, shard);
    }

    @Override
    public String toString() {
        return shards.toString();
    }
}
