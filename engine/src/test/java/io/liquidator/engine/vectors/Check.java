package io.liquidator.engine.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.liquidator.engine.money.Decimals;
import org.opentest4j.AssertionFailedError;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The comparisons of one vector: every published number the vector states is checked, each against
 * its precision, and all mismatches are reported together. A field of {@code expected} that no
 * runner checked is itself a failure, so no published number is silently ignored.
 */
final class Check {
    private final String id;
    private final JsonNode vector;
    private final List<String> lines = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final Set<String> checkedExpected = new LinkedHashSet<>();

    Check(final String id, final JsonNode vector) {
        this.id = id;
        this.vector = vector;
    }

    String id() {
        return id;
    }

    /** A note in the vector's output (inputs as the engine saw them, derived margins). */
    void note(final String text) {
        lines.add("    . " + text);
    }

    /** The precision text of {@code expected}, or null. */
    String precisionText() {
        final JsonNode e = vector.get("expected");
        final JsonNode p = e == null ? null : e.get("precision");
        return p == null ? null : p.asText();
    }

    /** {@code expected.<field>} checked against the engine's raw value, with the vector's precision for that field. */
    void expected(final String field, final long raw, final int scale, final int side) {
        expected(field, raw, scale, side, Precision.forField(precisionText(), field));
    }

    void expected(final String field, final long raw, final int scale, final int side, final Precision precision) {
        final String want = Json.text(vector.get("expected"), field);
        checkedExpected.add(field);
        compare("expected." + field, raw, scale, side, want, precision);
    }

    /** A published number outside {@code expected} (an input the source also states, a computed value). */
    void other(final String label, final long raw, final int scale, final int side, final String want, final Precision precision) {
        compare(label, raw, scale, side, want, precision);
    }

    private void compare(final String label, final long raw, final int scale, final int side, final String want,
                         final Precision precision) {
        final BigDecimal got = BigDecimal.valueOf(raw, scale);
        if (precision.kind == Precision.Kind.PUBLISHED && scale < Precision.publishedDecimals(want)) {
            failures.add(label + ": harness error, engine scale " + scale + " is coarser than the published "
                + want + "; use a bracket check");
            return;
        }
        final boolean ok = precision.matches(got, side, want);
        final String shown = precision.shown(got, side, want).toPlainString();
        final String line = label + ": got " + Decimals.format(raw, scale)
            + (shown.equals(got.toPlainString()) ? "" : " -> " + shown)
            + ", want " + want + " (" + precision.describe() + ")";
        lines.add((ok ? "    ok   " : "    FAIL ") + line);
        if (!ok) {
            failures.add(line);
        }
    }

    /**
     * The exact value lies between two engine prices on its fine tick ({@code a} and {@code b}: the
     * trigger edge and the reported price); the published number, rounded to its own digits, must be
     * consistent with it: {@code want ∈ [min − ½ulp, max + ½ulp]}. Used where the published number has
     * more decimals than the engine's price scale can carry for this contract.
     */
    void bracketed(final String label, final boolean isExpectedField, final long a, final long b, final int scale,
                   final String want) {
        if (isExpectedField) {
            checkedExpected.add(label);
        }
        final BigDecimal lo = BigDecimal.valueOf(Math.min(a, b), scale);
        final BigDecimal hi = BigDecimal.valueOf(Math.max(a, b), scale);
        final BigDecimal w = new BigDecimal(want);
        final BigDecimal halfUlp = BigDecimal.ONE.movePointLeft(Precision.publishedDecimals(want)).divide(BigDecimal.valueOf(2));
        final boolean ok = w.compareTo(lo.subtract(halfUlp)) >= 0 && w.compareTo(hi.add(halfUlp)) <= 0;
        final String line = (isExpectedField ? "expected." : "") + label + ": exact root in [" + lo.toPlainString() + ", "
            + hi.toPlainString() + "], want " + want + " (consistent at its published digits)";
        lines.add((ok ? "    ok   " : "    FAIL ") + line);
        if (!ok) {
            failures.add(line);
        }
    }

    /** Marks an expected field as checked by {@link #require} calls the caller made on it. */
    void checkedBy(final String field) {
        checkedExpected.add(field);
    }

    /** A condition the harness relies on (fails the vector with the message if false). */
    void require(final boolean condition, final String message) {
        if (!condition) {
            failures.add(message);
            lines.add("    FAIL " + message);
        }
    }

    /** Prints the vector's lines and fails it if any comparison failed or a published number was left unchecked. */
    void done() {
        final JsonNode e = vector.get("expected");
        if (e != null) {
            for (final Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
                final String f = it.next();
                if (!"precision".equals(f) && !checkedExpected.contains(f)) {
                    failures.add("expected." + f + " = " + e.get(f) + " was not checked by the harness");
                }
            }
        }
        final StringBuilder sb = new StringBuilder();
        sb.append(failures.isEmpty() ? "  PASS " : "  FAIL ").append(id).append('\n');
        for (final String l : lines) {
            sb.append(l).append('\n');
        }
        System.out.print(sb);
        if (!failures.isEmpty()) {
            throw new AssertionFailedError(id + ": " + String.join("; ", failures));
        }
    }
}
