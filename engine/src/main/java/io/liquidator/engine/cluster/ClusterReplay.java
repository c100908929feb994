package io.liquidator.engine.cluster;

import io.aeron.cluster.ClusterTool;
import io.liquidator.engine.app.EngineSession;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.OutputJournal;
import io.liquidator.journal.OutputJournalCursor;
import org.HdrHistogram.Histogram;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The failover test as a tool: a history sent through a 3-member cluster while its leader is killed
 * with SIGKILL at given points, checked against a single-process replay of the same history.
 * It starts the members ({@link LocalCluster}), sends every input through a {@link ClusterClient}
 * (whose events go to an output journal, {@code OUT/events}), kills the leader at each fraction of
 * the stream and restarts it (it rejoins as a follower and catches up from its log), waits for every
 * input to be acknowledged and every event delivered, asks every member for its state hash at the
 * same point of the log, then runs the same history through {@code replay}'s engine session
 * ({@code OUT/reference}) and compares: the same records, byte for byte, in the same order, and the
 * same state hash on every member.
 */
public final class ClusterReplay {
    private static final long STATE_QUERY = 1;

    /** What to run: the engine, the history (a function that streams it into a handler) and the kills. */
    public record Plan(LiquidatorConfig config, EngineSettings settings, ClusterConfig cluster,
                       Consumer<InputHandler> history, Path out, double[] killAt, double[] snapshotAt,
                       List<String> nodeJvmOptions, long rate) {
    }

    /** What came out. */
    public record Result(long inputs, long received, long reference, long lost, long mismatched, long duplicatesDropped,
                         List<String> memberStates, String referenceState, int kills, List<Long> failoverGapsNs,
                         long clusterNanos, long referenceNanos, Histogram ackLatencyNs, long resends, long leaderChanges,
                         long rate, Histogram clusterLatencyNs, Histogram referenceLatencyNs) {

        /** True when the cluster's events and every member's state equal the single-process replay's. */
        public boolean equal() {
            return lost == 0 && mismatched == 0 && received == reference
                && memberStates.stream().allMatch(referenceState::equals);
        }
    }

    private ClusterReplay() {
    }

    public static Result run(final Plan plan, final PrintWriter log) throws IOException, InterruptedException {
        final long[] total = {0};
        plan.history().accept(new CountingHandler(() -> total[0]++));
        final long inputs = total[0];
        final long[] killPoints = points(plan.killAt(), inputs);
        final long[] snapshotPoints = points(plan.snapshotAt(), inputs);

        final Path clusterDir = plan.out().resolve("cluster").toAbsolutePath();
        Files.createDirectories(clusterDir);
        final ClusterConfig cluster = plan.cluster().withDirectory(clusterDir, plan.cluster().portBase());
        final Path clusterFile = clusterDir.resolve("cluster.yaml");
        Files.writeString(clusterFile, cluster.toYaml());

        log.printf(Locale.ROOT, "cluster     %d members in %s, %d inputs, leader kills at %s%n", cluster.members(),
            clusterDir, inputs, Arrays.toString(killPoints));
        log.flush();
        final Result result;
        try (LocalCluster members = new LocalCluster(cluster, clusterFile, plan.nodeJvmOptions())) {
            members.start();
            if (members.awaitLeader(120_000, members::checkStarted).isEmpty()) {
                throw new IllegalStateException("no leader elected within 120 s; see " + clusterDir + "/node-*.log");
            }
            final Histogram ack = new Histogram(3_600_000_000_000L, 3);
            final Histogram clusterLatency = new Histogram(3_600_000_000_000L, 3);
            final long[] planned = new long[(int) inputs + 2];
            final long[] recorded = {0};
            try (OutputJournal received = OutputJournal.open(plan.out().resolve("events"));
                 ClusterClient client = ClusterClient.options(cluster.ingressEndpoints(), clusterDir.resolve("client-aeron"))
                     .host(cluster.host())
                     .listener((b, o, l, seq) -> received.appendRecord(b, o, l))
                     .ackLatency(ack)
                     .reconnectAfterMs(cluster.heartbeatTimeoutMs() + 2_000)
                     .ackListener(acked -> {
                         // per input, open loop: from the time it was planned to be sent to its ACK
                         final long now = System.nanoTime();
                         for (long k = recorded[0] + 1; k <= acked && k < planned.length; k++) {
                             if (planned[(int) k] != 0) {
                                 clusterLatency.recordValue(Math.min(now - planned[(int) k], 3_600_000_000_000L));
                             }
                         }
                         recorded[0] = Math.max(recorded[0], acked);
                     })
                     .connect()) {
                final long start = System.nanoTime();
                final int[] kills = {0};
                final Killer killer = new Killer(members, client, killPoints, snapshotPoints, log, kills,
                    new Pacer(plan.rate(), start, planned, () -> {
                        client.flush();
                        client.poll();
                    }));
                plan.history().accept(killer);
                if (!client.awaitCompletion(180_000)) {
                    throw new IllegalStateException("the cluster did not acknowledge every input and deliver every event"
                        + " within 3 min: acknowledged " + client.acknowledged() + " of " + client.sent() + ", delivered "
                        + client.delivered() + ", leader changes " + client.leaderChanges() + ", resends "
                        + client.resends() + ", reconnects " + client.reconnects());
                }
                final long clusterNanos = System.nanoTime() - start;
                final ClusterClient.State state = client.queryState(STATE_QUERY, 120_000);
                final List<String> memberStates = awaitMemberStates(members, client);
                log.printf(Locale.ROOT, "cluster     done in %.2f s: %d inputs acknowledged, %d events delivered, leader's"
                    + " state hash %016x (member %d)%n", clusterNanos / 1e9, client.acknowledged(), client.delivered(),
                    state.stateHash(), state.member());
                log.flush();
                final Histogram referenceLatency = new Histogram(3_600_000_000_000L, 3);
                final long referenceStart = System.nanoTime();
                final String referenceState = reference(plan, referenceLatency, new long[planned.length]);
                final long referenceNanos = System.nanoTime() - referenceStart;
                final long[] cmp = compare(plan.out().resolve("events"), plan.out().resolve("reference"));
                result = new Result(inputs, cmp[0], cmp[1], cmp[2], cmp[3], client.duplicatesDropped(), memberStates,
                    referenceState, kills[0], client.failoverGapsNs(), clusterNanos, referenceNanos, ack,
                    client.resends(), client.leaderChanges(), plan.rate(), clusterLatency, referenceLatency);
            }
        }
        return result;
    }

