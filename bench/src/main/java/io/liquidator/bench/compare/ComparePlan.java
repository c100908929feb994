package io.liquidator.bench.compare;

import io.liquidator.engine.pipeline.EnginePipeline;
import io.liquidator.engine.pipeline.WaitStrategyChoice;

/**
 * The sizes of one comparison run. {@link #full()} is the one the README reports; {@link #quick()}
 * is a smoke test of the same code (about 20 s) whose figures mean little.
 *
 * @param naiveSizes      book sizes of the liquidator-vs-naive table, ascending; the largest is also
 *                        the pipeline's book in section 1
 * @param ticks           length of the tick stream
 * @param shockEvery      ticks between two sharp moves of the stream
 * @param naiveBudgetMillis how long the naive baseline runs at each size (it stops after the first
 *                        tick past it)
 * @param liquidatorPasses passes of the liquidator over the stream at each size, a fresh rig and book
 *                        each; the median is reported
 * @param noOpRounds      passes of the no-op ring over the stream; the median is reported
 * @param cascade         positions the cascade tick liquidates
 * @param cascadeBackground quiet positions beside them
 * @param checkPositions  book size of the baseline check
 * @param checkTicks      ticks of the baseline check (its own stream, shocks every quarter)
 */
record ComparePlan(String name, int[] naiveSizes, int ticks, int shockEvery, long naiveBudgetMillis,
                   int liquidatorPasses, int noOpRounds,
                   int cascade, int cascadeBackground, int checkPositions, int checkTicks, int ringSize,
                   WaitStrategyChoice waitStrategy) {

    static ComparePlan full() {
        return new ComparePlan("full", new int[]{10_000, 100_000, 1_000_000}, 4_000_000, 100_000, 10_000, 3, 5,
            100_000, 900_000, 2_000, 6_000, EnginePipeline.DEFAULT_RING_SIZE, WaitStrategyChoice.DEFAULT);
    }

    static ComparePlan quick() {
        return new ComparePlan("quick", new int[]{1_000, 5_000, 20_000}, 400_000, 20_000, 1_000, 2, 3,
            10_000, 10_000, 2_000, 6_000, EnginePipeline.DEFAULT_RING_SIZE, WaitStrategyChoice.DEFAULT);
    }

    int largest() {
        return naiveSizes[naiveSizes.length - 1];
    }
}
