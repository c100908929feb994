package io.liquidator.engine.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Finds and reads the published vector files in place ({@code <repo>/../shared/vectors}), never a
 * copy. The folder comes from the system property {@code liquidator.shared.dir} (surefire sets it to
 * {@code <repo>/../shared}); without it, the test walks up from {@code user.dir} looking for a
 * {@code shared/vectors} folder next to one of the ancestors.
 */
final class VectorFiles {
    static final String PROPERTY = "liquidator.shared.dir";

    private static final ObjectMapper JSON = new ObjectMapper();

    private VectorFiles() {
    }

    /** One file as published: its {@code count} field and its vectors in order. */
    record VectorFile(String name, Path path, int declaredCount, List<JsonNode> vectors) {
    }

    static Path locate() {
        final List<Path> tried = new ArrayList<>();
        final String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            final Path candidate = Paths.get(property).resolve("vectors");
            tried.add(candidate);
            if (Files.isDirectory(candidate)) {
                return canonical(candidate);
            }
        }
        for (Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            final Path inside = dir.resolve("shared").resolve("vectors");
            tried.add(inside);
            if (Files.isDirectory(inside)) {
                return canonical(inside);
            }
            if (dir.getParent() != null) {
                final Path sibling = dir.resolveSibling("shared").resolve("vectors");
                tried.add(sibling);
                if (Files.isDirectory(sibling)) {
                    return canonical(sibling);
                }
            }
        }
        throw new IllegalStateException("shared/vectors not found; set -D" + PROPERTY + "=<repo>/../shared (tried " + tried + ")");
    }

    static VectorFile load(final Path dir, final String name) {
        final Path path = dir.resolve(name);
        try {
            final JsonNode root = JSON.readTree(path.toFile());
            final JsonNode count = root.get("count");
            if (count == null || !count.canConvertToInt()) {
                throw new IllegalStateException(name + " has no integer count field");
            }
            final JsonNode array = root.get("vectors");
            if (array == null || !array.isArray()) {
                throw new IllegalStateException(name + " has no vectors array");
            }
            final List<JsonNode> vectors = new ArrayList<>();
            array.forEach(vectors::add);
            return new VectorFile(name, path, count.asInt(), Collections.unmodifiableList(vectors));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static Path canonical(final Path p) {
        try {
            return p.toRealPath();
        } catch (final IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
