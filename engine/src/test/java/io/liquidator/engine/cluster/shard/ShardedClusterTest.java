package io.liquidator.engine.cluster.shard;

import io.liquidator.engine.app.EngineSession;
import io.liquidator.engine.cli.EngineOptions;
import io.liquidator.engine.cluster.ClusterClient;
import io.liquidator.engine.cluster.ClusterConfig;
import io.liquidator.engine.cluster.ClusterReplay;
import io.liquidator.engine.cluster.FreePorts;
import io.liquidator.engine.cluster.LocalCluster;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.OutputJournal;
import io.liquidator.journal.OutputJournalCursor;
import io.liquidator.journal.EventRecords;
import io.liquidator.journal.Rejections;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shards as clusters: one (single-member) cluster per shard of a three-asset configuration, a
 * {@link ShardRouter} over one {@link ClusterClient} per shard, the generated market of
 * {@link ShardScenario} sent through it. Each shard's events, as its client received them, must be
 * byte for byte those of a single-process engine fed the same shard's inputs; and a member refuses
 * an input of another shard's instrument ({@link Rejections#WRONG_SHARD}) instead of keeping it.
 */
final class ShardedClusterTest {

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void eachShardClusterDecidesWhatItsShardDecidesAlone() throws Exception {
        final Path dir = Path.of("target", "sharded-cluster-test").toAbsolutePath();
        FreePorts.freshDirectory(dir);
        final Path engineFile = dir.resolve("three-assets.yaml");
        try (InputStream in = ShardedClusterTest.class.getResourceAsStream("three-assets.yaml")) {
            Files.copy(in, engineFile);
        }
        final LiquidatorConfig config = LiquidatorConfig.load(engineFile);
        final ShardMap map = ShardMap.of(config);
        assertTrue(map.shardCount() >= 2, "the test configuration has several shards");
        final EngineSettings settings = EngineOptions.settingsOf(config, List.of());
        final List<Input> inputs = ShardScenario.generate(config, 11, 6_000);

        final List<LocalCluster> clusters = new ArrayList<>();
        final List<ClusterClient> clients = new ArrayList<>();
        final List<OutputJournal> received = new ArrayList<>();
        try {
            int port = FreePorts.block();
            for (int s = 0; s < map.shardCount(); s++) {
                final ClusterConfig c = new ClusterConfig(null, engineFile.toString(), List.of(),
                    dir.resolve("cluster-" + map.name(s)), "localhost", port, 1, 2000, ClusterConfig.Idle.BACKOFF,
                    map.name(s));
                port = FreePorts.block(port + 100);
                Files.createDirectories(c.directory());
                final Path file = c.directory().resolve("cluster.yaml");
                Files.writeString(file, c.toYaml());
                final LocalCluster cluster = new LocalCluster(c, file, List.of("-Xmx512m"));
                clusters.add(cluster);
                cluster.start();
            }
            for (int s = 0; s < map.shardCount(); s++) {
                assertTrue(clusters.get(s).awaitLeader(120_000, clusters.get(s)::checkStarted).isPresent());
                final OutputJournal journal = OutputJournal.open(dir.resolve("received-" + map.name(s)));
                received.add(journal);
                clients.add(ClusterClient.options(clusters.get(s).config().ingressEndpoints(),
                        clusters.get(s).config().directory().resolve("client-aeron"))
                    .listener((b, o, l, seq) -> journal.appendRecord(b, o, l)).connect());
            }

            final ShardRouter router = new ShardRouter(map, clients);
            inputs.forEach(in -> in.feed(router));
            for (final ClusterClient c : clients) {
                assertTrue(c.awaitCompletion(120_000), "every input acknowledged, every event delivered");
            }

            // the reference: one engine per shard, fed that shard's inputs numbered as its cluster numbers them
            final List<EngineSession> sessions = new ArrayList<>();
            final List<InputHandler> renumbered = new ArrayList<>();
            for (int s = 0; s < map.shardCount(); s++) {
                final EngineSession session = EngineSession.options(config, settings)
                    .output(dir.resolve("reference-" + map.name(s))).open();
                sessions.add(session);
                renumbered.add(new Renumbered(session.input()));
            }
            final ShardRouter referenceRouter = new ShardRouter(map, renumbered);
            inputs.forEach(in -> in.feed(referenceRouter));
            sessions.forEach(EngineSession::close);

            long total = 0;
            for (int s = 0; s < map.shardCount(); s++) {
                final long[] cmp = ClusterReplay.compare(dir.resolve("received-" + map.name(s)),
                    dir.resolve("reference-" + map.name(s)));
                assertEquals(cmp[1], cmp[0], "shard " + map.name(s) + ": every event received");
                assertEquals(0, cmp[3], "shard " + map.name(s) + ": byte-identical, in order");
                total += cmp[0];
            }
            assertTrue(total > 1_000, "the scenario liquidates: " + total + " events");

            // an input of another shard's instrument sent to the first shard's cluster is refused there
            final int foreign = map.instrumentsOf(1).get(0).id();
            final long before = received.get(0).lastOutputSequence();
            clients.get(0).onMarkPrice(0, Long.MAX_VALUE / 2, foreign, 1, 0);
            assertTrue(clients.get(0).awaitCompletion(60_000));
            assertEquals(before + 1, received.get(0).lastOutputSequence(), "one event: the refusal");
            final ExpandableArrayBuffer last = new ExpandableArrayBuffer(128);
            try (OutputJournalCursor cursor = received.get(0).cursor()) {
                cursor.seek(before + 1);
                assertTrue(cursor.copyNext(last, 0, last.capacity()) > 0);
            }
            assertEquals(EventRecords.KIND_REJECTION, last.getByte(EventRecords.KIND_OFFSET));
            assertEquals(Rejections.WRONG_SHARD, last.getInt(42, java.nio.ByteOrder.LITTLE_ENDIAN));
        } finally {
            clients.forEach(ClusterClient::close);
            received.forEach(OutputJournal::close);
            clusters.forEach(LocalCluster::close);
        }
    }

    /** Passes every input on with the sequence its shard's cluster gives it: 1, 2, 3… in arrival order. */
    private static final class Renumbered implements InputHandler {
        private final InputHandler target;
        private long seq;

        Renumbered(final InputHandler target) {
            this.target = target;
        }

        @Override
        public void onMarkPrice(final long s, final long ts, final int instrument, final long price, final long line) {
            target.onMarkPrice(++seq, ts, instrument, price, line);
        }

        @Override
        public void onPosition(final long s, final long ts, final long account, final int instrument, final int side,
                               final long qty, final long entry, final boolean cross, final long margin, final long line) {
            target.onPosition(++seq, ts, account, instrument, side, qty, entry, cross, margin, line);
        }

        @Override
        public void onWallet(final long s, final long ts, final long account, final int asset, final long balance,
                             final long line) {
            target.onWallet(++seq, ts, account, asset, balance, line);
        }

        @Override
        public void onFunding(final long s, final long ts, final int instrument, final long rate, final long line) {
            target.onFunding(++seq, ts, instrument, rate, line);
        }

        @Override
        public void onInstrumentUpdate(final long s, final long ts, final int instrument, final CharSequence definition,
                                       final long line) {
            target.onInstrumentUpdate(++seq, ts, instrument, definition, line);
        }

        @Override
        public void onControl(final long s, final long ts, final int code, final long line) {
            target.onControl(++seq, ts, code, line);
        }

        @Override
        public void onMalformed(final long s, final long ts, final int kind, final int reason, final long line) {
            target.onMalformed(++seq, ts, kind, reason, line);
        }
    }
}
