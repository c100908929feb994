package io.liquidator.engine.cluster;

import io.liquidator.engine.app.SyntheticMarket;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.replay.CsvReplaySource;
import io.liquidator.journal.OutputJournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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
        deleteTree(dir);
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
        final List<Long> seqs = new ArrayList<>();
        try (OutputJournalReader reader = OutputJournalReader.open(dir.resolve("out").resolve("events"))) {
            reader.readAll(new SeqCollector(seqs));
        }
        assertEquals(r.reference(), seqs.size());
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i + 1, seqs.get(i), "output sequence at record " + i);
        }
        assertFalse(r.failoverGapsNs().isEmpty(), "a failover gap was measured");
    }

    private static void deleteTree(final Path dir) throws java.io.IOException {
        if (java.nio.file.Files.exists(dir)) {
            try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
                for (final Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    java.nio.file.Files.delete(p);
                }
            }
        }
    }

    private static final class SeqCollector implements io.liquidator.journal.EventRecordVisitor {
        private final List<Long> seqs;

        SeqCollector(final List<Long> seqs) {
            this.seqs = seqs;
        }

        @Override
        public void onMarginCall(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                 final int instrument, final boolean cross, final int level, final long levelRatio,
                                 final long markPrice, final long equity, final long maintenanceMargin, final int tier,
                                 final long marginRatio) {
            seqs.add(outputSeq);
        }

        @Override
        public void onPartialLiquidation(final long outputSeq, final long inputSeq, final long timestamp,
                                         final long account, final int instrument, final int side, final long closedQty,
                                         final long remainingQty, final long markPrice, final long bankruptcyPrice,
                                         final long equity, final long maintenanceMargin, final int tier,
                                         final long marginRatio, final int rule) {
            seqs.add(outputSeq);
        }

        @Override
        public void onLiquidation(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                  final int instrument, final int side, final long qty, final boolean cross,
                                  final long markPrice, final long bankruptcyPrice, final long equity,
                                  final long maintenanceMargin, final int tier, final long marginRatio, final int rule) {
            seqs.add(outputSeq);
        }

        @Override
        public void onInsuranceFund(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                    final int instrument, final int asset, final long delta, final long balance) {
            seqs.add(outputSeq);
        }

        @Override
        public void onAdl(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                          final int instrument, final int side, final long qty, final long price, final long pnl,
                          final long rank) {
            seqs.add(outputSeq);
        }

        @Override
        public void onRejection(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                final int instrument, final int inputKind, final int reason, final long line) {
            seqs.add(outputSeq);
        }

        @Override
        public void onGuard(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                            final int instrument, final int reason, final int state, final long price,
                            final long referencePrice) {
            seqs.add(outputSeq);
        }
    }
}
