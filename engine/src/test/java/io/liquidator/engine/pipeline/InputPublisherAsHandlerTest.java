package io.liquidator.engine.pipeline;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.core.RecordingSink;
import io.liquidator.journal.InputRecords;
import io.liquidator.journal.Rejections;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The publisher as the {@code InputHandler} every source decodes into: source lines reach the
 * rejections, undecodable inputs are journaled in their place, instrument updates are parsed on the
 * producer's side, and a snapshot request in the stream reaches the snapshot hook in order.
 */
class InputPublisherAsHandlerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final LiquidatorConfig CONFIG = LiquidatorConfig.bundledDefault();

    private static final String BTCUSDT_ONE_BRACKET = String.join("\n",
        "symbol: BTCUSDT", "kind: linear", "settlement_asset: USDT", "profile: binance",
        "price_tick: 0.1", "qty_step: 0.001",
        "brackets:",
        "  - { notional_floor: 0, notional_cap: 1000000000, mmr: 0.01, maintenance_amount: 0, max_leverage: 50 }");

    @Test
    void linesReasonsAndOrderReachTheJournaledRejections() {
        final RecordingSink sink = new RecordingSink();
        final AtomicInteger snapshots = new AtomicInteger();
        final LiquidationEngine engine = new LiquidationEngine(CONFIG.instruments(),
            EngineSettings.builder().expectedPositions(16).build(), sink);
        final EnginePipeline pipeline = EnginePipeline.builder(engine)
            .snapshots(e -> {
                snapshots.incrementAndGet();
                sink.events.add("SNAPSHOT after " + e.markPrice(0));
                return true;
            }, 0)
            .build().start();
        final InputPublisher in = pipeline.publisher().instrumentDecoder(CONFIG::parseInstrument);

        in.onMarkPrice(1, 1000, 0, 600_000, 2);
        in.onMalformed(2, 1000, InputRecords.KIND_MARK_PRICE, Rejections.NOT_A_NUMBER, 3);
        in.onMarkPrice(3, 1000, 9, 600_000, 4);
        in.onControl(4, 1000, InputRecords.CONTROL_SNAPSHOT, 0);
        in.onInstrumentUpdate(5, 1000, 0, "symbol: [", 0);
        in.onInstrumentUpdate(6, 1000, 1, BTCUSDT_ONE_BRACKET, 0);
        in.onInstrumentUpdate(7, 1000, 0, BTCUSDT_ONE_BRACKET, 0);
        in.onControl(8, 1000, 99, 0);
        in.publishUnknown(9, 1000);
        pipeline.close();

        assertEquals(List.of(
            "REJECTION seq=2 kind=1 account=0 instrument=-1 reason=NOT_A_NUMBER line=3",
            "REJECTION seq=3 kind=1 account=0 instrument=9 reason=UNKNOWN_INSTRUMENT line=4",
            "SNAPSHOT after 600000",
            "REJECTION seq=5 kind=5 account=0 instrument=-1 reason=INVALID_INSTRUMENT_DEFINITION",
            "REJECTION seq=6 kind=5 account=0 instrument=1 reason=INCOMPATIBLE_INSTRUMENT_UPDATE",
            "REJECTION seq=8 kind=6 account=0 instrument=-1 reason=MALFORMED_RECORD",
            "REJECTION seq=9 kind=0 account=0 instrument=-1 reason=UNKNOWN_INPUT_KIND"), sink.events);
        assertEquals(1, snapshots.get());
        assertEquals(1, engine.instrument(0).brackets().size(), "the valid update (seq 7) was applied");
    }
}
