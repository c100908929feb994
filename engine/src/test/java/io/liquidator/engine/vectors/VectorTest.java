package io.liquidator.engine.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The published liquidation test vectors ({@code shared/vectors/*.json}, read in place) run through
 * the engine's margin code: one dynamic test per vector id, grouped per file, and a per-file summary
 * ("binance_usdm.json: N passed, M skipped", then every skipped id with its reason).
 *
 * <p>A runnable vector fails if any number it publishes does not match at its stated precision. A
 * vector that is not runnable (another kind, a rate the source does not state, the dYdX and Drift
 * files) is an aborted test with its reason, and is listed in the summary; none is dropped.
 */
class VectorTest {

    /** Outcomes of one file's vectors, filled as its dynamic tests run (in order, one thread). */
    private static final class FileTally {
        final VectorFiles.VectorFile file;
        final List<String> passed = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> failed = new ArrayList<>();

        FileTally(final VectorFiles.VectorFile file) {
            this.file = file;
        }

        void run(final String id, final JsonNode vector, final VectorHarness.Plan plan) throws Throwable {
            if (passed.size() + skipped.size() + failed.size() == 0) {
                System.out.println("== " + file.name() + " (" + file.vectors().size() + " vectors)");
            }
            if (!plan.runnable()) {
                skipped.add(id + " -- " + plan.skipReason());
                Assumptions.abort(plan.skipReason());
            }
            try {
                plan.run().run(new Check(id, vector));
                passed.add(id);
            } catch (final TestAbortedException e) {
                skipped.add(id + " -- " + e.getMessage());
                throw e;
            } catch (final Throwable t) {
                failed.add(id + " -- " + t);
                if (!(t instanceof AssertionError)) {
                    System.out.println("  FAIL " + id + " -- harness could not run it: " + t);
                }
                throw t;
            }
        }

        void summarise() {
            final String name = file.name();
            final int expectedRunnable = VectorHarness.EXPECTED_RUNNABLE.getOrDefault(name, 0);
            final StringBuilder sb = new StringBuilder();
            sb.append(name).append(": ").append(passed.size()).append(" passed, ").append(skipped.size()).append(" skipped");
            if (!failed.isEmpty()) {
                sb.append(", ").append(failed.size()).append(" FAILED");
            }
            sb.append(" (").append(file.vectors().size()).append(" read, count field ").append(file.declaredCount())
                .append(", ").append(expectedRunnable).append(" runnable expected)\n");
            for (final String s : skipped) {
                sb.append("  skipped ").append(s).append('\n');
            }
            for (final String f : failed) {
                sb.append("  FAILED  ").append(f).append('\n');
            }
            System.out.print(sb);
            assertEquals(file.declaredCount(), file.vectors().size(), name + ": vectors read vs its count field");
            assertEquals(file.vectors().size(), passed.size() + skipped.size() + failed.size(),
                name + ": every vector read must be passed, failed or skipped with a reason");
            assertTrue(passed.size() + failed.size() >= expectedRunnable,
                name + ": ran " + (passed.size() + failed.size()) + " vectors, expected at least " + expectedRunnable);
        }
    }

    @TestFactory
    Stream<DynamicNode> publishedVectors() {
        final Path dir = VectorFiles.locate();
        System.out.println("vectors read in place from " + dir);
        final List<DynamicNode> containers = new ArrayList<>();
        for (final String name : VectorHarness.allFiles()) {
            final VectorFiles.VectorFile file = VectorFiles.load(dir, name);
            final FileTally tally = new FileTally(file);
            final List<DynamicNode> tests = new ArrayList<>();
            for (final JsonNode v : file.vectors()) {
                final String id = Json.id(v);
                final VectorHarness.Plan plan = VectorHarness.plan(name, v);
                tests.add(DynamicTest.dynamicTest(id, file.path().toUri(), () -> tally.run(id, v, plan)));
            }
            tests.add(DynamicTest.dynamicTest("summary " + name, file.path().toUri(), tally::summarise));
            containers.add(DynamicContainer.dynamicContainer(name, file.path().toUri(), tests.stream()));
        }
        return containers.stream();
    }

    /**
     * Nothing is dropped: each file holds exactly as many vectors as its {@code count} field says, every
     * one is planned (run or skipped with a reason), ids are unique, and at least the expected number
     * per file is runnable.
     */
    @Test
    void everyVectorIsReadAndAccountedFor() {
        final Path dir = VectorFiles.locate();
        final Set<String> ids = new HashSet<>();
        int total = 0;
        int runnableTotal = 0;
        for (final String name : VectorHarness.allFiles()) {
            final VectorFiles.VectorFile file = VectorFiles.load(dir, name);
            assertEquals(file.declaredCount(), file.vectors().size(), name + ": vectors read vs its count field");
            int runnable = 0;
            for (final JsonNode v : file.vectors()) {
                final String id = Json.id(v);
                assertTrue(ids.add(id), "duplicate vector id " + id);
                final VectorHarness.Plan plan = VectorHarness.plan(name, v);
                if (plan.runnable()) {
                    runnable++;
                } else {
                    assertFalse(plan.skipReason() == null || plan.skipReason().isBlank(), id + " skipped without a reason");
                }
            }
            final int expected = VectorHarness.EXPECTED_RUNNABLE.get(name);
            assertTrue(runnable >= expected, name + ": " + runnable + " runnable vectors, expected at least " + expected);
            System.out.println(name + ": " + file.vectors().size() + " vectors (count " + file.declaredCount() + "), "
                + runnable + " runnable, " + (file.vectors().size() - runnable) + " skipped");
            total += file.vectors().size();
            runnableTotal += runnable;
        }
        System.out.println("all files: " + total + " vectors, " + runnableTotal + " runnable");
    }
}
