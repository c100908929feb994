package io.liquidator.engine.cli;

import io.liquidator.engine.config.LiquidatorConfig;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Runs a calculator batch: every input line yields exactly one result or error, in input order, so
 * output line n always answers input line n. A bad line does not stop the others; its error
 * starts with {@code line N:}.
 */
final class BatchCalculator {
    /** Receives each line's outcome, in order. */
    interface Sink {
        void result(RequestId id, Position position, CalcResult result);

        void error(RequestId id, String message);
    }

    private final PositionParser parser;
    private final Calculator calculator = new Calculator();

    BatchCalculator(final LiquidatorConfig config) {
        this.parser = new PositionParser(config, false);
    }

    /** @return the number of lines read */
    int run(final BufferedReader in, final Sink sink) throws IOException {
        int n = 0;
        String line;
        while ((line = in.readLine()) != null) {
            n++;
            if (n == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            one(line, n, sink);
        }
        return n;
    }

    void one(final String line, final int lineNumber, final Sink sink) {
        final BatchLineParser.Line parsed = BatchLineParser.parse(line);
        if (parsed.error() != null) {
            sink.error(parsed.id(), "line " + lineNumber + ": " + parsed.error());
            return;
        }
        final Position p;
        final CalcResult r;
        try {
            p = parser.parse(parsed.fields());
            r = calculator.compute(p);
        } catch (final InputException e) {
            sink.error(parsed.id(), "line " + lineNumber + ": " + e.getMessage());
            return;
        }
        sink.result(parsed.id(), p, r);
    }
}
