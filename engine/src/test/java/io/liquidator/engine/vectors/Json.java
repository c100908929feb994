package io.liquidator.engine.vectors;

import com.fasterxml.jackson.databind.JsonNode;

/** Field access on a vector: numbers are published as strings and are read as text, never as doubles. */
final class Json {
    private Json() {
    }

    static boolean has(final JsonNode node, final String field) {
        return node != null && node.hasNonNull(field);
    }

    /** A required field's text; a missing field is a harness error naming the field. */
    static String text(final JsonNode node, final String field) {
        if (!has(node, field)) {
            throw new IllegalArgumentException("vector has no field '" + field + "'");
        }
        final JsonNode n = node.get(field);
        if (!n.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is not a string (numbers must be published as text): " + n);
        }
        return n.asText();
    }

    /** An optional field's text, or null. */
    static String opt(final JsonNode node, final String field) {
        return has(node, field) ? text(node, field) : null;
    }

    /** The first of {@code fields} the node has, or null. */
    static String first(final JsonNode node, final String... fields) {
        for (final String f : fields) {
            if (has(node, f)) {
                return text(node, f);
            }
        }
        return null;
    }

    static String id(final JsonNode vector) {
        return has(vector, "id") ? vector.get("id").asText() : "<no id>";
    }

    static String kind(final JsonNode vector) {
        return has(vector, "kind") ? vector.get("kind").asText() : "<no kind>";
    }
}
