package io.liquidator.engine.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML document into {@link ConfigNode}s with Jackson's streaming parser.
 *
 * <p>Why streaming rather than {@code ObjectMapper.readTree}: the tree model turns an unquoted
 * {@code 0.0065} into a {@code double} and forgets line numbers; the streaming parser hands over
 * each scalar's source text ({@code getText()}) and each token's location. Duplicate keys and
 * aliases, which the tree model would silently resolve, are rejected.
 */
final class YamlTreeReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private YamlTreeReader() {
    }

    static ConfigNode read(final Reader reader, final String source) {
        try (YAMLParser p = FACTORY.createParser(reader)) {
            if (p.nextToken() == null) {
                throw new ConfigException(source, 1, "", "the configuration is empty");
            }
            final ConfigNode root = readValue(p, source, "", line(p));
            if (p.nextToken() != null) {
                throw new ConfigException(source, line(p), "", "only one YAML document is allowed");
            }
            return root;
        } catch (final JsonProcessingException e) {
            final JsonLocation at = e.getLocation();
            throw new ConfigException(source, at == null ? 0 : at.getLineNr(), "",
                "not valid YAML: " + summary(e.getOriginalMessage()));
        } catch (final IOException e) {
            throw new ConfigException(source, 0, "", "cannot read: " + e.getMessage());
        }
    }

    private static ConfigNode readValue(final YAMLParser p, final String source, final String path, final int line)
        throws IOException {
        final JsonToken t = p.currentToken();
        if (p.isCurrentAlias()) {
            throw new ConfigException(source, line(p), path, "YAML aliases (*name) are not supported; write the value out");
        }
        switch (t) {
            case START_OBJECT:
                return readMap(p, source, path, line);
            case START_ARRAY:
                return readList(p, source, path, line);
            case VALUE_NULL:
                return ConfigNode.nullValue(source, path, line);
            case VALUE_STRING:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
            case VALUE_TRUE:
            case VALUE_FALSE:
                return ConfigNode.scalar(source, path, line, p.getText());
            default:
                throw new ConfigException(source, line(p), path, "unsupported YAML value (" + t + ")");
        }
    }

    private static ConfigNode readMap(final YAMLParser p, final String source, final String path, final int line)
        throws IOException {
        final Map<String, ConfigNode> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            final String key = p.currentName();
            final int keyLine = line(p);
            final String childPath = ConfigNode.childPath(path, key);
            if (fields.containsKey(key)) {
                throw new ConfigException(source, keyLine, childPath, "duplicate key '" + key + "'");
            }
            p.nextToken();
            fields.put(key, readValue(p, source, childPath, keyLine));
        }
        return ConfigNode.map(source, path, line, fields);
    }

    private static ConfigNode readList(final YAMLParser p, final String source, final String path, final int line)
        throws IOException {
        final List<ConfigNode> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            items.add(readValue(p, source, ConfigNode.itemPath(path, items.size()), line(p)));
        }
        return ConfigNode.list(source, path, line, items);
    }

    private static int line(final YAMLParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    /**
     * SnakeYAML's message on one line: its sentences ("while parsing a flow sequence", "expected
     * ',' or ']'") without the location, source excerpt and caret lines that follow each.
     */
    static String summary(final String message) {
        if (message == null || message.isBlank()) {
            return "syntax error";
        }
        final String[] lines = message.split("\n");
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            final String l = lines[i].trim();
            if (l.startsWith("in '")) {
                i += 2; // the excerpt and the caret under it
                continue;
            }
            if (!l.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : "; ").append(l);
            }
        }
        return sb.length() == 0 ? lines[0].trim() : sb.toString();
    }
}