    /** Input counts at which to act, from fractions of the stream. */
    private static long[] points(final double[] fractions, final long inputs) {
        if (fractions == null) {
            return new long[0];
        }
        final long[] p = new long[fractions.length];
        for (int i = 0; i < fractions.length; i++) {
            if (!(fractions[i] > 0 && fractions[i] < 1)) {
                throw new IllegalArgumentException("a kill or snapshot point is a fraction of the stream in (0, 1), not "
                    + fractions[i]);
            }
            p[i] = Math.max(1, Math.round(fractions[i] * inputs));
        }
        Arrays.sort(p);
        return p;
    }

    /** Every member's {@code lastInputSeq lastOutputSeq hash} for the final query, once each has applied it. */
    private static List<String> awaitMemberStates(final LocalCluster members, final ClusterClient client) {
        final long deadline = System.nanoTime() + 300_000_000_000L;
        final int n = members.config().members();
        final List<String> states = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            states.clear();
            for (int m = 0; m < n; m++) {
                members.stateHash(m, STATE_QUERY).ifPresent(states::add);
            }
            if (states.size() == n) {
                return List.copyOf(states);
            }
            client.poll();
            sleep(5);
        }
        throw new IllegalStateException("only " + states.size() + " of " + n + " members reported their state within 5 min");
    }

    /**
     * The single-process replay of the same history, paced like the cluster run when a rate is given
     * (latency per input: planned time to the engine thread done with it, its events journaled);
     * returns its {@code lastInputSeq lastOutputSeq hash}.
     */
    private static String reference(final Plan plan, final Histogram latency, final long[] planned) {
        final EngineSession session = EngineSession.options(plan.config(), plan.settings())
            .output(plan.out().resolve("reference"))
            .afterInput(seq -> {
                if (seq > 0 && seq < planned.length && planned[(int) seq] != 0) {
                    latency.recordValue(Math.min(System.nanoTime() - planned[(int) seq], 3_600_000_000_000L));
                }
            })
            .open();
        final long[] inputs = {0};
        try {
            final Pacer pacer = new Pacer(plan.rate(), System.nanoTime(), planned, Thread::onSpinWait);
            plan.history().accept(new CountingHandler(() -> inputs[0]++, session.input()) {
                @Override
                void before() {
                    pacer.await(inputs[0] + 1);
                }
            });
        } finally {
            session.close();
        }
        return inputs[0] + " " + session.lastOutputSequence() + " " + Long.toHexString(session.engine().stateHash());
    }

    /** {received, reference, lost, mismatched}: record-by-record, bytes compared. */
    public static long[] compare(final Path receivedDir, final Path referenceDir) {
        long received = 0;
        long reference = 0;
        long mismatched = 0;
        final ExpandableArrayBuffer a = new ExpandableArrayBuffer(256);
        final ExpandableArrayBuffer b = new ExpandableArrayBuffer(256);
        try (OutputJournal r = OutputJournal.open(receivedDir); OutputJournal f = OutputJournal.open(referenceDir);
             OutputJournalCursor rc = r.cursor(); OutputJournalCursor fc = f.cursor()) {
            while (true) {
                final int la = rc.copyNext(a, 0, a.capacity());
                final int lb = fc.copyNext(b, 0, b.capacity());
                if (la > 0) {
                    received++;
                }
                if (lb > 0) {
                    reference++;
                }
                if (la <= 0 && lb <= 0) {
                    break;
                }
                if (la > 0 && lb > 0 && !equalBytes(a, la, b, lb)) {
                    mismatched++;
                }
            }
        }
        return new long[] {received, reference, Math.max(0, reference - received), mismatched};
    }

    private static boolean equalBytes(final ExpandableArrayBuffer a, final int la, final ExpandableArrayBuffer b,
                                      final int lb) {
        if (la != lb) {
            return false;
        }
        for (int i = 0; i < la; i++) {
            if (a.getByte(i) != b.getByte(i)) {
                return false;
            }
        }
        return true;
    }

    private static void sleep(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Forwards inputs to the client and, at the planned points, kills the leader or has it snapshot. */
    private static final class Killer extends CountingHandler {
        private final LocalCluster members;
        private final ClusterClient client;
        private final long[] killPoints;
        private final long[] snapshotPoints;
        private final PrintWriter log;
        private final int[] kills;
        private int nextKill;
        private long ackedAtLastKill = -1;
        private int nextSnapshot;
        private long count;

        private final Pacer pacer;

        Killer(final LocalCluster members, final ClusterClient client, final long[] killPoints,
               final long[] snapshotPoints, final PrintWriter log, final int[] kills, final Pacer pacer) {
            super(null, client);
            this.pacer = pacer;
            this.members = members;
            this.client = client;
            this.killPoints = killPoints;
            this.snapshotPoints = snapshotPoints;
            this.log = log;
            this.kills = kills;
        }

        @Override
        void before() {
            pacer.await(count + 1);
        }

        @Override
        void counted() {
            count++;
            while (nextSnapshot < snapshotPoints.length && count >= snapshotPoints[nextSnapshot]) {
                nextSnapshot++;
                snapshot();
            }
            while (nextKill < killPoints.length && count >= killPoints[nextKill]) {
                nextKill++;
                kill();
            }
        }

        private void snapshot() {
            client.flush();
            String outcome = "no leader";
            for (int attempt = 1; attempt <= 3; attempt++) {
                final OptionalInt leader = members.awaitLeader(60_000, client::poll);
                if (leader.isEmpty()) {
                    break;
                }
                try {
                    final boolean ok = ClusterTool.snapshot(members.config().memberDir(leader.getAsInt()).resolve("cluster")
                        .toFile(), new PrintStream(PrintStream.nullOutputStream()));
                    outcome = (ok ? "taken" : "refused") + " on leader " + leader.getAsInt();
                    if (ok) {
                        break;
                    }
                } catch (final RuntimeException e) {
                    // ClusterTool talks to the leader's driver; right after a failover that can fail: try again
                    outcome = "failed on leader " + leader.getAsInt() + " (" + e.getMessage() + ")";
                }
                for (int i = 0; i < 500; i++) {
                    client.poll();
                    sleep(2);
                }
            }
            log.printf(Locale.ROOT, "snapshot    at input %d: %s%n", count, outcome);
            log.flush();
        }

        private void kill() {
            client.flush();
            // all members up, a leader elected and serving (inputs acknowledged since the last kill, or
            // none in flight), so that every kill is a real failover of a working cluster mid-stream
            final long deadline = System.nanoTime() + 120_000_000_000L;
            OptionalInt leader = OptionalInt.empty();
            while (System.nanoTime() < deadline) {
                leader = members.leader();
                boolean allUp = true;
                for (int m = 0; m < members.config().members(); m++) {
                    allUp &= members.isAlive(m) && members.role(m).isPresent();
                }
                final boolean serving = client.acknowledged() > ackedAtLastKill || client.acknowledged() == client.sent();
                if (allUp && leader.isPresent() && serving) {
                    break;
                }
                client.poll();
                sleep(1);
            }
            if (leader.isEmpty()) {
                throw new IllegalStateException("no leader to kill at input " + count);
            }
            final int victim = leader.getAsInt();
            try {
                members.kill(victim);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            client.markFailover();
            ackedAtLastKill = client.acknowledged();
            kills[0]++;
            log.printf(Locale.ROOT, "kill        %d: SIGKILL leader %d at input %d (acknowledged %d)%n", kills[0], victim,
                count, client.acknowledged());
            log.flush();
            members.start(victim);
        }
    }

    /**
     * Open-loop pacing: input {@code i} (1-based) is planned at {@code start + (i - 1) / rate} and is
     * not sent before then; the planned time is kept for the latency measurement, so a sender that
     * falls behind is charged for it (no coordinated omission). Rate 0: as fast as possible, nothing
     * recorded.
     */
    private static final class Pacer {
        private final long rate;
        private final long start;
        private final long[] planned;
        private final Runnable whileWaiting;

        Pacer(final long rate, final long start, final long[] planned, final Runnable whileWaiting) {
            this.rate = rate;
            this.start = start;
            this.planned = planned;
            this.whileWaiting = whileWaiting;
        }

        void await(final long input) {
            if (rate <= 0 || input >= planned.length) {
                return;
            }
            final long at = start + (input - 1) * 1_000_000_000L / rate;
            planned[(int) input] = at;
            long now;
            while ((now = System.nanoTime()) < at) {
                whileWaiting.run();
                if (at - now > 300_000) {
                    // a long wait: give the 2 cores to the members (the park overshoots by ~60-100 us)
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                }
            }
        }
    }

    /** Forwards every input (if there is a target) and counts it. */
    private static class CountingHandler implements InputHandler {
        private final Runnable onInput;
        private final InputHandler target;

        CountingHandler(final Runnable onInput) {
            this(onInput, null);
        }

        CountingHandler(final Runnable onInput, final InputHandler target) {
            this.onInput = onInput;
            this.target = target;
        }

        /** Called before each input is forwarded (pacing). */
        void before() {
        }

        void counted() {
            onInput.run();
        }

        @Override
        public void onMarkPrice(final long s, final long ts, final int instrument, final long price, final long line) {
            before();
            if (target != null) {
                target.onMarkPrice(s, ts, instrument, price, line);
            }
            counted();
        }

        @Override
        public void onPosition(final long s, final long ts, final long account, final int instrument, final int side,
                               final long qty, final long entry, final boolean cross, final long margin, final long line) {
            before();
            if (target != null) {
                target.onPosition(s, ts, account, instrument, side, qty, entry, cross, margin, line);
            }
            counted();
        }

        @Override
        public void onWallet(final long s, final long ts, final long account, final int asset, final long balance,
                             final long line) {
            before();
            if (target != null) {
                target.onWallet(s, ts, account, asset, balance, line);
            }
            counted();
        }

        @Override
        public void onFunding(final long s, final long ts, final int instrument, final long rate, final long line) {
            before();
            if (target != null) {
                target.onFunding(s, ts, instrument, rate, line);
            }
            counted();
        }

        @Override
        public void onInstrumentUpdate(final long s, final long ts, final int instrument, final CharSequence definition,
                                       final long line) {
            before();
            if (target != null) {
                target.onInstrumentUpdate(s, ts, instrument, definition, line);
            }
            counted();
        }

        @Override
        public void onControl(final long s, final long ts, final int code, final long line) {
            before();
            if (target != null) {
                target.onControl(s, ts, code, line);
            }
            counted();
        }

        @Override
        public void onMalformed(final long s, final long ts, final int kind, final int reason, final long line) {
            before();
            if (target != null) {
                target.onMalformed(s, ts, kind, reason, line);
            }
            counted();
        }
    }
}
