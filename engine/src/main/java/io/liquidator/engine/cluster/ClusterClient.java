package io.liquidator.engine.cluster;

import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.InputRecordCodec;
import io.liquidator.journal.InputRecords;
import io.liquidator.journal.EventRecords;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends inputs to a liquidator cluster and receives its events, exactly once each, across leader
 * failovers. It is an {@link InputHandler}, so any input source (the CSV replay, the historical
 * importers, the input journal's reader) can be pointed at the cluster unchanged; the input
 * sequence a source passes is ignored (the cluster numbers inputs in log order).
 *
 * <p><b>Inputs, at least once; applied once.</b> Inputs are batched into INPUTS messages numbered
 * per client ({@link ClusterMessages}). Every message stays in an unacknowledged window until an ACK
 * covers it; after a leader change, a gap report, a lost session or a silence, the whole window is
 * resent, and the service applies only the inputs that follow on from the last it applied for this
 * client. The window is bounded ({@code maxUnackedInputs}): a caller running ahead of the cluster
 * waits here (back-pressure, never a drop).
 *
 * <p><b>Events, exactly once and in order.</b> The leader streams each subscriber the records of its
 * output journal from the subscriber's point on; this client delivers a record only if its output
 * sequence is the next one, drops any it already has (counted as duplicates: a new leader may start
 * a little behind) and, on a gap, asks the cluster to resume from the first missing one. The point
 * reached travels back with every INPUTS message and in DELIVERED messages, through the log, so a
 * new leader knows where each stream is.
 *
 * <p>Not thread-safe: one thread sends and polls ({@link #poll} is also called from every send).
 */
public final class ClusterClient implements InputHandler, AutoCloseable {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int MAX_INPUTS_PER_MESSAGE = 1024;
    private static final long RESEND_AFTER_SILENCE_NS = TimeUnit.MILLISECONDS.toNanos(2000);
    private static final long RESUBSCRIBE_AFTER_NS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long DELIVERED_REPORT_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long OWED_POKE_NS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long RESEND_RETRY_NS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long KEEP_ALIVE_NS = TimeUnit.MILLISECONDS.toNanos(1000);

    /** Receives each event once, in output sequence order: the record exactly as the output journal holds it. */
    @FunctionalInterface
    public interface EventListener {
        void onEvent(DirectBuffer record, int offset, int length, long outputSeq);
    }

    private final Options options;
    private final MediaDriver driver;
    private final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 200_000);
    private final ExpandableArrayBuffer batch = new ExpandableArrayBuffer(ClusterMessages.MAX_MESSAGE_LENGTH + 4096);
    private final UnsafeBuffer small = new UnsafeBuffer(new byte[64]);
    private final ArrayDeque<Pending> unacked = new ArrayDeque<>();
    private final ArrayDeque<Pending> pool = new ArrayDeque<>();
    private final List<Pending> resendList = new ArrayList<>();
    private final Egress egressListener = new Egress();
    private AeronCluster cluster;

    private int batchLength = ClusterMessages.INPUTS_HEADER_LENGTH;
    private int batchCount;
    private long nextClientSeq = 1;
    private long ackedClientSeq;
    private long unackedInputs;
    private long ackOutputSeq;
    private long delivered;
    private long reportedDelivered;

    private boolean resendNeeded;
    private long lastGapAck = -1;
    private boolean resubscribeNeeded;
    private long lastAckProgressNs = System.nanoTime();
    private long lastEventProgressNs = System.nanoTime();
    private long lastResubscribeNs;
    private long lastDeliveredReportNs;
    private long lastSendNs = System.nanoTime();
    private long lastResendNs;
    /** The last message from the cluster (any kind): how a dead session is told from a slow one. */
    private long lastEgressNs = System.nanoTime();

    private long stateCorrelation;
    private long stateInputSeq;
    private long stateOutputSeq;
    private long stateHash;
    private int stateMember = -1;

    private long duplicates;
    private long resends;
    private long leaderChanges;
    private long reconnects;
    private long failoverMarkNs;
    private long failoverEpoch;
    private final List<Long> failoverGapsNs = new ArrayList<>();

    private ClusterClient(final Options options) {
        this.options = options;
        if (options.aeronDirectory == null) {
            throw new IllegalArgumentException("an Aeron directory for the client's media driver is required");
        }
        this.driver = options.embeddedDriver ? MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(options.aeronDirectory.toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 10, 1_000, 1_000_000))
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)) : null;
        connect();
    }

    public static Options options(final String ingressEndpoints, final Path aeronDirectory) {
        return new Options(ingressEndpoints, aeronDirectory);
    }

    private void connect() {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.connectTimeoutMs);
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                cluster = AeronCluster.connect(new AeronCluster.Context()
                    .aeronDirectoryName(driver != null ? driver.aeronDirectoryName() : options.aeronDirectory.toString())
                    .ingressChannel("aeron:udp?term-length=4m")
                    .ingressEndpoints(options.ingressEndpoints)
                    .egressChannel("aeron:udp?endpoint=" + options.host + ":0|term-length=4m")
                    .messageTimeoutNs(TimeUnit.SECONDS.toNanos(5))
                    .egressListener(egressListener));
                if (options.listener != null) {
                    sendSubscribe();
                }
                return;
            } catch (final RuntimeException e) {
                last = e;
                sleepQuietly(200);
            }
        }
        throw new IllegalStateException("cannot connect to the cluster at " + options.ingressEndpoints + " within "
            + options.connectTimeoutMs + " ms", last);
    }

    // ---------------------------------------------------------------- InputHandler: the inputs

    @Override
    public void onMarkPrice(final long inputSeq, final long timestamp, final int instrument, final long price,
                            final long line) {
        final int at = entry(line, 0, InputRecords.MARK_PRICE_LENGTH);
        commit(InputRecordCodec.encodeMarkPrice(batch, at, timestamp, instrument, price));
    }

    @Override
    public void onPosition(final long inputSeq, final long timestamp, final long account, final int instrument,
                           final int side, final long qty, final long entryPrice, final boolean cross,
                           final long isolatedMargin, final long line) {
        final int at = entry(line, 0, InputRecords.POSITION_LENGTH);
        commit(InputRecordCodec.encodePosition(batch, at, timestamp, account, instrument, side, qty, entryPrice, cross,
            isolatedMargin));
    }

    @Override
    public void onWallet(final long inputSeq, final long timestamp, final long account, final int asset,
                         final long balance, final long line) {
        final int at = entry(line, 0, InputRecords.WALLET_LENGTH);
        commit(InputRecordCodec.encodeWallet(batch, at, timestamp, account, asset, balance));
    }

    @Override
    public void onFunding(final long inputSeq, final long timestamp, final int instrument, final long rate,
                          final long line) {
        final int at = entry(line, 0, InputRecords.FUNDING_LENGTH);
        commit(InputRecordCodec.encodeFunding(batch, at, timestamp, instrument, rate));
    }

    @Override
    public void onInstrumentUpdate(final long inputSeq, final long timestamp, final int instrument,
                                   final CharSequence definition, final long line) {
        final int at = entry(line, 0, InputRecords.INSTRUMENT_LENGTH + 4 * definition.length());
        commit(InputRecordCodec.encodeInstrumentUpdate(batch, at, timestamp, instrument, definition));
    }

    @Override
    public void onControl(final long inputSeq, final long timestamp, final int code, final long line) {
        final int at = entry(line, 0, InputRecords.CONTROL_LENGTH);
        commit(InputRecordCodec.encodeControl(batch, at, timestamp, code));
    }

    /** An input the source could not decode: sent as its reason and header so the cluster journals its rejection. */
    @Override
    public void onMalformed(final long inputSeq, final long timestamp, final int kind, final int reason,
                            final long line) {
        final int at = entry(line, reason == 0 ? io.liquidator.journal.Rejections.MALFORMED_RECORD : reason,
            InputRecords.HEADER_LENGTH);
        batch.putByte(at + InputRecords.KIND_OFFSET, (byte) kind);
        batch.putByte(at + InputRecords.VERSION_OFFSET, InputRecords.VERSION);
        batch.putLong(at + InputRecords.TIMESTAMP_OFFSET, timestamp, LE);
        commit(InputRecords.HEADER_LENGTH);
    }

    /** Starts an entry with room for {@code maxRecord} bytes, sending the batch first if it would not fit. */
    private int entry(final long line, final int reason, final int maxRecord) {
        final int need = ClusterMessages.ENTRY_HEADER_LENGTH + maxRecord;
        if (ClusterMessages.INPUTS_HEADER_LENGTH + need > ClusterMessages.MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("an input of up to " + maxRecord + " bytes does not fit in one message");
        }
        if (batchLength + need > ClusterMessages.MAX_MESSAGE_LENGTH || batchCount == MAX_INPUTS_PER_MESSAGE) {
            flush();
        }
        batch.putLong(batchLength + ClusterMessages.ENTRY_LINE_OFFSET, line, LE);
        batch.putInt(batchLength + ClusterMessages.ENTRY_REASON_OFFSET, reason, LE);
        return batchLength + ClusterMessages.ENTRY_HEADER_LENGTH;
    }

    private void commit(final int recordLength) {
        batch.putInt(batchLength + ClusterMessages.ENTRY_LENGTH_OFFSET, recordLength, LE);
        batchLength += ClusterMessages.ENTRY_HEADER_LENGTH + recordLength;
        batchCount++;
    }

    /** Sends the inputs batched so far (waiting while the unacknowledged window is full). */
    public void flush() {
        if (batchCount == 0) {
            return;
        }
        while (unackedInputs + batchCount > options.maxUnackedInputs) {
            if (poll() == 0) {
                idle.idle();
            }
        }
        final Pending p = pool.isEmpty() ? new Pending() : pool.poll();
        p.firstSeq = nextClientSeq;
        p.count = batchCount;
        p.sentNs = System.nanoTime();
        batch.putByte(ClusterMessages.TYPE_OFFSET, ClusterMessages.INPUTS);
        batch.putByte(ClusterMessages.VERSION_OFFSET, ClusterMessages.VERSION);
        batch.putLong(ClusterMessages.INPUTS_CLIENT_ID_OFFSET, options.clientId, LE);
        batch.putLong(ClusterMessages.INPUTS_FIRST_SEQ_OFFSET, p.firstSeq, LE);
        batch.putInt(ClusterMessages.INPUTS_COUNT_OFFSET, p.count, LE);
        p.message.putBytes(0, batch, 0, batchLength);
        p.length = batchLength;
        nextClientSeq += batchCount;
        unackedInputs += batchCount;
        unacked.add(p);
        batchLength = ClusterMessages.INPUTS_HEADER_LENGTH;
        batchCount = 0;
        if (unacked.size() == 1) {
            lastAckProgressNs = System.nanoTime();
        }
        if (!resendNeeded) {
            send(p);
        }
        poll();
    }

    /** Offers one pending message (with the current delivered point); false if the cluster is unreachable now. */
    private boolean send(final Pending p) {
        p.message.putLong(ClusterMessages.INPUTS_DELIVERED_OFFSET, delivered, LE);
        return offer(p.message, p.length);
    }

    private static final boolean DEBUG = Boolean.getBoolean("liquidator.cluster.debug");
    private long lastDebugNs;
    private long lastOfferResult;

    private void debug(final String what) {
        if (DEBUG) {
            System.err.printf("%tT.%<tL client: %s (sent %d, acked %d, ackOut %d, delivered %d, unacked %d msgs, last offer %d,"
                + " leader changes %d, resends %d)%n", System.currentTimeMillis(), what, nextClientSeq - 1, ackedClientSeq,
                ackOutputSeq, delivered, unacked.size(), lastOfferResult, leaderChanges, resends);
        }
    }

    private boolean offer(final DirectBuffer buffer, final int length) {
        idle.reset();
        for (int attempt = 0; attempt < 1000; attempt++) {
            if (cluster.isClosed()) {
                return false;
            }
            final long r = cluster.offer(buffer, 0, length);
            lastOfferResult = r;
            if (r > 0) {
                lastSendNs = System.nanoTime();
                return true;
            }
            if (r != Publication.BACK_PRESSURED && r != Publication.ADMIN_ACTION) {
                return false; // not connected (a leader change under way) or closed: resent later
            }
            cluster.pollEgress();
            idle.idle();
        }
        return false;
    }

    // ---------------------------------------------------------------- the duty cycle

    /**
     * Polls egress and does whatever recovery is due (resend, resubscribe, reconnect, keep-alive,
     * report the delivered point); returns the work done (0: idle). Call it when not sending.
     */
    public int poll() {
        long now = System.nanoTime();
        final boolean expecting = !unacked.isEmpty() || (options.listener != null && ackOutputSeq > delivered);
        if (!expecting) {
            lastEgressNs = now;
        }
        if (cluster.isClosed() || (expecting && now - lastEgressNs > TimeUnit.MILLISECONDS.toNanos(options.reconnectAfterMs))) {
            // the session is gone, or silent while owing us acknowledgements: a leader that died before
            // the session's opening was committed leaves a session no new leader knows, and Aeron's
            // client then waits for a NEW_LEADER event that never comes. A new session resends the window.
            reconnects++;
            debug("reconnecting");
            CloseHelper.quietClose(cluster);
            connect();
            resendNeeded = true;
            lastEgressNs = System.nanoTime();
            lastAckProgressNs = lastEgressNs;
            now = lastEgressNs;
        }
        int work = cluster.pollEgress();
        if (DEBUG && now - lastDebugNs > 1_000_000_000L) {
            lastDebugNs = now;
            debug("tick, leader " + cluster.leaderMemberId() + (cluster.isClosed() ? " CLOSED" : ""));
        }
        if (!unacked.isEmpty() && now - lastAckProgressNs > RESEND_AFTER_SILENCE_NS) {
            resendNeeded = true;
            lastAckProgressNs = now;
        }
        if (resendNeeded && now - lastResendNs > RESEND_RETRY_NS) {
            resendNeeded = false;
            lastResendNs = now;
            resends++;
            // a copy: sending polls egress, and an ACK arriving meanwhile shrinks the window
            resendList.clear();
            resendList.addAll(unacked);
            for (int i = 0; i < resendList.size(); i++) {
                if (!send(resendList.get(i))) {
                    resendNeeded = true;
                    break;
                }
            }
            // no SUBSCRIBE here: a new leader resumes each stream at the client's delivered point by itself,
            // a new session subscribed when it connected, and a second SUBSCRIBE from the same point
            // would have the whole stream sent again (the owed-events rule below covers a lost one)
            work++;
        }
        if (options.listener != null) {
            if (ackOutputSeq > delivered && now - lastEventProgressNs > RESUBSCRIBE_AFTER_NS
                && now - lastResubscribeNs > RESUBSCRIBE_AFTER_NS) {
                resubscribeNeeded = true;
            }
            if (resubscribeNeeded && now - lastResubscribeNs > TimeUnit.MILLISECONDS.toNanos(100)) {
                lastResubscribeNs = now;
                if (sendSubscribe()) {
                    resubscribeNeeded = false;
                    work++;
                }
            }
            // the delivered point goes back through the log; while events are owed, each report also
            // asks the leader for the next burst (egress is driven by ingress messages)
            final boolean owed = ackOutputSeq > delivered;
            if ((delivered > reportedDelivered || owed)
                && now - lastDeliveredReportNs > (owed ? OWED_POKE_NS : DELIVERED_REPORT_NS)) {
                if (sendSmall(ClusterMessages.DELIVERED, options.clientId, delivered, ClusterMessages.SUBSCRIBE_LENGTH)) {
                    reportedDelivered = delivered;
                }
                lastDeliveredReportNs = now;
            }
        }
        if (now - lastSendNs > KEEP_ALIVE_NS) {
            if (cluster.sendKeepAlive()) {
                lastSendNs = now;
            }
        }
        return work;
    }

    private boolean sendSubscribe() {
        return sendSmall(ClusterMessages.SUBSCRIBE, options.clientId, delivered + 1, ClusterMessages.SUBSCRIBE_LENGTH);
    }

    private boolean sendSmall(final byte type, final long a, final long b, final int length) {
        small.putByte(ClusterMessages.TYPE_OFFSET, type);
        small.putByte(ClusterMessages.VERSION_OFFSET, ClusterMessages.VERSION);
        small.putLong(2, a, LE);
        if (length > 10) {
            small.putLong(10, b, LE);
        }
        return offer(small, length);
    }

    /**
     * Flushes, then polls until every input sent is acknowledged and (with a listener) every event
     * they caused is delivered; false on timeout.
     */
    public boolean awaitCompletion(final long timeoutMs) {
        flush();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            if (ackedClientSeq == nextClientSeq - 1 && (options.listener == null || delivered >= ackOutputSeq)) {
                return true;
            }
            if (poll() == 0) {
                idle.idle();
            }
        }
        return false;
    }

    /**
     * Asks the cluster for its state hash at this point of the log (after everything sent before);
     * every member also writes it to its {@code state-hash} file. Returns the leader's answer.
     */
    public State queryState(final long correlationId, final long timeoutMs) {
        flush();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long lastAsk = 0;
        while (System.nanoTime() < deadline) {
            if (stateCorrelation == correlationId) {
                return new State(correlationId, stateInputSeq, stateOutputSeq, stateHash, stateMember);
            }
            final long now = System.nanoTime();
            if (now - lastAsk > TimeUnit.SECONDS.toNanos(2)) {
                if (sendSmall(ClusterMessages.STATE_QUERY, correlationId, 0, ClusterMessages.STATE_QUERY_LENGTH)) {
                    lastAsk = now;
                }
            }
            if (poll() == 0) {
                idle.idle();
            }
        }
        throw new IllegalStateException("no answer to state query " + correlationId + " within " + timeoutMs + " ms");
    }

    /** The leader's answer to a state query. */
    public record State(long correlationId, long lastInputSeq, long lastOutputSeq, long stateHash, int member) {
    }

    /**
     * From now on, the time to the first acknowledgement from a new leader (after a NEW_LEADER event
     * or on a new session) is recorded as a failover gap: call it right after killing the leader.
     * Acknowledgements the old leader sent before it died do not count.
     */
    public void markFailover() {
        failoverMarkNs = System.nanoTime();
        failoverEpoch = leaderChanges + reconnects;
    }

    /** The failover gaps measured: from each {@link #markFailover} to the first acknowledgement after it. */
    public List<Long> failoverGapsNs() {
        return List.copyOf(failoverGapsNs);
    }

    public long delivered() {
        return delivered;
    }

    public long acknowledged() {
        return ackedClientSeq;
    }

    public long sent() {
        return nextClientSeq - 1;
    }

    public long duplicatesDropped() {
        return duplicates;
    }

    public long resends() {
        return resends;
    }

    public long leaderChanges() {
        return leaderChanges;
    }

    public long reconnects() {
        return reconnects;
    }

    /** Unacknowledged inputs in the window (for a caller pacing itself). */
    public long unacknowledged() {
        return unackedInputs;
    }

    @Override
    public void close() {
        CloseHelper.quietCloseAll(cluster, driver);
    }

    private void onAck(final long clientSeq, final long outputSeq, final byte flags) {
        if (clientSeq > ackedClientSeq) {
            ackedClientSeq = clientSeq;
            final long now = System.nanoTime();
            lastAckProgressNs = now;
            if (options.ackListener != null) {
                options.ackListener.accept(clientSeq);
            }
            if (failoverMarkNs != 0 && leaderChanges + reconnects > failoverEpoch) {
                failoverGapsNs.add(now - failoverMarkNs);
                failoverMarkNs = 0;
            }
            while (!unacked.isEmpty() && unacked.peek().firstSeq + unacked.peek().count - 1 <= clientSeq) {
                final Pending p = unacked.poll();
                unackedInputs -= p.count;
                if (options.ackLatency != null) {
                    options.ackLatency.recordValue(Math.min(now - p.sentNs, options.ackLatency.getHighestTrackableValue()));
                }
                pool.add(p);
            }
        }
        if (outputSeq > ackOutputSeq) {
            if (ackOutputSeq <= delivered) {
                // events are owed from now: the resubscribe timer starts here, not at the last event
                lastEventProgressNs = System.nanoTime();
            }
            ackOutputSeq = outputSeq;
        }
        if ((flags & ClusterMessages.ACK_GAP) != 0 && clientSeq != lastGapAck) {
            // a message before the one acknowledged here never reached the log: resend the window once
            lastGapAck = clientSeq;
            resendNeeded = true;
        }
    }

    private void onEvents(final DirectBuffer b, final int offset, final int length) {
        final int count = b.getInt(offset + ClusterMessages.EVENTS_COUNT_OFFSET, LE);
        int at = offset + ClusterMessages.EVENTS_HEADER_LENGTH;
        final int end = offset + length;
        for (int i = 0; i < count && at + ClusterMessages.EVENT_HEADER_LENGTH <= end; i++) {
            final int n = b.getInt(at + ClusterMessages.EVENT_LENGTH_OFFSET, LE);
            final int record = at + ClusterMessages.EVENT_HEADER_LENGTH;
            final long seq = b.getLong(record + EventRecords.OUTPUT_SEQ_OFFSET, LE);
            if (seq == delivered + 1) {
                options.listener.onEvent(b, record, n, seq);
                delivered = seq;
                lastEventProgressNs = System.nanoTime();
            } else if (seq <= delivered) {
                duplicates++;
            } else {
                resubscribeNeeded = true; // a gap: ask for the stream again from the first missing record
                return;
            }
            at = record + n;
        }
    }

    private final class Egress implements EgressListener {
        @Override
        public void onMessage(final long clusterSessionId, final long timestamp, final DirectBuffer b, final int offset,
                              final int length, final Header header) {
            lastEgressNs = System.nanoTime();
            if (length < 2 || b.getByte(offset + ClusterMessages.VERSION_OFFSET) != ClusterMessages.VERSION) {
                return;
            }
            switch (b.getByte(offset + ClusterMessages.TYPE_OFFSET)) {
                case ClusterMessages.ACK:
                    if (length >= ClusterMessages.ACK_LENGTH
                        && b.getLong(offset + ClusterMessages.ACK_CLIENT_ID_OFFSET, LE) == options.clientId) {
                        onAck(b.getLong(offset + ClusterMessages.ACK_CLIENT_SEQ_OFFSET, LE),
                            b.getLong(offset + ClusterMessages.ACK_OUTPUT_SEQ_OFFSET, LE),
                            b.getByte(offset + ClusterMessages.ACK_FLAGS_OFFSET));
                    }
                    break;
                case ClusterMessages.EVENTS:
                    if (options.listener != null) {
                        onEvents(b, offset, length);
                    }
                    break;
                case ClusterMessages.STATE:
                    if (length >= ClusterMessages.STATE_LENGTH) {
                        stateCorrelation = b.getLong(offset + ClusterMessages.STATE_CORRELATION_OFFSET, LE);
                        stateInputSeq = b.getLong(offset + ClusterMessages.STATE_INPUT_SEQ_OFFSET, LE);
                        stateOutputSeq = b.getLong(offset + ClusterMessages.STATE_OUTPUT_SEQ_OFFSET, LE);
                        stateHash = b.getLong(offset + ClusterMessages.STATE_HASH_OFFSET, LE);
                        stateMember = b.getInt(offset + ClusterMessages.STATE_MEMBER_OFFSET, LE);
                    }
                    break;
                default:
                    break;
            }
        }

        @Override
        public void onNewLeader(final long clusterSessionId, final long leadershipTermId, final int leaderMemberId,
                                final String ingressEndpoints) {
            leaderChanges++;
            lastEgressNs = System.nanoTime();
            resendNeeded = true;
            debug("new leader " + leaderMemberId + " term " + leadershipTermId + " at " + ingressEndpoints);
        }
    }

    private static void sleepQuietly(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A sent INPUTS message kept until acknowledged. */
    private static final class Pending {
        final ExpandableArrayBuffer message = new ExpandableArrayBuffer(ClusterMessages.MAX_MESSAGE_LENGTH);
        long sentNs;
        long firstSeq;
        int count;
        int length;
    }

    /** How to reach the cluster and what to do with its events. */
    public static final class Options {
        private final String ingressEndpoints;
        private final Path aeronDirectory;
        private boolean embeddedDriver = true;
        private String host = "localhost";
        private long clientId = new java.security.SecureRandom().nextLong() & Long.MAX_VALUE;
        private long maxUnackedInputs = 50_000;
        private long connectTimeoutMs = 60_000;
        private long reconnectAfterMs = 8_000;
        private EventListener listener;
        private org.HdrHistogram.Histogram ackLatency;
        private java.util.function.LongConsumer ackListener;

        private Options(final String ingressEndpoints, final Path aeronDirectory) {
            this.ingressEndpoints = ingressEndpoints;
            this.aeronDirectory = aeronDirectory;
        }

        /** Whether this client runs its own media driver in {@code aeronDirectory} (default) or uses one there. */
        public Options embeddedDriver(final boolean on) {
            this.embeddedDriver = on;
            return this;
        }

        public Options host(final String h) {
            this.host = h;
            return this;
        }

        /**
         * This client's identity for de-duplication: a client that restarts and resends must keep it
         * (and resume its numbering, which this class does not persist: a new process is a new client).
         */
        public Options clientId(final long id) {
            this.clientId = id;
            return this;
        }

        public Options maxUnackedInputs(final long n) {
            this.maxUnackedInputs = n;
            return this;
        }

        /**
         * How long the cluster may stay silent while owing acknowledgements or events before this
         * client opens a new session (a few leader heartbeat timeouts; default 8 s).
         */
        public Options reconnectAfterMs(final long ms) {
            this.reconnectAfterMs = ms;
            return this;
        }

        public Options connectTimeoutMs(final long ms) {
            this.connectTimeoutMs = ms;
            return this;
        }

        /** Subscribes to the events (from the first) and hands each to {@code l} once; none: inputs only. */
        public Options listener(final EventListener l) {
            this.listener = l;
            return this;
        }

        /**
         * Records, per INPUTS message, the time from its first send to the ACK that covers it (through
         * consensus: the leader and a quorum have it in the log, and the leader has applied it).
         */
        public Options ackLatency(final org.HdrHistogram.Histogram h) {
            this.ackLatency = h;
            return this;
        }

        /** Told the client sequence acknowledged each time it advances (inputs are numbered 1, 2, 3… per client). */
        public Options ackListener(final java.util.function.LongConsumer l) {
            this.ackListener = l;
            return this;
        }

        public ClusterClient connect() {
            return new ClusterClient(this);
        }
    }
}
