package io.liquidator.engine.pipeline;

import io.liquidator.engine.instrument.Instrument;

/**
 * Turns an instrument update's definition text into an {@link Instrument}, on the producer's thread
 * (never the engine's): parsing YAML allocates, and instrument updates are rare.
 * {@code LiquidatorConfig::parseInstrument} is the implementation every command uses.
 */
@FunctionalInterface
public interface InstrumentDecoder {
    /** @throws RuntimeException (e.g. a {@code ConfigException}) if the text is not a valid definition */
    Instrument decode(int instrument, CharSequence definition, String source);
}
