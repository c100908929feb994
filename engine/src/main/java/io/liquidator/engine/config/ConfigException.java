package io.liquidator.engine.config;

/**
 * A configuration that cannot be used, with where it went wrong: the file, the line and the key
 * path ({@code instruments[0].brackets[3].maintenance_amount}). A liquidation engine that starts
 * on a half-understood bracket table liquidates the wrong people, so every problem is fatal and
 * every message points at the offending text.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String path;
    private final String detail;

    /**
     * @param source where the text came from (a file name, or the bundled resource's name)
     * @param line   1-based line, 0 when the problem is not tied to a line (e.g. unreadable file)
     * @param path   the key path, empty for the whole document
     * @param detail what is wrong, for a user
     */
    public ConfigException(final String source, final int line, final String path, final String detail) {
        super(compose(source, line, path, detail));
        this.source = source;
        this.line = line;
        this.path = path;
        this.detail = detail;
    }

    private static String compose(final String source, final int line, final String path, final String detail) {
        final StringBuilder sb = new StringBuilder();
        sb.append(source);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (path != null && !path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(detail).toString();
    }

    public String source() {
        return source;
    }

    /** 1-based line of the offending text; 0 if none applies. */
    public int line() {
        return line;
    }

    /** Key path such as {@code instruments[0].brackets[3].mmr}; empty for the whole document. */
    public String path() {
        return path;
    }

    /** The problem without the location prefix. */
    public String detail() {
        return detail;
    }
}
