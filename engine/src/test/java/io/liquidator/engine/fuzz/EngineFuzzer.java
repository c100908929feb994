package io.liquidator.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer's coverage-guided fuzzing of {@link EngineFuzzTest#check}. Not a {@code *Test}, so the normal
 * test run does not load Jazzer's agent; run it on purpose:
 * <pre>
 *   JAZZER_FUZZ=1 mvn -B -o -pl engine -am test -Dtest=EngineFuzzer -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class EngineFuzzer {
    @FuzzTest(maxDuration = "2m")
    void inputs(final byte[] data) {
        EngineFuzzTest.check(data);
    }
}
