package io.liquidator.engine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.liquidator.engine.instrument.Instrument;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The calculator batch output object of {@code formats.md}, one line each, keys in this order:
 * {@code id, liquidation_price, bankruptcy_price, tier, maintenance_margin, margin_ratio}.
 * Prices on the tick with the instrument's decimals; {@code tier} 1-based, the bracket the
 * maintenance margin uses at the liquidation price (for entry-basis profiles, bybit and bitmex,
 * that is the entry's bracket);
 * {@code maintenance_margin} at the liquidation price in the settlement asset, trailing zeros
 * trimmed; {@code margin_ratio} a plain decimal (1 = 100 %, {@code "Infinity"} when the margin
 * balance at the mark is ≤ 0). No liquidation price: the price, tier and maintenance are null.
 */
final class ResultJson {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private ResultJson() {
    }

    static String result(final RequestId id, final Position p, final CalcResult r) {
        final Instrument i = p.instrument();
        return write(g -> {
            writeId(g, id);
            if (r.hasLiquidationPrice()) {
                g.writeStringField("liquidation_price", Display.price(i, r.liquidationPrice()));
            } else {
                g.writeNullField("liquidation_price");
            }
            if (r.hasBankruptcyPrice()) {
                g.writeStringField("bankruptcy_price", Display.price(i, r.bankruptcyPrice()));
            } else {
                g.writeNullField("bankruptcy_price");
            }
            if (r.hasLiquidationPrice()) {
                g.writeNumberField("tier", r.tierAtLiquidation() + 1);
                g.writeStringField("maintenance_margin", Display.amount(i, r.maintenanceAtLiquidation()));
            } else {
                g.writeNullField("tier");
                g.writeNullField("maintenance_margin");
            }
            if (p.hasMark()) {
                g.writeStringField("margin_ratio", Display.rate(r.marginRatioAtMark()));
            } else {
                g.writeNullField("margin_ratio");
            }
        });
    }

    static String error(final RequestId id, final String message) {
        return write(g -> {
            writeId(g, id);
            g.writeStringField("error", message);
        });
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(final Body body) {
        final StringWriter w = new StringWriter(160);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void writeId(final JsonGenerator g, final RequestId id) throws IOException {
        g.writeFieldName("id");
        switch (id.type()) {
            case STRING:
                g.writeString(id.text());
                break;
            case NUMBER:
                g.writeNumber(id.text());
                break;
            default:
                g.writeNull();
        }
    }
}
