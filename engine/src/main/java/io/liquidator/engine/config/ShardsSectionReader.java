package io.liquidator.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the optional top-level {@code shards:} list into a {@link ShardsSection}: its shape only
 * (a list of {@code {name, assets}} mappings, a name, a list of asset names), at key and line.
 * What the names mean is checked by the shard map against the instruments, with the lines kept
 * here.
 */
final class ShardsSectionReader {
    static final String SHARDS = "shards";
    static final String NAME = "name";
    static final String ASSETS = "assets";
    private static final Set<String> KEYS = Set.of(NAME, ASSETS);
    private static final String EXAMPLE = "{name: usdt, assets: [USDT]}";

    private ShardsSectionReader() {
    }

    static ShardsSection read(final ConfigNode root, final String source) {
        final Optional<ConfigNode> section = root.optional(SHARDS);
        if (section.isEmpty() || section.get().isBlank()) {
            return new ShardsSection(source, 0, List.of());
        }
        final ConfigNode node = section.get();
        if (node.kind() != ConfigNode.Kind.LIST) {
            throw node.error("must be a list of shards such as - " + EXAMPLE);
        }
        final List<ShardSpec> shards = new ArrayList<>();
        for (final ConfigNode item : node.requireList()) {
            if (item.kind() != ConfigNode.Kind.MAP) {
                throw item.error("a shard is a mapping such as " + EXAMPLE);
            }
            item.allowOnly(KEYS);
            final ConfigNode name = item.required(NAME);
            final ConfigNode assets = item.required(ASSETS);
            if (assets.kind() != ConfigNode.Kind.LIST) {
                throw assets.error("must be a list of settlement assets such as [USDT]");
            }
            final List<ConfigNode> listed = assets.requireList();
            final List<String> names = new ArrayList<>(listed.size());
            final int[] lines = new int[listed.size()];
            for (int k = 0; k < listed.size(); k++) {
                names.add(listed.get(k).text());
                lines[k] = listed.get(k).line();
            }
            // an empty name is the shard map's to refuse, with the same words as one given in code
            shards.add(new ShardSpec(name.isBlank() ? "" : name.text(), names, name.line(), assets.line(), lines));
        }
        return new ShardsSection(source, node.line(), shards);
    }
}
