package io.liquidator.engine.fuzz;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.EventSink;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.pipeline.EnginePipeline;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.InputJournal;
import io.liquidator.journal.InputJournalReader;
import io.liquidator.journal.InputRecords;
import io.liquidator.journal.Rejections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Fuzzes the input journal's decoder and, behind it, the engine with random and mutated binary
 * records: valid records written by {@link InputJournal} (with garbage field values), read back raw,
 * then flipped, truncated, extended, given another kind or version, or replaced by random bytes,
 * and written raw into a Chronicle input queue. Properties:
 * <ul>
 *   <li>{@link InputJournalReader#poll} never throws, and hands every record to exactly one handler
 *       method: the decoded input, or one {@code onMalformed} whose reason is what a reference
 *       decoder written from the {@link InputRecords} layout expects;</li>
 *   <li>the same queue through the live path (an {@link EnginePipeline}'s publisher as the handler,
 *       with the configuration's instrument decoder): the engine thread never fails, every malformed
 *       record is exactly one REJECTION with its sequence and reason, and the index has no miss.</li>
 * </ul>
 * The target, {@link #check(byte[])}, takes its every choice from the fuzzer's bytes ({@link FuzzData}).
 * {@link #boundedRandomRecords} runs it on seeded random bytes until {@code fuzz.records} records
 * (default 20,000, a few seconds; {@code -Dfuzz.records=1000000} for a long run, {@code fuzz.seed} to
 * vary) and reports the seed of a failing batch. {@link InputRecordFuzzer} is the same target for
 * Jazzer's coverage-guided fuzzing ({@code JAZZER_FUZZ=1}), kept out of the normal test run.
 */
class InputRecordFuzzTest {
    private static final long RECORDS = Long.getLong("fuzz.records", 20_000);
    private static final long SEED = Long.getLong("fuzz.seed", 0x5AFE7L);
    private static final LiquidatorConfig CONFIG = LiquidatorConfig.bundledDefault();
    private static final long FIXED_TIME = 1_700_000_000_000L;

    private static final AtomicLong RECORDS_RUN = new AtomicLong();
    private static final AtomicLong MALFORMED_RUN = new AtomicLong();
    private static final AtomicLong DECODED_RUN = new AtomicLong();
    private static final AtomicLong ENGINE_REJECTIONS = new AtomicLong();
    private static final long START = System.nanoTime();

    @AfterAll
    static void report() {
        System.out.printf("input record fuzz: %d records (%d malformed, %d decoded), %d engine rejections in all,"
                + " %.1f s%n", RECORDS_RUN.get(), MALFORMED_RUN.get(), DECODED_RUN.get(), ENGINE_REJECTIONS.get(),
            (System.nanoTime() - START) / 1e9);
    }

    @Test
    void boundedRandomRecords() throws IOException {
        final Random seeds = new Random(SEED);
        while (RECORDS_RUN.get() < RECORDS) {
            final long seed = seeds.nextLong();
            final byte[] data = new byte[16 * 1024];
            new Random(seed).nextBytes(data);
            try {
                check(data);
            } catch (final RuntimeException | AssertionError | IOException e) {
                throw new AssertionError("fuzz batch of seed " + seed + " (new Random(seed).nextBytes(new byte[16384]))"
                    + " failed after " + RECORDS_RUN.get() + " records", e);
            }
        }
    }

    /**
     * The property, for one batch of records drawn from {@code data}: decoded or malformed exactly
     * once each, as the reference decoder says; the engine behind the ring never fails, journals one
     * REJECTION per malformed record, and keeps its index whole.
     */
    static void check(final byte[] data) throws IOException {
        final FuzzData r = new FuzzData(data);
        final Path dir = Files.createTempDirectory("fuzz-input-");
        try {
            final List<byte[]> valid = validRecords(r, dir.resolve("template"), 1 + r.remaining() / 48);
            final Path queue = dir.resolve("queue");
            final List<String> expected = new ArrayList<>();
            final Map<Long, Integer> malformed = new HashMap<>();
            try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(queue)
                .rollCycle(InputJournal.DEFAULT_ROLL_CYCLE).timeProvider(() -> FIXED_TIME).build();
                 ExcerptAppender appender = q.createAppender()) {
                for (final byte[] v : valid) {
                    final byte[] record = mutate(r, v);
                    try (DocumentContext dc = appender.writingDocument()) {
                        dc.wire().bytes().write(record);
                    }
                    final long index = appender.lastIndexAppended();
                    final String e = expect(index, record);
                    expected.add(e);
                    if (e.startsWith("MALFORMED")) {
                        malformed.put(index, Integer.parseInt(e.substring(e.lastIndexOf(' ') + 1)));
                    }
                }
            }
            // the decoder alone
            final Recording recording = new Recording();
            try (InputJournalReader reader = InputJournalReader.open(queue)) {
                reader.toStart();
                while (reader.poll(recording, 64) > 0) {
                    // until it is all read
                }
            }
            assertEquals(expected.size(), recording.lines.size(), "records read");
            for (int k = 0; k < expected.size(); k++) {
                assertEquals(expected.get(k), recording.lines.get(k), "record #" + k);
            }
            // the live path: decoder → publisher → ring → engine
            final Rejected rejected = new Rejected();
            final LiquidationEngine engine = new LiquidationEngine(CONFIG.instruments(), EngineSettings.builder().build(),
                rejected);
            final EnginePipeline pipeline = EnginePipeline.builder(engine).ringSize(256).build().start();
            pipeline.publisher().instrumentDecoder(CONFIG::parseInstrument);
            try (InputJournalReader reader = InputJournalReader.open(queue)) {
                reader.toStart();
                while (pipeline.failure() == null
                    && reader.poll(pipeline.publisher(), (int) Math.max(1, pipeline.remainingCapacity() - 1)) > 0) {
                    // as fast as the ring takes it
                }
            }
            assertNull(pipeline.failure(), () -> "the engine failed: " + pipeline.failure());
            assertEquals(0, pipeline.verify(Duration.ofSeconds(30)), "index misses");
            pipeline.close();
            for (final Map.Entry<Long, Integer> m : malformed.entrySet()) {
                assertEquals(List.of(m.getValue()), rejected.reasonsOf(m.getKey()),
                    "rejections of malformed record " + m.getKey());
            }
            for (final Map.Entry<Long, List<Integer>> e : rejected.byInput.entrySet()) {
                if (!malformed.containsKey(e.getKey())) {
                    for (final int reason : e.getValue()) {
                        if (isDecoderReason(reason) && reason != Rejections.INVALID_INSTRUMENT_DEFINITION
                            && reason != Rejections.MALFORMED_RECORD) {
                            throw new AssertionError("record " + e.getKey() + " decoded fine but was rejected as "
                                + Rejections.name(reason));
                        }
                    }
                }
            }
            RECORDS_RUN.addAndGet(expected.size());
            MALFORMED_RUN.addAndGet(malformed.size());
            DECODED_RUN.addAndGet(expected.size() - malformed.size());
            ENGINE_REJECTIONS.addAndGet(rejected.count);
        } finally {
            deleteRecursively(dir);
        }
    }

    private static boolean isDecoderReason(final int reason) {
        return reason == Rejections.UNKNOWN_INPUT_KIND || reason >= Rejections.MALFORMED_RECORD
            && reason <= Rejections.INVALID_INSTRUMENT_DEFINITION;
    }

    // ---------------------------------------------------------------------------------------------
    // generation

    /** Valid records of every kind written by {@link InputJournal}, read back as raw bytes. */
    private static List<byte[]> validRecords(final FuzzData r, final Path dir, final int n) {
        try (InputJournal journal = InputJournal.open(dir, RollCycles.FAST_HOURLY, FIXED_TIME)) {
            long ts = 1;
            for (int k = 0; k < n; k++) {
                ts += r.nextInt(1000);
                final long t = r.nextInt(50) == 0 ? r.value() : ts;
                switch (r.nextInt(12)) {
                    case 0, 1, 2, 3 -> journal.appendMarkPrice(t, r.smallInt(), r.nextBoolean() ? 600_000 + r.nextInt(1000)
                        : r.value());
                    case 4, 5, 6 -> journal.appendPosition(t, 1 + r.nextInt(20), r.smallInt(), r.nextBoolean() ? 1 : -1,
                        r.nextBoolean() ? 1 + r.nextInt(5000) : r.value(), r.nextBoolean() ? 600_000 : r.value(),
                        r.nextBoolean(), r.nextBoolean() ? 100_000_000_000L : r.value());
                    case 7, 8 -> journal.appendWallet(t, r.nextBoolean() ? 1 + r.nextInt(20) : r.value(), r.smallInt(),
                        r.value());
                    case 9 -> journal.appendFunding(t, r.smallInt(), r.nextBoolean() ? 10_000 : r.value());
                    case 10 -> journal.appendInstrumentUpdate(t, r.smallInt(), randomText(r));
                    default -> journal.appendControl(t, r.nextInt(3));
                }
            }
        }
        final List<byte[]> out = new ArrayList<>(n);
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_HOURLY).build();
             ExcerptTailer tailer = q.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    if (dc.isData()) {
                        out.add(dc.wire().bytes().toByteArray());
                    }
                }
            }
        }
        assertEquals(n, out.size());
        return out;
    }

    private static String randomText(final FuzzData r) {
        final String[] samples = {"", "symbol: BTCUSDT", "{", "brackets: [", "\u00e9t\u00e9 \u20ac", "id: 0\nsymbol: X"};
        final StringBuilder sb = new StringBuilder(samples[r.nextInt(samples.length)]);
        for (int k = r.nextInt(20); k > 0; k--) {
            sb.append((char) (32 + r.nextInt(95)));
        }
        return sb.toString();
    }

    /** One of: as written, bytes flipped, truncated, extended, another kind or version, random bytes. */
    private static byte[] mutate(final FuzzData r, final byte[] valid) {
        final int op = r.nextInt(20);
        if (op < 5) {
            return valid;
        }
        byte[] b = valid.clone();
        if (op < 10) {
            for (int k = 1 + r.nextInt(3); k > 0 && b.length > 0; k--) {
                b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            }
        } else if (op < 13) {
            b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
        } else if (op < 15) {
            final int extra = 1 + r.nextInt(20);
            b = java.util.Arrays.copyOf(b, b.length + extra);
            for (int k = valid.length; k < b.length; k++) {
                b[k] = (byte) r.nextByte();
            }
        } else if (op < 17) {
            b[0] = (byte) (r.nextBoolean() ? r.nextInt(8) : r.nextByte());
        } else if (op < 18) {
            b[1] = (byte) (r.nextBoolean() ? 2 + r.nextInt(3) : r.nextByte());
        } else {
            b = new byte[r.nextInt(64)];
            r.nextBytes(b);
        }
        return b;
    }

    // ---------------------------------------------------------------------------------------------
    // the reference decoder: what the reader must report for these bytes (InputRecords, InputJournalReader)

    static String expect(final long index, final byte[] written) {
        // Chronicle stores an empty document as one zero byte: a record is never read back empty
        final byte[] b = written.length == 0 ? new byte[1] : written;
        final ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
        final int length = b.length;
        final long ts = length >= InputRecords.HEADER_LENGTH ? in.getLong(InputRecords.TIMESTAMP_OFFSET) : 0;
        final int kind = length > 0 ? b[0] : 0;
        final int layout = InputRecords.length(kind);
        if (layout < 0) {
            return malformed(index, ts, 0, length == 0 ? Rejections.TRUNCATED_RECORD : Rejections.UNKNOWN_INPUT_KIND);
        }
        if (length < 2) {
            return malformed(index, ts, kind, Rejections.TRUNCATED_RECORD);
        }
        if (b[1] != InputRecords.VERSION) {
            return malformed(index, ts, kind, Rejections.UNKNOWN_RECORD_VERSION);
        }
        if (length < layout) {
            return malformed(index, ts, kind, Rejections.TRUNCATED_RECORD);
        }
        switch (kind) {
            case InputRecords.KIND_MARK_PRICE:
                return "MARK " + index + " " + ts + " " + in.getInt(10) + " " + in.getLong(14);
            case InputRecords.KIND_POSITION: {
                final int side = b[22];
                final int cross = b[23];
                if (side != 1 && side != -1 || cross != 0 && cross != 1) {
                    return malformed(index, ts, kind, Rejections.MALFORMED_RECORD);
                }
                return "POSITION " + index + " " + ts + " " + in.getLong(10) + " " + in.getInt(18) + " " + side + " "
                    + in.getLong(24) + " " + in.getLong(32) + " " + (cross == 1) + " " + in.getLong(40);
            }
            case InputRecords.KIND_WALLET:
                return "WALLET " + index + " " + ts + " " + in.getLong(10) + " " + in.getInt(18) + " " + in.getLong(22);
            case InputRecords.KIND_FUNDING:
                return "FUNDING " + index + " " + ts + " " + in.getInt(10) + " " + in.getLong(14);
            case InputRecords.KIND_INSTRUMENT: {
                final int textLength = in.getInt(14);
                if (textLength < 0) {
                    return malformed(index, ts, kind, Rejections.MALFORMED_RECORD);
                }
                if (length - 18 < textLength) {
                    return malformed(index, ts, kind, Rejections.TRUNCATED_RECORD);
                }
                try {
                    final String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, 18, textLength))
                        .toString();
                    return "INSTRUMENT " + index + " " + ts + " " + in.getInt(10) + " [" + text + "]";
                } catch (final CharacterCodingException notUtf8) {
                    return malformed(index, ts, kind, Rejections.MALFORMED_RECORD);
                }
            }
            default:
                return "CONTROL " + index + " " + ts + " " + in.getInt(10);
        }
    }

    private static String malformed(final long index, final long ts, final int kind, final int reason) {
        return "MALFORMED " + index + " " + ts + " " + kind + " " + reason;
    }

    /** What the reader handed over, one line per call, in the reference decoder's notation. */
    static final class Recording implements InputHandler {
        final List<String> lines = new ArrayList<>();

        @Override
        public void onMarkPrice(final long inputSeq, final long timestamp, final int instrument, final long price,
                                final long line) {
            lines.add("MARK " + inputSeq + " " + timestamp + " " + instrument + " " + price);
        }

        @Override
        public void onPosition(final long inputSeq, final long timestamp, final long account, final int instrument,
                               final int side, final long qty, final long entryPrice, final boolean cross,
                               final long isolatedMargin, final long line) {
            lines.add("POSITION " + inputSeq + " " + timestamp + " " + account + " " + instrument + " " + side + " " + qty
                + " " + entryPrice + " " + cross + " " + isolatedMargin);
        }

        @Override
        public void onWallet(final long inputSeq, final long timestamp, final long account, final int asset,
                             final long balance, final long line) {
            lines.add("WALLET " + inputSeq + " " + timestamp + " " + account + " " + asset + " " + balance);
        }

        @Override
        public void onFunding(final long inputSeq, final long timestamp, final int instrument, final long rate,
                              final long line) {
            lines.add("FUNDING " + inputSeq + " " + timestamp + " " + instrument + " " + rate);
        }

        @Override
        public void onInstrumentUpdate(final long inputSeq, final long timestamp, final int instrument,
                                       final CharSequence definition, final long line) {
            lines.add("INSTRUMENT " + inputSeq + " " + timestamp + " " + instrument + " [" + definition + "]");
        }

        @Override
        public void onControl(final long inputSeq, final long timestamp, final int code, final long line) {
            lines.add("CONTROL " + inputSeq + " " + timestamp + " " + code);
        }

        @Override
        public void onMalformed(final long inputSeq, final long timestamp, final int kind, final int reason,
                                final long line) {
            lines.add("MALFORMED " + inputSeq + " " + timestamp + " " + kind + " " + reason);
        }
    }

    /** The engine's rejections by input sequence. */
    static final class Rejected implements EventSink {
        final Map<Long, List<Integer>> byInput = new HashMap<>();
        long count;

        List<Integer> reasonsOf(final long input) {
            return byInput.getOrDefault(input, List.of());
        }

        @Override
        public void onRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                                final int instrument, final int reason, final long line) {
            byInput.computeIfAbsent(inputSeq, k -> new ArrayList<>()).add(reason);
            count++;
        }

        @Override
        public void onGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                        final int state, final long price, final long referencePrice) {
        }

        @Override
        public void onMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                                 final boolean cross, final int level, final long levelRatio, final long markPrice,
                                 final long equity, final long maintenanceMargin, final int tier, final long marginRatio) {
        }

        @Override
        public void onPartialLiquidation(final long inputSeq, final long timestamp, final long account,
                                         final int instrument, final int side, final long closedQty,
                                         final long remainingQty, final long markPrice, final long bankruptcyPrice,
                                         final long equity, final long maintenanceMargin, final int tier,
                                         final long marginRatio, final int rule) {
        }

        @Override
        public void onLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                                  final int side, final long qty, final boolean cross, final long markPrice,
                                  final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                                  final int tier, final long marginRatio, final int rule) {
        }

        @Override
        public void onInsuranceFund(final long inputSeq, final long timestamp, final long account, final int instrument,
                                    final int asset, final long delta, final long balanceAfter) {
        }

        @Override
        public void onAdl(final long inputSeq, final long timestamp, final long account, final int instrument,
                          final int side, final long qty, final long price, final long liquidatedAccount,
                          final long rankScore) {
        }
    }

    private static void deleteRecursively(final Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
