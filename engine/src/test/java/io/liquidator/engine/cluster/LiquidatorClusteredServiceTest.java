package io.liquidator.engine.cluster;

import io.aeron.DirectBufferVector;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.logbuffer.BufferClaim;
import io.liquidator.engine.app.EngineSession;
import io.liquidator.engine.cli.EngineOptions;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.testing.QuietJit;
import io.liquidator.journal.EventRecords;
import io.liquidator.journal.InputRecordCodec;
import io.liquidator.journal.InputRecords;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clustered service driven by hand, without Aeron underneath: what it does with duplicated and
 * out-of-order INPUTS messages (the client's resends after a failover), how it streams a subscriber
 * its journal from the point the subscriber asks for, and that applying inputs allocates nothing.
 */
final class LiquidatorClusteredServiceTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final long CLIENT = 42;

    private final LiquidatorConfig config = LiquidatorConfig.bundledDefault();
    private final EngineSettings settings = EngineOptions.settingsOf(config, List.of("USDT=1000000"));
    private final int btc = config.instrument("BTCUSDT").orElseThrow().id();

    private LiquidatorClusteredService service(final Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        final LiquidatorClusteredService s = new LiquidatorClusteredService(config, settings,
            EngineSession.fingerprint(config, settings), dir, 0, null, -1);
        s.onStart(null, null);
        return s;
    }

    /** One INPUTS message: a long position at 50,000 with 10x leverage, then {@code ticks} marks falling 0.1 % each. */
    /** A message and its length. */
    private record Message(ExpandableArrayBuffer b, int length) {
    }

    private Message inputs(final long firstSeq, final long account, final int ticks, final long delivered) {
        final ExpandableArrayBuffer b = new ExpandableArrayBuffer(4096);
        int at = ClusterMessages.INPUTS_HEADER_LENGTH;
        int count = 0;
        if (account > 0) {
            at = entry(b, at, InputRecordCodec.encodePosition(b, at + ClusterMessages.ENTRY_HEADER_LENGTH, 1_000, account,
                btc, InputRecords.SIDE_LONG, 1_000, 500_000, false, 500_000_000_000L));
            count++;
        }
        for (int i = 0; i < ticks; i++) {
            at = entry(b, at, InputRecordCodec.encodeMarkPrice(b, at + ClusterMessages.ENTRY_HEADER_LENGTH, 2_000 + i, btc,
                500_000 - 500L * i));
            count++;
        }
        header(b, firstSeq, count, delivered);
        return new Message(b, at);
    }

    private static int entry(final ExpandableArrayBuffer b, final int at, final int recordLength) {
        b.putLong(at + ClusterMessages.ENTRY_LINE_OFFSET, 0, LE);
        b.putInt(at + ClusterMessages.ENTRY_REASON_OFFSET, 0, LE);
        b.putInt(at + ClusterMessages.ENTRY_LENGTH_OFFSET, recordLength, LE);
        return at + ClusterMessages.ENTRY_HEADER_LENGTH + recordLength;
    }

    private static void header(final ExpandableArrayBuffer b, final long firstSeq, final int count, final long delivered) {
        b.putByte(ClusterMessages.TYPE_OFFSET, ClusterMessages.INPUTS);
        b.putByte(ClusterMessages.VERSION_OFFSET, ClusterMessages.VERSION);
        b.putLong(ClusterMessages.INPUTS_CLIENT_ID_OFFSET, CLIENT, LE);
        b.putLong(ClusterMessages.INPUTS_FIRST_SEQ_OFFSET, firstSeq, LE);
        b.putInt(ClusterMessages.INPUTS_COUNT_OFFSET, count, LE);
        b.putLong(ClusterMessages.INPUTS_DELIVERED_OFFSET, delivered, LE);
    }

    private static void send(final LiquidatorClusteredService s, final FakeSession session, final Message m) {
        s.onSessionMessage(session, 0, m.b(), 0, m.length(), null);
    }

    @Test
    void aResentMessageIsAcknowledgedAndNotAppliedTwice(@TempDir final Path dir) throws Exception {
        final LiquidatorClusteredService s = service(dir);
        final FakeSession session = new FakeSession(7);
        final Message first = inputs(1, 1001, 20, 0);
        send(s, session, first);
        final long hash = s.engine().stateHash();
        final long applied = s.engine().lastInputSequence();
        assertEquals(21, applied, "the position and 20 marks, numbered 1..21 by the service");
        assertEquals(21, session.lastAck(ClusterMessages.ACK_CLIENT_SEQ_OFFSET));

        send(s, session, first); // the client's resend after a leader change
        assertEquals(hash, s.engine().stateHash(), "nothing applied twice");
        assertEquals(applied, s.engine().lastInputSequence());
        assertEquals(21, session.lastAck(ClusterMessages.ACK_CLIENT_SEQ_OFFSET), "and acknowledged again");
        s.onTerminate(null);
    }

    @Test
    void aMessageAfterAGapIsRefusedWithAGapAck(@TempDir final Path dir) throws Exception {
        final LiquidatorClusteredService s = service(dir);
        final FakeSession session = new FakeSession(7);
        send(s, session, inputs(1, 1001, 5, 0));
        final long hash = s.engine().stateHash();
        send(s, session, inputs(20, 0, 5, 0)); // inputs 7..19 never reached the log
        assertEquals(hash, s.engine().stateHash(), "not applied out of order");
        assertEquals(6, session.lastAck(ClusterMessages.ACK_CLIENT_SEQ_OFFSET));
        assertEquals(ClusterMessages.ACK_GAP, session.lastAckFlags());
        s.onTerminate(null);
    }

    @Test
    void theLeaderStreamsTheJournalFromTheSubscribersPointAndAFollowerSendsNothing(@TempDir final Path dir)
        throws Exception {
        final LiquidatorClusteredService s = service(dir);
        final FakeSession session = new FakeSession(7);
        final ExpandableArrayBuffer subscribe = new ExpandableArrayBuffer(64);
        subscribe.putByte(ClusterMessages.TYPE_OFFSET, ClusterMessages.SUBSCRIBE);
        subscribe.putByte(ClusterMessages.VERSION_OFFSET, ClusterMessages.VERSION);
        subscribe.putLong(ClusterMessages.CLIENT_ID_OFFSET, CLIENT, LE);
        subscribe.putLong(ClusterMessages.OUTPUT_SEQ_OFFSET, 1, LE);
        s.onSessionMessage(session, 0, subscribe, 0, ClusterMessages.SUBSCRIBE_LENGTH, null);

        // a follower: the position falls 12 % and is liquidated, but no event is sent
        send(s, session, inputs(1, 1001, 240, 0));
        assertTrue(session.events.isEmpty(), "a follower's egress is not used");

        s.onRoleChange(Cluster.Role.LEADER);
        send(s, session, inputs(242, 0, 1, 0));
        final long journaled = session.lastAck(ClusterMessages.ACK_OUTPUT_SEQ_OFFSET);
        assertTrue(journaled >= 2, "margin calls and the liquidation: " + journaled);
        assertEquals(journaled, session.events.size(), "every event from the subscriber's point, once");
        for (int i = 0; i < session.events.size(); i++) {
            assertEquals(i + 1, session.events.get(i), "in output sequence order");
        }

        // the client reports it has the first two, then asks again from 2 (a resubscribe after a gap)
        subscribe.putLong(ClusterMessages.OUTPUT_SEQ_OFFSET, 2, LE);
        session.events.clear();
        s.onSessionMessage(session, 0, subscribe, 0, ClusterMessages.SUBSCRIBE_LENGTH, null);
        assertEquals(journaled - 1, session.events.size());
        assertEquals(2, session.events.get(0));
        s.onTerminate(null);
    }

    @Test
    void applyingInputsAllocatesNothing(@TempDir final Path dir) throws Exception {
        final LiquidatorClusteredService s = service(dir);
        final FakeSession session = new FakeSession(7);
        s.onRoleChange(Cluster.Role.LEADER);
        // marks that move but liquidate nothing (no position): the steady state of the tick path
        final Message m = inputs(1, 0, 100, 0);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long seq = 1;
        for (int i = 0; i < 2_000; i++, seq += 100) {
            m.b().putLong(ClusterMessages.INPUTS_FIRST_SEQ_OFFSET, seq, LE);
            send(s, session, m);
        }
        QuietJit.await();
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 5_000; i++, seq += 100) {
            m.b().putLong(ClusterMessages.INPUTS_FIRST_SEQ_OFFSET, seq, LE);
            send(s, session, m);
        }
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        System.out.printf("cluster service: 500,000 inputs in 5,000 messages allocated %d bytes%n", allocated);
        assertTrue(allocated < 4_096, "the service's input path allocates nothing: " + allocated + " bytes");
        s.onTerminate(null);
    }

    /** A client session that records what the service offers it. */
    private static final class FakeSession implements ClientSession {
        private final long id;
        private final UnsafeBuffer lastAck = new UnsafeBuffer(new byte[64]);
        final List<Long> events = new ArrayList<>();

        FakeSession(final long id) {
            this.id = id;
        }

        long lastAck(final int offset) {
            return lastAck.getLong(offset, LE);
        }

        byte lastAckFlags() {
            return lastAck.getByte(ClusterMessages.ACK_FLAGS_OFFSET);
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public int responseStreamId() {
            return 102;
        }

        @Override
        public String responseChannel() {
            return "aeron:ipc";
        }

        @Override
        public byte[] encodedPrincipal() {
            return new byte[0];
        }

        @Override
        public void close() {
        }

        @Override
        public boolean isClosing() {
            return false;
        }

        @Override
        public long offer(final DirectBuffer b, final int offset, final int length) {
            final byte type = b.getByte(offset + ClusterMessages.TYPE_OFFSET);
            if (type == ClusterMessages.ACK) {
                lastAck.putBytes(0, b, offset, length);
            } else if (type == ClusterMessages.EVENTS) {
                int at = offset + ClusterMessages.EVENTS_HEADER_LENGTH;
                for (int i = 0; i < b.getInt(offset + ClusterMessages.EVENTS_COUNT_OFFSET, LE); i++) {
                    final int n = b.getInt(at, LE);
                    events.add(b.getLong(at + ClusterMessages.EVENT_HEADER_LENGTH + EventRecords.OUTPUT_SEQ_OFFSET, LE));
                    at += ClusterMessages.EVENT_HEADER_LENGTH + n;
                }
            }
            return 1;
        }

        @Override
        public long offer(final DirectBufferVector[] vectors) {
            return 1;
        }

        @Override
        public long tryClaim(final int length, final BufferClaim bufferClaim) {
            return 1;
        }
    }
}
