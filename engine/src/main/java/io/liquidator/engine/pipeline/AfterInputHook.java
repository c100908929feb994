package io.liquidator.engine.pipeline;

/**
 * Called on the engine thread right after the engine has handled an input (controls excluded),
 * with that input's sequence. The engine emits its events synchronously, so by then every event
 * the input caused is in the sink (behind a {@code JournalEventSink}, appended to the output
 * journal).
 *
 * <p>Why it exists: the end of a Disruptor batch is the only other per-input signal, and it comes
 * after the whole batch, so an end-to-end latency measurement that stamped completions there would
 * charge the first input of a batch for the ones behind it. A latency harness stamps
 * {@code System.nanoTime()} here instead. It runs on the hot path: it must not allocate, block or
 * throw. The default, {@link #NONE}, does nothing (one monomorphic call the JIT inlines away).
 */
@FunctionalInterface
public interface AfterInputHook {
    /** Does nothing: the default. */
    AfterInputHook NONE = sequence -> {
    };

    /** @param sequence the input sequence of the input just handled (accepted or rejected) */
    void afterInput(long sequence);
}
