package io.liquidator.engine.pipeline;

import io.liquidator.engine.core.LiquidationEngine;

/**
 * Called on the engine thread, between two inputs, when a snapshot is due: on a snapshot request in
 * the input stream, on {@link EnginePipeline#snapshot}, or every N inputs. The engine is quiescent
 * for the duration of the call, so the hook may read all of it; it should copy what it needs and
 * leave the file work to another thread (what {@code AsyncSnapshotWriter} does).
 */
@FunctionalInterface
public interface SnapshotHook {
    /** Does nothing: the default. */
    SnapshotHook NONE = engine -> false;

    /** @return whether a snapshot was taken (false: skipped, e.g. the previous one is still being written) */
    boolean snapshot(LiquidationEngine engine);
}
