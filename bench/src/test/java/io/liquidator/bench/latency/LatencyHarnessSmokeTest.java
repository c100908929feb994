package io.liquidator.bench.latency;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The latency harness end to end in its smoke mode (10,000 positions, 100,000 ticks/s for 1 s after
 * a 1 s warm-up, journal on): every tick is measured once, the files are written, and the engine
 * thread allocates nothing while the ticks run. Timings are printed, never asserted (a shared
 * 2-core box); allocation is, because it does not depend on the box.
 */
class LatencyHarnessSmokeTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void theSmokeRunMeasuresEveryTickWritesItsFilesAndTheEngineThreadAllocatesNothing(@TempDir final Path out)
        throws IOException, InterruptedException {
        final LatencyHarness.Report report = LatencyHarness.run(LatencyHarness.Settings.smoke(out), System.out);

        assertEquals(1, report.results().size(), "one rate");
        final RateResult r = report.results().get(0);
        assertEquals(100_000, r.rate());
        assertEquals(100_000, r.ticks());
        assertEquals(r.ticks(), r.histogram().getTotalCount(), "one latency per tick sent");
        assertTrue(r.liquidatingTicks() > 0 && r.liquidations() >= r.liquidatingTicks(),
            "the path's sharp move liquidates: " + r.liquidatingTicks() + " ticks, " + r.liquidations() + " liquidations");
        assertTrue(r.marginCalls() > 0, "margin calls: " + r.marginCalls());
        assertEquals(0, report.indexMisses(), "the index is sound after the runs");

        assertEquals(out.resolve("latency-100000.hgrm"), r.hgrm());
        final String hgrm = Files.readString(r.hgrm(), StandardCharsets.UTF_8);
        final Matcher total = Pattern.compile("Total count\\s*=\\s*(\\d+)").matcher(hgrm);
        assertTrue(total.find(), "the .hgrm has its footer:\n" + hgrm);
        assertEquals(r.ticks(), Long.parseLong(total.group(1)), "the .hgrm counts every tick");
        final byte[] png = Files.readAllBytes(report.png());
        assertTrue(png.length > 1000, "a PNG of " + png.length + " bytes");
        final byte[] signature = new byte[PNG_SIGNATURE.length];
        System.arraycopy(png, 0, signature, 0, signature.length);
        assertArrayEquals(PNG_SIGNATURE, signature, "latency.png is a PNG");
        assertTrue(Files.size(report.summary()) > 0, "summary.txt");

        assertEquals(0, r.engineAllocatedBytes(), "bytes allocated by the engine thread while the ticks ran");
        // the injecting thread is the test's own: like PipelineAllocationTest, tolerate one JIT
        // rematerialisation on a loaded box (one allocation per tick would be >= 1.6 MB)
        assertTrue(r.injectorAllocatedBytes() >= 0 && r.injectorAllocatedBytes() <= 256,
            "bytes allocated by the injecting thread while sending: " + r.injectorAllocatedBytes());
    }

    @Test
    void thePercentileAxisIsLabelledLikeHdrHistogramsPlotter() {
        assertEquals("0%", PercentilePlot.percentileLabel(0));
        assertEquals("90%", PercentilePlot.percentileLabel(1));
        assertEquals("99%", PercentilePlot.percentileLabel(2));
        assertEquals("99.9%", PercentilePlot.percentileLabel(3));
        assertEquals("99.9999%", PercentilePlot.percentileLabel(6));
        assertEquals("", PercentilePlot.percentileLabel(2.5));
    }

    @Test
    void ticksArePlannedOnAFixedScheduleFromTheStart() {
        assertEquals(1_000L, OpenLoopInjector.plannedAt(1_000L, 100_000, 0));
        assertEquals(1_000L + 10_000L, OpenLoopInjector.plannedAt(1_000L, 100_000, 1));
        assertEquals(1_000L + 9_999_990_000L, OpenLoopInjector.plannedAt(1_000L, 100_000, 999_999));
        assertEquals(1_000L + 3_333L, OpenLoopInjector.plannedAt(1_000L, 300_000, 1), "rounded down");
    }
}
