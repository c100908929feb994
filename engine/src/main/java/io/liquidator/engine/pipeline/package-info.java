/**
 * The path every input takes to the engine: a producer publishes through an
 * {@link io.liquidator.engine.pipeline.InputPublisher} into a preallocated Disruptor ring of
 * {@link io.liquidator.engine.pipeline.InputEvent}s; one thread runs the
 * {@link io.liquidator.engine.pipeline.EngineHandler}, which hands each input to the single-writer
 * {@link io.liquidator.engine.core.LiquidationEngine}, whose decisions leave through its
 * {@link io.liquidator.engine.core.EventSink}. {@link io.liquidator.engine.pipeline.EnginePipeline}
 * wires it (ring size, producer type, {@link io.liquidator.engine.pipeline.WaitStrategyChoice}) and
 * owns the life cycle.
 *
 * <p>Nothing on this path allocates once warm: the ring's slots are reused, the publisher writes
 * primitives into them, the handler reads primitives out (checked by {@code PipelineAllocationTest},
 * and by {@code scripts/alloc-guard} for the benchmarks).
 */
package io.liquidator.engine.pipeline;
