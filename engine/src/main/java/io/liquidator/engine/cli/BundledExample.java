package io.liquidator.engine.cli;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.margin.Side;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What {@code liquidator calc} shows with nothing to calculate: a bundled batch
 * ({@value #RESOURCE}) run through the normal batch path on the bundled configuration, each result
 * as a readable table, under a header that says how to run your own. It is the README's first
 * command, so it explains itself.
 */
final class BundledExample {
    static final String RESOURCE = "example-positions.jsonl";

    private BundledExample() {
    }

    static void print(final PrintWriter out, final boolean json) {
        final LiquidatorConfig config = LiquidatorConfig.bundledDefault();
        final String[] lines = lines();
        if (!json) {
            header(out, lines.length);
        }
        final BatchCalculator batch = new BatchCalculator(config);
        final int[] n = {0};
        final BatchCalculator.Sink sink = new BatchCalculator.Sink() {
            @Override
            public void result(final RequestId id, final Position p, final CalcResult r) {
                n[0]++;
                if (json) {
                    out.println(ResultJson.result(id, p, r));
                    return;
                }
                out.printf("[%d/%d] %s: %s %s %s @ %s, %s%n", n[0], lines.length, id.text(), p.instrument().symbol(),
                    Side.name(p.side()), Display.qty(p.instrument(), p.qty()), Display.price(p.instrument(), p.entryPrice()),
                    p.cross() ? "cross" : "isolated");
                ResultTable.print(out, "  ", p, r);
                out.println();
            }

            @Override
            public void error(final RequestId id, final String message) {
                n[0]++;
                out.println(json ? ResultJson.error(id, message) : "[" + n[0] + "/" + lines.length + "] " + id.text() + ": " + message);
            }
        };
        for (int i = 0; i < lines.length; i++) {
            batch.one(lines[i], i + 1, sink);
        }
    }

    private static void header(final PrintWriter out, final int count) {
        out.println("liquidator calc: bundled example, " + count + " positions on the bundled configuration");
        out.println("(BTCUSDT, ETHUSDT, BTCUSD with Binance's 2024-10 brackets). Liquidation and bankruptcy prices");
        out.println("are rounded to the tick toward the entry, so the exchange never acts later than the exact price.");
        out.println();
        out.println("  your own position:  liquidator calc --instrument BTCUSDT --side long --qty 1.5 \\");
        out.println("                          --entry-price 60000 --isolated-margin 3000 [--mark-price 59000] [--json]");
        out.println("  cross margin:       give --wallet-balance AMOUNT instead of --isolated-margin");
        out.println("  a file of them:     liquidator calc --batch positions.jsonl   (one JSON object per line, e.g.)");
        out.println("    {\"id\":\"p1\",\"instrument\":\"BTCUSDT\",\"side\":\"long\",\"qty\":\"1.5\",\"entry_price\":\"60000\",");
        out.println("     \"margin_mode\":\"isolated\",\"isolated_margin\":\"3000\",\"mark_price\":\"59000\"}");
        out.println("                      (output: one JSON line per input line; --json prints this example so)");
        out.println("  your instruments:   --config FILE.yaml   (assets, instruments, brackets; start from the bundled");
        out.println("                      engine/src/main/resources/io/liquidator/engine/config/default.yaml)");
        out.println();
    }

    static String[] lines() {
        try (InputStream in = BundledExample.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled " + RESOURCE + " is missing from the classpath");
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return r.lines().filter(l -> !l.isBlank()).toArray(String[]::new);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
