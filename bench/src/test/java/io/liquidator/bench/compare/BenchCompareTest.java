package io.liquidator.bench.compare;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quick plan of {@code scripts/bench-compare}, in process: checks the structure of the report,
 * never a timing (they are noise on a shared 2-core box). Every section produces positive figures,
 * the naive baseline decides exactly what the engine decides on a small book, and the cascade
 * liquidates exactly the positions it was built to liquidate, as the journal read back confirms.
 */
class BenchCompareTest {

    @Test
    void quickRunProducesEverySectionWithAnHonestBaseline() throws InterruptedException {
        final ComparePlan plan = ComparePlan.quick();
        final CompareReport report = BenchCompare.run(plan, "BenchCompareTest", System.err);

        final CompareReport.Pipeline p = report.pipeline;
        assertTrue(p.noOpRate() > 0 && p.pipelineRate() > 0 && p.flatRate() > 0, "section 1 rates: " + p);
        assertEquals(plan.noOpRounds(), p.noOpRates().length);
        assertEquals(plan.liquidatorPasses(), p.pipelineRates().length);
        assertEquals(plan.largest(), p.positions());
        assertTrue(p.liquidations() > 0 && p.marginCalls() > 0, "the realistic stream must margin-call and liquidate");

        assertEquals(plan.naiveSizes().length, report.sizes.size());
        for (int k = 0; k < plan.naiveSizes().length; k++) {
            final CompareReport.SizeRow row = report.sizes.get(k);
            assertEquals(plan.naiveSizes()[k], row.positions());
            assertEquals(plan.liquidatorPasses(), row.liquidatorRates().length);
            assertTrue(row.liquidatorRate() > 0 && row.naive().ticks() >= 2 && row.naive().ticksPerSecond() > 0
                && row.ratio() > 0, "section 2 row " + row);
        }

        final CompareReport.Check check = report.check;
        assertNull(check.firstDifference(), "the naive baseline must decide what the engine decides");
        assertTrue(check.liquidations() > 0 && check.marginCalls() > 0, "the check must liquidate and margin-call: " + check);
        assertEquals(check.naiveDecisions(), check.engineDecisions());

        final Cascade.Result c = report.cascade;
        assertEquals(plan.cascade(), c.liquidations(), "LIQUIDATION events counted");
        assertEquals(plan.cascade(), c.journaledLiquidations(), "LIQUIDATION records read back from the journal");
        assertEquals(2L * plan.cascade(), c.events(), "a LIQUIDATION and an INSURANCE_FUND record per position");
        assertEquals(0, c.adl());
        assertTrue(c.nanos() > 0);
        assertEquals(plan.cascade(), report.cascadeEngineAlone.liquidations());

        final String md = report.markdown();
        for (final String heading : new String[]{"### 1. Pipeline vs the Disruptor's own limit",
            "### 2. Liquidator vs a naive baseline", "### 3. A liquidation cascade", "- machine: ", "- JDK: ",
            "- date: ", "- command: `BenchCompareTest`"}) {
            assertTrue(md.contains(heading), "the report lacks " + heading + ":\n" + md);
        }
    }
}
