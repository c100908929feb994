package io.liquidator.engine.config;

import java.util.List;
import java.util.Objects;

/**
 * One shard as it is written: a name and the settlement assets it holds. Only what was written:
 * whether the assets exist, settle some instrument and have exactly one shard each is checked by
 * the shard map ({@code io.liquidator.engine.cluster.shard.ShardMap}) against the instruments.
 *
 * <p>A spec read from a file remembers the lines of its name, of its asset list and of each asset,
 * so that those checks can point at the text ({@link ShardsSection}); one built with
 * {@link #of} has none (line 0).
 */
public final class ShardSpec {
    private final String name;
    private final List<String> assets;
    private final int nameLine;
    private final int assetsLine;
    private final int[] assetLines;

    ShardSpec(final String name, final List<String> assets, final int nameLine, final int assetsLine,
              final int[] assetLines) {
        this.name = Objects.requireNonNull(name, "name");
        this.assets = List.copyOf(assets);
        this.nameLine = nameLine;
        this.assetsLine = assetsLine;
        this.assetLines = assetLines.clone();
        if (assetLines.length != assets.size()) {
            throw new IllegalArgumentException("one line per asset: " + assets.size() + " assets, "
                + assetLines.length + " lines");
        }
    }

    /** A shard holding {@code assets} (settlement asset names), given in code rather than read from a file. */
    public static ShardSpec of(final String name, final List<String> assets) {
        return new ShardSpec(name, assets, 0, 0, new int[assets.size()]);
    }

    /** A shard holding {@code assets} (settlement asset names), given in code rather than read from a file. */
    public static ShardSpec of(final String name, final String... assets) {
        return of(name, List.of(assets));
    }

    public String name() {
        return name;
    }

    /** Settlement asset names, as written (not checked here). */
    public List<String> assets() {
        return assets;
    }

    int nameLine() {
        return nameLine;
    }

    int assetsLine() {
        return assetsLine;
    }

    int assetLine(final int k) {
        return assetLines[k];
    }

    @Override
    public String toString() {
        return name + " " + assets;
    }
}
