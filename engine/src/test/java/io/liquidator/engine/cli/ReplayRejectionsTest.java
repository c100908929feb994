package io.liquidator.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad rows in a replay's files (formats.md): each is journaled as one REJECTION with its 1-based
 * line (the header is line 1) and its reason, in input order between the events of its neighbours,
 * counted in the summary, and skipped; the good rows around them still take effect.
 */
class ReplayRejectionsTest {

    // merged input order: positions at ts 0 (input_seq 1..3), then the ticks (input_seq 4..16)
    private static final String POSITIONS = String.join("\n",
        "ts,account,instrument,side,qty,entry_price,margin_mode,isolated_margin", // line 1
        "0,1,BTCUSDT,long,1,60000.0,isolated,1000",                               // 2: seq 1, liquidated at 59000
        "0,2,BTCUSDT,sideways,1,60000.0,isolated,1000",                           // 3: seq 2, bad side
        "0,3,BTCUSDT,short,1,60000.0,isolated,5000",                              // 4: seq 3, never in danger
        "");

    private static final String TICKS = String.join("\n",
        "ts,instrument,mark_price",   // line 1
        "1000,BTCUSDT,60000.0",       // 2: seq 4   good
        "1001,BTCUSDT,NaN",           // 3: seq 5   NOT_A_NUMBER
        "1002,BTCUSDT,",              // 4: seq 6   MISSING_FIELD
        "1003,BTCUSDT,-59000.0",      // 5: seq 7   NON_POSITIVE_PRICE (negative)
        "1004,BTCUSDT,0",             // 6: seq 8   NON_POSITIVE_PRICE (zero)
        "1005,BTCUSDT,59250.05",      // 7: seq 9   PRICE_OFF_TICK (two decimals on a 0.1 tick)
        "1006,DOGEUSDT,0.1",          // 8: seq 10  UNKNOWN_INSTRUMENT
        "1007,BTCUSDT,59250.0",       // 9: seq 11  good: margin-calls account 1 (equity 250, MM 246.25)
        "999,BTCUSDT,59000.0",        // 10: seq 12 TIMESTAMP_BACKWARDS (would have liquidated account 1)
        "1008,BTCUSDT",               // 11: seq 13 MALFORMED_RECORD (too few fields)
        "1009,BTCUSDT,59000.0,x",     // 12: seq 14 MALFORMED_RECORD (too many fields)
        "1010,BTCUSDT,59000.0",       // 13: seq 15 good: liquidates account 1 (bankrupt at 59000)
        "1011,ETHUSDT,3000.00",       // 14: seq 16 good, no positions on it
        "");

    private record Expected(long inputSeq, long ts, int inputKind, String reason, long line) {
    }

