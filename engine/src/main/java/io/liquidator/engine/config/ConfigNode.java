package io.liquidator.engine.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One node of a parsed YAML document, remembering its key path and line so that every validation
 * error can name both. Scalars keep their source text exactly as written: decimals are read from
 * this text with {@code Decimals.parse}, never through a {@code double}, so {@code 0.0065} stays
 * 0.0065 and an 18-digit cap keeps all its digits.
 */
final class ConfigNode {
    enum Kind { MAP, LIST, SCALAR, NULL }

    private final Kind kind;
    private final String source;
    private final String path;
    private final int line;
    private final String text;
    private final Map<String, ConfigNode> fields;
    private final List<ConfigNode> items;

    private ConfigNode(final Kind kind, final String source, final String path, final int line, final String text,
                       final Map<String, ConfigNode> fields, final List<ConfigNode> items) {
        this.kind = kind;
        this.source = source;
        this.path = path;
        this.line = line;
        this.text = text;
        this.fields = fields;
        this.items = items;
    }

    static ConfigNode map(final String source, final String path, final int line, final Map<String, ConfigNode> fields) {
        return new ConfigNode(Kind.MAP, source, path, line, null, Collections.unmodifiableMap(fields), List.of());
    }

    static ConfigNode list(final String source, final String path, final int line, final List<ConfigNode> items) {
        return new ConfigNode(Kind.LIST, source, path, line, null, Map.of(), List.copyOf(items));
    }

    static ConfigNode scalar(final String source, final String path, final int line, final String text) {
        return new ConfigNode(Kind.SCALAR, source, path, line, text, Map.of(), List.of());
    }

    static ConfigNode nullValue(final String source, final String path, final int line) {
        return new ConfigNode(Kind.NULL, source, path, line, null, Map.of(), List.of());
    }

    static String childPath(final String parent, final String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String itemPath(final String parent, final int index) {
        return parent + "[" + index + "]";
    }

    Kind kind() {
        return kind;
    }

    String path() {
        return path;
    }

    /** The line where this node was introduced: its key's line for a map entry, else its own. */
    int line() {
        return line;
    }

    /** A user error located at this node. */
    ConfigException error(final String detail) {
        return new ConfigException(source, line, path, detail);
    }

    ConfigNode requireMap() {
        if (kind != Kind.MAP) {
            throw error("must be a mapping of keys to values, found " + describe());
        }
        return this;
    }

    List<ConfigNode> requireList() {
        if (kind != Kind.LIST) {
            throw error("must be a list, found " + describe());
        }
        return items;
    }

    /** The scalar's source text, trimmed. */
    String text() {
        if (kind != Kind.SCALAR) {
            throw error("must be a single value, found " + describe());
        }
        final String t = text.trim();
        if (t.isEmpty()) {
            throw error("must not be empty");
        }
        return t;
    }

    /**
     * Whether the node holds nothing: an explicit null ({@code ~}) or a key written with no value
     * ({@code key:}, which the YAML parser reads as an empty scalar).
     */
    boolean isBlank() {
        return kind == Kind.NULL || (kind == Kind.SCALAR && text.trim().isEmpty());
    }

    /** Rejects any key outside {@code allowed}, naming the key and its line. */
    ConfigNode allowOnly(final Set<String> allowed) {
        requireMap();
        for (final Map.Entry<String, ConfigNode> e : fields.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw e.getValue().error("unknown key '" + e.getKey() + "' (allowed here: "
                    + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        return this;
    }

    /** A key that must be present with a value. */
    ConfigNode required(final String key) {
        requireMap();
        final ConfigNode child = fields.get(key);
        if (child == null) {
            throw new ConfigException(source, line, childPath(path, key), "missing (required)");
        }
        if (child.kind == Kind.NULL) {
            throw child.error("needs a value");
        }
        return child;
    }

    /** A key that may be absent; an explicit null ({@code key:} or {@code ~}) counts as absent. */
    Optional<ConfigNode> optional(final String key) {
        requireMap();
        final ConfigNode child = fields.get(key);
        return child == null || child.kind == Kind.NULL ? Optional.empty() : Optional.of(child);
    }

    /** Entries of a mapping in document order. */
    Set<Map.Entry<String, ConfigNode>> entries() {
        return requireMap().fields.entrySet();
    }

    private String describe() {
        switch (kind) {
            case MAP:
                return "a mapping";
            case LIST:
                return "a list";
            case NULL:
                return "nothing";
            default:
                return "'" + text + "'";
        }
    }
}
