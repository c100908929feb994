package io.liquidator.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;

/**
 * Jazzer's coverage-guided fuzzing of {@link InputRecordFuzzTest#check}: the fuzzer mutates the
 * bytes every choice of the target is drawn from. Not a {@code *Test}, so the normal test run (and
 * its JVM) does not load Jazzer's agent; run it on purpose:
 * <pre>
 *   JAZZER_FUZZ=1 mvn -B -o -pl engine -am test -Dtest=InputRecordFuzzer -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Without {@code JAZZER_FUZZ} it replays the inputs saved under
 * {@code src/test/resources/io/liquidator/engine/fuzz/InputRecordFuzzerInputs/} (regression mode).
 */
class InputRecordFuzzer {
    @FuzzTest(maxDuration = "2m")
    void records(final byte[] data) throws IOException {
        InputRecordFuzzTest.check(data);
    }
}
