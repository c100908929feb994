package io.liquidator.engine.cli;

import io.liquidator.engine.cluster.ClusterConfig;
import io.liquidator.engine.cluster.ClusterReplay;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code liquidator cluster-replay}: the failover test (see {@link ClusterReplay}). Exit 0 when the
 * events the client received through the cluster, and every member's state, equal a single-process
 * replay of the same files; 1 when they do not.
 */
@Command(name = "cluster-replay", mixinStandardHelpOptions = true,
    description = {"Sends a history through a 3-member liquidator cluster started for the purpose, kills the",
        "leader with SIGKILL at the given points (--kill-leader-at 0.3,0.6), restarts it, and checks the events",
        "the client received (OUT/events, for liquidator dump) and every member's state hash against a",
        "single-process replay of the same files (OUT/reference)."})
public final class ClusterReplayCommand implements Callable<Integer> {
    @Mixin
    private EngineOptions engine;

    @Mixin
    private ReplayInputOptions files;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (new or empty).")
    private Path out;

    @Option(names = "--cluster", paramLabel = "FILE",
        description = "A cluster file for ports, heartbeat and idle strategy (default: 3 members on localhost,"
            + " ports 21000+, 3 s heartbeat, backoff idle); its engine_config and directory are replaced.")
    private Path clusterFile;

    @Option(names = "--kill-leader-at", split = ",", paramLabel = "FRACTION",
        description = "Points of the stream (fractions in (0, 1), comma separated) at which to SIGKILL the leader.")
    private List<Double> killAt = new ArrayList<>();

    @Option(names = "--snapshot-at", split = ",", paramLabel = "FRACTION",
        description = "Points of the stream at which the leader is asked for a cluster snapshot (ClusterTool).")
    private List<Double> snapshotAt = new ArrayList<>();

    @Option(names = "--port-base", paramLabel = "PORT", description = "Overrides the cluster file's port_base.")
    private Integer portBase;

    @Option(names = "--node-heap", paramLabel = "SIZE", defaultValue = "1g", description = "Each member's -Xmx (default 1g).")
    private String nodeHeap;

    @Option(names = "--rate", paramLabel = "INPUTS_PER_S", defaultValue = "0",
        description = "Send at this rate, open loop, and measure per-input latency on both sides (default 0: as fast"
            + " as possible).")
    private long rate;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (Files.isDirectory(out)) {
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw new InputException(out + " is not empty: cluster-replay writes a new cluster and journals");
                }
            }
        }
        if (!files.any()) {
            throw new InputException("nothing to replay: give --ticks FILE [--positions FILE] [--wallets FILE]");
        }
        final PrintWriter o = spec.commandLine().getOut();
        ClusterConfig cluster = clusterFile == null ? defaults() : ClusterConfig.load(clusterFile);
        if (portBase != null) {
            cluster = cluster.withDirectory(cluster.directory(), portBase);
        }
        final Path engineConfig = engine.configPath();
        cluster = cluster.withEngineConfig(engineConfig == null ? "bundled" : engineConfig.toAbsolutePath().toString(),
            engine.insuranceFundEntries());
        final PrintWriter quiet = new PrintWriter(PrintWriter.nullWriter());
        final ClusterReplay.Plan plan = new ClusterReplay.Plan(engine.config(), engine.settings(), cluster,
            handler -> files.replay(engine.config(), handler, quiet), out, toArray(killAt), toArray(snapshotAt),
            List.of("-Xmx" + nodeHeap, "-XX:+ExitOnOutOfMemoryError"), rate);
        final ClusterReplay.Result r = ClusterReplay.run(plan, o);
        print(o, r);
        o.flush();
        return r.equal() ? LiquidatorCli.OK : 1;
    }

    private static ClusterConfig defaults() {
        return new ClusterConfig(null, "bundled", List.of(), Path.of("target/cluster"), "localhost", 21000, 3, 3000,
            ClusterConfig.Idle.BACKOFF, null);
    }

    private static double[] toArray(final List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static void print(final PrintWriter o, final ClusterReplay.Result r) {
        final Histogram h = r.ackLatencyNs();
        o.printf(Locale.ROOT, "inputs      %d%n", r.inputs());
        o.printf(Locale.ROOT, "events      received %d, single-process replay %d, lost %d, mismatched %d,"
            + " duplicates dropped by the client %d%n", r.received(), r.reference(), r.lost(), r.mismatched(),
            r.duplicatesDropped());
        o.printf(Locale.ROOT, "leader kills %d, leader changes seen %d, window resends %d%n", r.kills(), r.leaderChanges(),
            r.resends());
        if (!r.failoverGapsNs().isEmpty()) {
            final long[] g = r.failoverGapsNs().stream().mapToLong(Long::longValue).sorted().toArray();
            o.printf(Locale.ROOT, "failover    kill -> first acknowledgement from the new leader: min %.0f ms, median %.0f ms,"
                + " max %.0f ms%n", g[0] / 1e6, g[g.length / 2] / 1e6, g[g.length - 1] / 1e6);
        }
        o.printf(Locale.ROOT, "throughput  cluster %.0f inputs/s (%.2f s), single-process replay %.0f inputs/s (%.2f s),"
            + " ratio %.3f%n", r.inputs() / (r.clusterNanos() / 1e9), r.clusterNanos() / 1e9,
            r.inputs() / (r.referenceNanos() / 1e9), r.referenceNanos() / 1e9,
            (double) r.referenceNanos() / r.clusterNanos());
        o.printf(Locale.ROOT, "ack latency per message (send -> ACK through consensus): p50 %.0f us, p99 %.0f us,"
            + " p99.9 %.0f us, max %.0f us, %d messages%n", h.getValueAtPercentile(50) / 1e3,
            h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3,
            h.getTotalCount());
        if (r.rate() > 0) {
            final Histogram c = r.clusterLatencyNs();
            final Histogram s = r.referenceLatencyNs();
            o.printf(Locale.ROOT, "latency at %d inputs/s, open loop, per input from its planned send time:%n", r.rate());
            o.printf(Locale.ROOT, "  cluster (ACK: in the log on a quorum, applied by the leader) p50 %.0f us, p99 %.0f us,"
                + " p99.9 %.0f us, max %.0f us (%d inputs)%n", c.getValueAtPercentile(50) / 1e3,
                c.getValueAtPercentile(99) / 1e3, c.getValueAtPercentile(99.9) / 1e3, c.getMaxValue() / 1e3,
                c.getTotalCount());
            o.printf(Locale.ROOT, "  single process (engine done, events journaled)               p50 %.0f us, p99 %.0f us,"
                + " p99.9 %.0f us, max %.0f us (%d inputs)%n", s.getValueAtPercentile(50) / 1e3,
                s.getValueAtPercentile(99) / 1e3, s.getValueAtPercentile(99.9) / 1e3, s.getMaxValue() / 1e3,
                s.getTotalCount());
        }
        for (int m = 0; m < r.memberStates().size(); m++) {
            o.printf(Locale.ROOT, "member %d    inputs outputs hash: %s%n", m, r.memberStates().get(m));
        }
        o.printf(Locale.ROOT, "replay      inputs outputs hash: %s%n", r.referenceState());
        o.println(r.equal() ? "EQUAL: the cluster's events and every member's state equal the single-process replay"
            : "DIFFERENT: see above");
    }
}
