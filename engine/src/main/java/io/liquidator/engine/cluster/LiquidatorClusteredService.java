package io.liquidator.engine.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.journal.JournalEventSink;
import io.liquidator.engine.pipeline.EngineHandler;
import io.liquidator.engine.pipeline.InputPublisher;
import io.liquidator.journal.InputRecordCodec;
import io.liquidator.journal.InputRecords;
import io.liquidator.journal.OutputJournal;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The liquidation engine as an Aeron Cluster replicated state machine: every member applies the
 * same log of inputs, in the same order, through the same code as {@code run} and {@code replay}
 * ({@link InputRecordCodec} into {@link InputPublisher#direct} into the {@link EngineHandler}), so
 * every member holds the same state and writes the same output journal; the leader alone streams
 * events to clients.
 *
 * <p><b>What decides an outcome comes from the log.</b> Inputs carry their exchange timestamps (price
 * guard staleness and cooldowns use those), their input sequence is this service's count of applied
 * inputs (replicated, in the snapshot), and the engine has no randomness, reads no clock and walks
 * no hash map in an order that reaches an event. The cluster's own timestamp is not used.
 *
 * <p><b>Exactly once in.</b> Each client numbers its inputs; the service keeps the last applied
 * number per client (in the snapshot) and applies only the next one, so a client may resend
 * everything it has not seen acknowledged after a failover and nothing is applied twice.
 *
 * <p><b>Exactly once out.</b> Each member journals its events ({@link OutputJournal}, in the member's
 * directory: a restart re-runs the log after the snapshot and checks the re-run events against the
 * journal byte for byte, as {@code run} does). Egress is a view of that journal: each subscribed
 * session has a cursor (an output sequence), and the leader streams records from the cursor as fast
 * as the session accepts. The point each client has received in order comes through the log
 * ({@code delivered}), so a new leader resumes every stream where the client got to; the client
 * drops anything it already has by output sequence. A back-pressured session is not waited for: its
 * cursor simply stays where it is.
 *
 * <p>Cluster snapshots are the engine's own snapshot format ({@link ClusterSnapshot}). Single
 * threaded: Aeron calls every method on the service's agent thread.
 */
public final class LiquidatorClusteredService implements ClusteredService {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int EVENTS_PER_MESSAGE = 256;
    private static final int MESSAGES_PER_STREAM_CALL = 8;

    private final long fingerprint;
    private final Path memberDir;
    private final int memberId;
    private final OutputJournal journal;
    private final LiquidationEngine engine;
    private final EngineHandler handler;
    /** Where decoded inputs go: the publisher, or a {@link ShardGuard} in front of it on a shard's member. */
    private final io.liquidator.journal.InputHandler input;
    private final StringBuilder text = new StringBuilder(256);

    /** Replicated: inputs applied so far (each one's input sequence is this count). */
    private long inputSeq;
    /** Replicated: the last input number applied per client id. */
    private final Long2LongHashMap lastClientSeq = new Long2LongHashMap(0L);
    /** Per session: where its event stream is (the delivered floor is replicated, the rest leader-only). */
    private final Long2ObjectHashMap<Subscriber> subscribers = new Long2ObjectHashMap<>();
    private final List<Subscriber> subscriberList = new ArrayList<>();

    private final MutableDirectBuffer egress = new ExpandableDirectByteBuffer(ClusterMessages.MAX_MESSAGE_LENGTH + 1024);
    private final UnsafeBuffer small = new UnsafeBuffer(new byte[64]);
    private Cluster cluster;
    private Cluster.Role role = Cluster.Role.FOLLOWER;

    /**
     * @param shard the shard this cluster holds ({@code shards.indexOf(name)}), or -1 when it holds
     *              the whole configuration ({@code shards} may then be null)
     */
    public LiquidatorClusteredService(final LiquidatorConfig config, final EngineSettings settings, final long fingerprint,
                                      final Path memberDir, final int memberId,
                                      final io.liquidator.engine.cluster.shard.ShardMap shards, final int shard) {
        this.fingerprint = fingerprint;
        this.memberDir = memberDir;
        this.memberId = memberId;
        this.journal = OutputJournal.open(memberDir.resolve("events"));
        this.engine = new LiquidationEngine(config.instruments(), settings, new JournalEventSink(journal));
        this.handler = new EngineHandler(engine);
        final InputPublisher publisher = InputPublisher.direct(handler).instrumentDecoder(config::parseInstrument);
        this.input = shard < 0 ? publisher : new ShardGuard(publisher, shards, shard);
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage) {
        this.cluster = cluster;
        long outputAtSnapshot = 0;
        if (snapshotImage != null) {
            final ClusterSnapshot.Loaded loaded = ClusterSnapshot.load(snapshotImage, cluster.idleStrategy());
            if (loaded.snapshot().info().fingerprint() != fingerprint) {
                throw new IllegalStateException("the cluster snapshot was taken under another configuration (fingerprint 0x"
                    + Long.toHexString(loaded.snapshot().info().fingerprint()) + ", this member 0x"
                    + Long.toHexString(fingerprint) + ")");
            }
            loaded.snapshot().restoreInto(engine);
            inputSeq = loaded.inputSeq();
            lastClientSeq.clear();
            lastClientSeq.putAll(loaded.clients());
            outputAtSnapshot = loaded.snapshot().info().outputSequence();
        }
        if (journal.lastOutputSequence() > outputAtSnapshot || outputAtSnapshot > 0) {
            // the log after the snapshot is replayed next: its events are checked against the journal
            journal.resumeFrom(outputAtSnapshot);
        }
        // "started": a member that stays a follower gets no role change (the scripts look for this file)
        writeFile("role", role.name() + " " + ProcessHandle.current().pid());
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp) {
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason) {
        final Subscriber s = subscribers.remove(session.id());
        if (s != null) {
            subscriberList.remove(s);
            s.close();
        }
    }

    @Override
    public void onSessionMessage(final ClientSession session, final long timestamp, final DirectBuffer buffer,
                                 final int offset, final int length, final Header header) {
        if (length < 2 || buffer.getByte(offset + ClusterMessages.VERSION_OFFSET) != ClusterMessages.VERSION) {
            return;
        }
        switch (buffer.getByte(offset + ClusterMessages.TYPE_OFFSET)) {
            case ClusterMessages.INPUTS:
                onInputs(session, buffer, offset, length);
                break;
            case ClusterMessages.SUBSCRIBE:
                if (length >= ClusterMessages.SUBSCRIBE_LENGTH) {
                    subscribe(session, buffer.getLong(offset + ClusterMessages.OUTPUT_SEQ_OFFSET, LE));
                }
                break;
            case ClusterMessages.DELIVERED:
                if (length >= ClusterMessages.SUBSCRIBE_LENGTH) {
                    delivered(session, buffer.getLong(offset + ClusterMessages.OUTPUT_SEQ_OFFSET, LE));
                }
                break;
            case ClusterMessages.STATE_QUERY:
                if (length >= ClusterMessages.STATE_QUERY_LENGTH) {
                    onStateQuery(session, buffer.getLong(offset + ClusterMessages.CORRELATION_OFFSET, LE));
                }
                break;
            default:
                break;
        }
        streamAll();
    }

    private void onInputs(final ClientSession session, final DirectBuffer b, final int offset, final int length) {
        if (length < ClusterMessages.INPUTS_HEADER_LENGTH) {
            return;
        }
        final long clientId = b.getLong(offset + ClusterMessages.INPUTS_CLIENT_ID_OFFSET, LE);
        final long first = b.getLong(offset + ClusterMessages.INPUTS_FIRST_SEQ_OFFSET, LE);
        final int count = b.getInt(offset + ClusterMessages.INPUTS_COUNT_OFFSET, LE);
        delivered(session, b.getLong(offset + ClusterMessages.INPUTS_DELIVERED_OFFSET, LE));
        final long last = lastClientSeq.get(clientId);
        if (first > last + 1) {
            // an earlier message of this client never reached the log (lost in a leader change):
            // applying this one would reorder its inputs, so it is ignored and the client resends
            ack(session, clientId, last, ClusterMessages.ACK_GAP);
            return;
        }
        int at = offset + ClusterMessages.INPUTS_HEADER_LENGTH;
        final int end = offset + length;
        long seq = first;
        long applied = last;
        for (int i = 0; i < count && at + ClusterMessages.ENTRY_HEADER_LENGTH <= end; i++, seq++) {
            final int recordLength = b.getInt(at + ClusterMessages.ENTRY_LENGTH_OFFSET, LE);
            final int record = at + ClusterMessages.ENTRY_HEADER_LENGTH;
            if (recordLength < 0 || record + recordLength > end) {
                break;
            }
            if (seq > last) {
                apply(b, at, record, recordLength);
                applied = seq;
            }
            at = record + recordLength;
        }
        if (applied != last) {
            lastClientSeq.put(clientId, applied); // once per message, not per input
        }
        ack(session, clientId, applied, (byte) 0);
    }

    /** One input through the same decoding and handler as {@code run} and {@code replay}. */
    private void apply(final DirectBuffer b, final int entry, final int record, final int recordLength) {
        final long sequence = ++inputSeq;
        final long line = b.getLong(entry + ClusterMessages.ENTRY_LINE_OFFSET, LE);
        final int reason = b.getInt(entry + ClusterMessages.ENTRY_REASON_OFFSET, LE);
        if (reason == 0) {
            InputRecordCodec.decode(b, record, recordLength, sequence, line, text, input);
        } else {
            final long timestamp = recordLength >= InputRecords.HEADER_LENGTH
                ? b.getLong(record + InputRecords.TIMESTAMP_OFFSET, LE) : 0L;
            final int kind = recordLength > 0 ? b.getByte(record + InputRecords.KIND_OFFSET) : 0;
            input.onMalformed(sequence, timestamp, kind, reason, line);
        }
    }

    private void ack(final ClientSession session, final long clientId, final long lastSeq, final byte flags) {
        final UnsafeBuffer m = small;
        m.putByte(ClusterMessages.TYPE_OFFSET, ClusterMessages.ACK);
        m.putByte(ClusterMessages.VERSION_OFFSET, ClusterMessages.VERSION);
        m.putLong(ClusterMessages.ACK_CLIENT_ID_OFFSET, clientId, LE);
        m.putLong(ClusterMessages.ACK_CLIENT_SEQ_OFFSET, lastSeq, LE);
        m.putLong(ClusterMessages.ACK_OUTPUT_SEQ_OFFSET, journal.lastOutputSequence(), LE);
        m.putLong(ClusterMessages.ACK_INPUT_SEQ_OFFSET, inputSeq, LE);
        m.putByte(ClusterMessages.ACK_FLAGS_OFFSET, flags);
        // best effort: a lost ACK makes the client resend, and the resend is acknowledged again
        session.offer(m, 0, ClusterMessages.ACK_LENGTH);
    }

    private void subscribe(final ClientSession session, final long fromOutputSeq) {
        Subscriber s = subscribers.get(session.id());
        if (s == null) {
            s = new Subscriber(session);
            subscribers.put(session.id(), s);
            subscriberList.add(s);
        }
        s.deliveredFloor = Math.max(0, fromOutputSeq - 1);
        s.next = s.deliveredFloor + 1;
    }

    private void delivered(final ClientSession session, final long deliveredUpTo) {
        final Subscriber s = subscribers.get(session.id());
        if (s != null && deliveredUpTo > s.deliveredFloor) {
            s.deliveredFloor = deliveredUpTo;
            if (s.next <= deliveredUpTo) {
                s.next = deliveredUpTo + 1;
            }
        }
    }

    /**
     * Every member computes the state hash at this point of the log and writes it to its directory
     * ({@code state-hash}, one line per query), so that members can be compared with each other and
     * with a single-process replay; the leader also answers the client.
     */
    private void onStateQuery(final ClientSession session, final long correlationId) {
        final long hash = engine.stateHash();
        appendFile("state-hash", correlationId + " " + inputSeq + " " + journal.lastOutputSequence() + " "
            + Long.toHexString(hash) + "\n");
        final UnsafeBuffer m = small;
        m.putByte(ClusterMessages.TYPE_OFFSET, ClusterMessages.STATE);
        m.putByte(ClusterMessages.VERSION_OFFSET, ClusterMessages.VERSION);
        m.putLong(ClusterMessages.STATE_CORRELATION_OFFSET, correlationId, LE);
        m.putLong(ClusterMessages.STATE_INPUT_SEQ_OFFSET, inputSeq, LE);
        m.putLong(ClusterMessages.STATE_OUTPUT_SEQ_OFFSET, journal.lastOutputSequence(), LE);
        m.putLong(ClusterMessages.STATE_HASH_OFFSET, hash, LE);
        m.putInt(ClusterMessages.STATE_MEMBER_OFFSET, memberId, LE);
        session.offer(m, 0, ClusterMessages.STATE_LENGTH);
    }

    /**
     * Sends a subscriber the journaled events from its cursor on, a few messages at a time; stops at
     * the first refused offer (back-pressure or a session not connected yet) and leaves the cursor
     * there for the next call. Leader only: a follower's offers are mocked and must not move cursors.
     */
    private void stream(final Subscriber s) {
        final long last = journal.lastOutputSequence();
        int sent = 0;
        while (s.next <= last && sent < MESSAGES_PER_STREAM_CALL) {
            if (s.cursor == null) {
                s.cursor = journal.cursor();
            }
            if (s.cursor.next() != s.next) {
                s.cursor.seek(s.next);
            }
            final MutableDirectBuffer m = egress;
            int at = ClusterMessages.EVENTS_HEADER_LENGTH;
            int count = 0;
            while (count < EVENTS_PER_MESSAGE) {
                final int room = ClusterMessages.MAX_MESSAGE_LENGTH - at - ClusterMessages.EVENT_HEADER_LENGTH;
                final int n = s.cursor.copyNext(m, at + ClusterMessages.EVENT_HEADER_LENGTH, room);
                if (n <= 0) {
                    break;
                }
                m.putInt(at + ClusterMessages.EVENT_LENGTH_OFFSET, n, LE);
                at += ClusterMessages.EVENT_HEADER_LENGTH + n;
                count++;
            }
            if (count == 0) {
                break;
            }
            m.putByte(ClusterMessages.TYPE_OFFSET, ClusterMessages.EVENTS);
            m.putByte(ClusterMessages.VERSION_OFFSET, ClusterMessages.VERSION);
            m.putInt(ClusterMessages.EVENTS_COUNT_OFFSET, count, LE);
            if (s.session.offer(m, 0, at) > 0) {
                s.next += count;
                sent++;
            } else {
                s.cursor.seek(s.next);
                break;
            }
        }
    }

    /**
     * Streams every subscriber a burst of what it has not been sent. Called after each ingress
     * message: Aeron Cluster allows a service to send only from log-driven callbacks (not from
     * background work), so egress is driven by the log; a subscriber that is behind keeps sending
     * DELIVERED messages, each of which brings it the next burst.
     */
    private void streamAll() {
        if (role != Cluster.Role.LEADER) {
            return;
        }
        for (int i = 0; i < subscriberList.size(); i++) {
            stream(subscriberList.get(i));
        }
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp) {
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication) {
        ClusterSnapshot.take(snapshotPublication, cluster.idleStrategy(), engine, fingerprint, inputSeq,
            journal.lastOutputSequence(), lastClientSeq);
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole) {
        role = newRole;
        if (newRole == Cluster.Role.LEADER) {
            // what this member sent as a follower was mocked: resume each stream where its client got to
            for (int i = 0; i < subscriberList.size(); i++) {
                final Subscriber s = subscriberList.get(i);
                s.next = s.deliveredFloor + 1;
            }
        }
        writeFile("role", newRole.name() + " " + ProcessHandle.current().pid());
    }

    @Override
    public void onTerminate(final Cluster cluster) {
        for (int i = 0; i < subscriberList.size(); i++) {
            subscriberList.get(i).close();
        }
        journal.close();
    }

    /** The member's engine (tests; the agent thread owns it while the cluster runs). */
    LiquidationEngine engine() {
        return engine;
    }

    private void writeFile(final String name, final String content) {
        try {
            final Path tmp = memberDir.resolve(name + ".tmp");
            Files.writeString(tmp, content + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, memberDir.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void appendFile(final String name, final String line) {
        try {
            Files.writeString(memberDir.resolve(name), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A session that receives events: its cursor and how far its client has confirmed receiving. */
    private static final class Subscriber {
        final ClientSession session;
        /** Replicated (from SUBSCRIBE, DELIVERED and INPUTS): the client has every event up to here. */
        long deliveredFloor;
        /** Leader only: the output sequence the next EVENTS message starts at. */
        long next = 1;
        io.liquidator.journal.OutputJournalCursor cursor;

        Subscriber(final ClientSession session) {
            this.session = session;
        }

        void close() {
            if (cursor != null) {
                cursor.close();
                cursor = null;
            }
        }
    }
}