    @Test
    void everyBadRowIsOneRejectionWithItsLineAndTheGoodRowsStillCount(@TempDir final Path dir) throws IOException {
        final Path positions = Files.writeString(dir.resolve("positions.csv"), POSITIONS);
        final Path ticks = Files.writeString(dir.resolve("ticks.csv"), TICKS);
        final Path out = dir.resolve("out");

        final Cli.Result r = Cli.run("replay", "--positions", positions.toString(), "--ticks", ticks.toString(),
            "--out", out.toString(), "--insurance-fund", "USDT=100000");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("", r.err());

        // the summary counts them, by reason in code order
        assertTrue(r.out().contains("  inputs      4 ticks, 2 positions, 0 wallets, 0 funding, 0 instrument updates,"
            + " 0 controls, 10 malformed"), r.out());
        assertTrue(r.out().contains("  rejected    UNKNOWN_INSTRUMENT 1, NON_POSITIVE_PRICE 2, PRICE_OFF_TICK 1,"
            + " TIMESTAMP_BACKWARDS 1, MALFORMED_RECORD 3, MISSING_FIELD 1, NOT_A_NUMBER 1  (each is a REJECTION"), r.out());
        assertEquals(10L, ReplayDeterminismTest.eventCounts(r).get("REJECTION"), r.out());
        assertEquals(1L, ReplayDeterminismTest.eventCounts(r).get("LIQUIDATION"), r.out());
        assertTrue(r.out().contains(": 3 rows, 3 inputs, 1 rejected"), r.out());
        assertTrue(r.out().contains(": 13 rows, 13 inputs, 9 rejected"), r.out());
        assertTrue(r.out().contains("16 inputs (sequence 1 to 16), 10 rejected"), r.out());

        final List<String> events = ReplayDeterminismTest.dump(out);
        final List<Expected> expected = List.of(
            new Expected(2, 0, 2, "MALFORMED_RECORD", 3),     // positions.csv line 3: side "sideways"
            new Expected(5, 1001, 1, "NOT_A_NUMBER", 3),
            new Expected(6, 1002, 1, "MISSING_FIELD", 4),
            new Expected(7, 1003, 1, "NON_POSITIVE_PRICE", 5),
            new Expected(8, 1004, 1, "NON_POSITIVE_PRICE", 6),
            new Expected(9, 1005, 1, "PRICE_OFF_TICK", 7),
            new Expected(10, 1006, 1, "UNKNOWN_INSTRUMENT", 8),
            new Expected(12, 999, 1, "TIMESTAMP_BACKWARDS", 10), // its own time
            new Expected(13, 1007, 1, "MALFORMED_RECORD", 11),   // the file's clock: the row's time was not read
            new Expected(14, 1007, 1, "MALFORMED_RECORD", 12));
        final List<String> rejections = new ArrayList<>();
        for (final String e : events) {
            if (e.startsWith("{\"kind\":\"REJECTION\"")) {
                rejections.add(e);
            }
        }
        assertEquals(expected.size(), rejections.size(), String.join("\n", events));
        for (int i = 0; i < expected.size(); i++) {
            final Expected x = expected.get(i);
            final String json = rejections.get(i);
            assertEquals(x.inputSeq(), longField(json, "input_seq"), json);
            assertEquals(x.ts(), longField(json, "ts"), json);
            assertEquals(x.line(), longField(json, "line"), json);
            assertEquals(x.inputKind(), longField(json, "input_kind"), json);
            assertTrue(json.contains("\"reason\":\"" + x.reason() + "\""), json);
            assertTrue(json.contains("\"account\":0,\"instrument\":null,"), json);
        }

        // output order is input order: seq 1..n, input_seq never going back
        long lastInput = 0;
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, longField(events.get(i), "seq"), events.get(i));
            final long in = longField(events.get(i), "input_seq");
            assertTrue(in >= lastInput, "input_seq went back at " + events.get(i));
            lastInput = in;
        }

        // the good rows took effect: the tick of line 13 liquidated account 1, nobody else, and the
        // backwards row of line 10 (same price, earlier) did not
        final List<String> liquidations = events.stream().filter(e -> e.startsWith("{\"kind\":\"LIQUIDATION\"")).toList();
        assertEquals(1, liquidations.size(), String.join("\n", events));
        final String liq = liquidations.get(0);
        assertEquals(15, longField(liq, "input_seq"), liq);
        assertEquals(1010, longField(liq, "ts"), liq);
        assertEquals(1, longField(liq, "account"), liq);
        assertTrue(liq.contains("\"instrument\":\"BTCUSDT\",\"side\":\"long\",\"cross\":false,\"mark_price\":\"59000.0\","
            + "\"qty\":\"1\",\"bankruptcy_price\":\"59000.0\""), liq);
        for (final String e : events) {
            assertTrue(!e.contains("\"account\":2,") && !e.contains("\"account\":3,"), e);
        }
        // the tick of line 9 (input 11) was applied: it margin-called account 1, and no bad row did
        final List<String> calls = events.stream().filter(e -> e.startsWith("{\"kind\":\"MARGIN_CALL\"")).toList();
        assertEquals(1, calls.size(), String.join("\n", events));
        final String call = calls.get(0);
        assertEquals(11, longField(call, "input_seq"), call);
        assertEquals(1, longField(call, "account"), call);
        assertTrue(call.contains("\"mark_price\":\"59250.0\",\"equity\":\"250\",\"maintenance_margin\":\"246.25\""),
            call);
        // one position left open: account 3's short
        assertTrue(r.out().contains("  positions   1 open"), r.out());
    }

    private static long longField(final String json, final String name) {
        final Matcher m = Pattern.compile("\"" + name + "\":(-?\\d+)[,}]").matcher(json);
        assertTrue(m.find(), () -> "no " + name + " in " + json);
        return Long.parseLong(m.group(1));
    }
}
