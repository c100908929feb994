package io.liquidator.engine.replay;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A text file's non-blank lines, one at a time, split at commas into field offsets.
 *
 * <p>Streaming because replay files can hold tens of millions of rows. Fields are offsets into the
 * line rather than substrings, so a row costs one {@code String} and the parsers read it in place.
 * Line numbers count every physical line (blank ones included) so that a rejection points at the
 * line an editor shows. A UTF-8 byte-order mark on the first line and CRLF endings are tolerated;
 * undecodable bytes become U+FFFD (and so fail the field they are in) rather than aborting the file.
 * No quoting: none of the formats read here has a field that could hold a comma.
 */
final class CsvLines implements Closeable {
    private static final char BOM = '\uFEFF';

    private final BufferedReader reader;
    private final String file;
    private String line;
    private long number;
    private boolean pushedBack;
    private int count;
    private int[] starts = new int[16];
    private int[] ends = new int[16];

    private CsvLines(final BufferedReader reader, final String file) {
        this.reader = reader;
        this.file = file;
    }

    /** @throws ReplayFileException if the file cannot be opened */
    static CsvLines open(final Path path) {
        final String name = path.toString();
        try {
            // InputStreamReader with a Charset replaces malformed input (Files.newBufferedReader would throw)
            return new CsvLines(new BufferedReader(
                new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8), 1 << 16), name);
        } catch (final NoSuchFileException e) {
            throw new ReplayFileException(name + ": no such file");
        } catch (final AccessDeniedException e) {
            throw new ReplayFileException(name + ": permission denied");
        } catch (final IOException e) {
            throw new ReplayFileException(name + ": cannot open: " + e.getMessage());
        }
    }

    String file() {
        return file;
    }

    /**
     * Moves to the next non-blank line (or gives the pushed-back one again).
     *
     * @return false at the end of the file
     * @throws ReplayFileException if reading fails
     */
    boolean next() {
        if (pushedBack) {
            pushedBack = false;
            return true;
        }
        while (true) {
            String l;
            try {
                l = reader.readLine();
            } catch (final IOException e) {
                throw new ReplayFileException(file + ": read error after line " + number + ": " + e.getMessage());
            }
            if (l == null) {
                line = null;
                count = 0;
                return false;
            }
            number++;
            if (number == 1 && !l.isEmpty() && l.charAt(0) == BOM) {
                l = l.substring(1);
            }
            if (l.isBlank()) {
                continue;
            }
            line = l;
            split();
            return true;
        }
    }

    /** Makes the next {@link #next()} return the current line again (a file whose header is optional). */
    void pushBack() {
        pushedBack = true;
    }

    private void split() {
        final String l = line;
        final int len = l.length();
        int n = 0;
        int from = 0;
        while (true) {
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
            }
            final int comma = l.indexOf(',', from);
            starts[n] = from;
            if (comma < 0) {
                ends[n++] = len;
                break;
            }
            ends[n++] = comma;
            from = comma + 1;
        }
        count = n;
    }

    /** 1-based physical line number of the current line. */
    long lineNumber() {
        return number;
    }

    String text() {
        return line;
    }

    int fields() {
        return count;
    }

    int start(final int field) {
        return starts[field];
    }

    int end(final int field) {
        return ends[field];
    }

    boolean isEmpty(final int field) {
        return starts[field] == ends[field];
    }

    boolean fieldEquals(final int field, final String value) {
        final int len = ends[field] - starts[field];
        return len == value.length() && line.regionMatches(starts[field], value, 0, len);
    }

    /** The field as a string (allocates: headers and messages only). */
    String field(final int field) {
        return line.substring(starts[field], ends[field]);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (final IOException ignored) {
            // read-only: nothing was lost
        }
    }
}
