package io.liquidator.engine.cluster;

import io.liquidator.engine.app.SyntheticMarket;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.replay.CsvReplaySource;
import io.liquidator.journal.EventRecords;
import io.liquidator.journal.OutputJournal;
import io.liquidator.journal.OutputJournalCursor;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failover test, short: a generated book and crash sent through a real 3-member cluster (three
 * {@code cluster-node} processes on loopback, Agrona as the project pins it) while the leader is
 * killed with SIGKILL twice and a cluster snapshot is taken between the kills; the events the client
 * received must be the single-process replay's, byte for byte and in order, and every member must end
 * in the replay's state. {@code scripts/cluster-replay} runs the long version.
 */
final class ClusterFailoverTest {

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void killingTheLeaderTwiceLosesAndDuplicatesNothing() throws Exception {
        // under target/, not a temporary directory: the members' logs stay for a look after a failure
        final Path dir = Path.of("target", "cluster-failover-test").toAbsolutePath();
        FreePorts.freshDirectory(dir);
        final Path market = dir.resolve("market");
        new SyntheticMarket(7, 3_000, 30_000, 30).writeTo(market);
        final LiquidatorConfig config = LiquidatorConfig.bundledDefault();
        final EngineSettings settings = io.liquidator.engine.cli.EngineOptions.settingsOf(config, List.of("USDT=10000"));
        final ClusterConfig cluster = new ClusterConfig(null, "bundled", List.of("USDT=10000"), dir.resolve("cluster"),
            "localhost", FreePorts.block(), 3, 2000, ClusterConfig.Idle.BACKOFF, null);
        final StringWriter log = new StringWriter();
        final ClusterReplay.Plan plan = new ClusterReplay.Plan(config, settings, cluster,
            handler -> CsvReplaySource.builder(config).positions(market.resolve("positions.csv"))
                .wallets(market.resolve("wallets.csv")).ticks(market.resolve("ticks.csv")).build().run(handler),
            dir.resolve("out"), new double[] {0.3, 0.7}, new double[] {0.5}, List.of("-Xmx512m"), 0);

        final ClusterReplay.Result r = ClusterReplay.run(plan, new PrintWriter(log, true));
        System.out.println(log);

        assertEquals(2, r.kills(), "both kills happened");
        assertTrue(r.reference() > 1_000, "the crash liquidates: " + r.reference() + " events");
        assertEquals(r.reference(), r.received(), "every event of the replay was received");
        assertEquals(0, r.lost());
        assertEquals(0, r.mismatched(), "received events are byte-identical to the replay's, in order");
        assertEquals(3, r.memberStates().size());
        for (final String member : r.memberStates()) {
            assertEquals(r.referenceState(), member, "each member ends in the single-process state");
        }
        assertTrue(r.equal());
        // what dump reads: the received journal holds output sequences 1..n, each once
        final ExpandableArrayBuffer record = new ExpandableArrayBuffer(256);
        long records = 0;
        try (OutputJournal events = OutputJournal.open(dir.resolve("out").resolve("events"));
             OutputJournalCursor cursor = events.cursor()) {
            // the cursor checks each record's output sequence is the next one as it reads
            while (cursor.copyNext(record, 0, record.capacity()) > 0) {
                records++;
                assertEquals(records, record.getLong(EventRecords.OUTPUT_SEQ_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN));
            }
        }
        assertEquals(r.reference(), records);
        assertFalse(r.failoverGapsNs().isEmpty(), "a failover gap was measured");
    }

}
