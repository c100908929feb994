package io.liquidator.engine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one line of a calculator batch into its id and the text of each input field.
 *
 * <p>Jackson's streaming parser, because it returns a JSON number's literal text: {@code 1.50} or
 * {@code 60000.1} reach {@code Decimals.parse} exactly as written, never through a {@code double}.
 * Decimals may be JSON strings (the documented form) or numbers; duplicate and unknown keys are
 * refused. The id is recovered whenever the line is valid JSON, so an error can be matched to its
 * input.
 */
final class BatchLineParser {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private BatchLineParser() {
    }

    /** The id and field texts of a line, or the id (maybe {@link RequestId#NONE}) and an error. */
    record Line(RequestId id, Map<InputField, String> fields, String error) {
        static Line failed(final RequestId id, final String error) {
            return new Line(id, Map.of(), error);
        }
    }

    private record Value(JsonToken token, String text) {
    }

    static Line parse(final String line) {
        if (line.isBlank()) {
            return Line.failed(RequestId.NONE, "empty line (expected a JSON object)");
        }
        final Map<String, Value> raw;
        try {
            raw = readObject(line);
        } catch (final JsonProcessingException e) {
            return Line.failed(RequestId.NONE, "invalid JSON: " + oneLine(e.getOriginalMessage()));
        } catch (final IOException | IllegalArgumentException e) {
            return Line.failed(RequestId.NONE, oneLine(e.getMessage()));
        }
        final Value idValue = raw.get(InputField.ID.key());
        RequestId id = RequestId.NONE;
        if (idValue == null) {
            return Line.failed(id, "missing key id");
        }
        switch (idValue.token()) {
            case VALUE_STRING:
                id = RequestId.string(idValue.text());
                break;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                id = RequestId.number(idValue.text());
                break;
            case VALUE_NULL:
                break;
            default:
                return Line.failed(id, "id must be a string, a number or null");
        }
        final Map<InputField, String> fields = new EnumMap<>(InputField.class);
        for (final Map.Entry<String, Value> e : raw.entrySet()) {
            final InputField f = InputField.byKey(e.getKey());
            if (f == null) {
                return Line.failed(id, "unknown key " + Display.echo(e.getKey()));
            }
            if (f == InputField.ID) {
                continue;
            }
            final String problem = accept(f, e.getValue(), fields);
            if (problem != null) {
                return Line.failed(id, problem);
            }
        }
        return new Line(id, fields, null);
    }

    /** Stores the field's text; returns a problem, or null. */
    private static String accept(final InputField f, final Value v, final Map<InputField, String> fields) {
        final boolean textual = f == InputField.INSTRUMENT || f == InputField.SIDE || f == InputField.MARGIN_MODE;
        switch (v.token()) {
            case VALUE_STRING:
                fields.put(f, v.text());
                return null;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                if (textual) {
                    return f.key() + " must be a JSON string";
                }
                fields.put(f, v.text());
                return null;
            case VALUE_NULL:
                return f == InputField.MARK_PRICE ? null : f.key() + " must not be null";
            default:
                return f.key() + (textual ? " must be a JSON string" : " must be a decimal (as a JSON string)");
        }
    }

    private static Map<String, Value> readObject(final String line) throws IOException {
        final Map<String, Value> out = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("each line must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                final String key = p.currentName();
                final JsonToken v = p.nextToken();
                final String text = v.isScalarValue() ? p.getText() : null;
                if (v.isStructStart()) {
                    p.skipChildren();
                }
                if (out.put(key, new Value(v, text)) != null) {
                    throw new IllegalArgumentException("duplicate key " + Display.echo(key));
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("unexpected content after the JSON object");
            }
        }
        return out;
    }

    private static String oneLine(final String message) {
        if (message == null) {
            return "unreadable line";
        }
        final int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
