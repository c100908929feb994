package io.liquidator.engine.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes test input files byte for byte (line endings, a BOM, as the test gives them). */
final class TestFiles {
    private TestFiles() {
    }

    /** Writes {@code lines} each followed by "\n". */
    static Path lines(final Path dir, final String name, final String... lines) {
        return write(dir, name, String.join("\n", lines) + "\n");
    }

    static Path write(final Path dir, final String name, final String content) {
        final Path p = dir.resolve(name);
        try {
            Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
