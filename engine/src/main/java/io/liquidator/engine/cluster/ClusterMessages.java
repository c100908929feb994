package io.liquidator.engine.cluster;

/**
 * The messages between {@link ClusterClient} and {@link LiquidatorClusteredService}: Aeron Cluster
 * ingress (client to cluster, sequenced into the replicated log) and egress (leader to client).
 * Fixed little-endian layouts over Agrona buffers; every message starts with {@code type} (int8) and
 * {@code version} (int8, {@link #VERSION}).
 *
 * <h2>Ingress</h2>
 * <pre>
 * INPUTS     (1)  2 clientId i64 · 10 firstClientSeq i64 · 18 count i32 · 22 delivered i64 · then count entries
 *                 entry: 0 line i64 · 8 reason i32 · 12 length i32 · 16 record (length bytes)
 * SUBSCRIBE  (2)  2 clientId i64 · 10 fromOutputSeq i64
 * DELIVERED  (3)  2 clientId i64 · 10 deliveredUpTo i64
 * STATE_QUERY(4)  2 correlationId i64
 * </pre>
 * An INPUTS entry's record is an input record exactly as the input journal holds it
 * ({@link io.liquidator.journal.InputRecords}), decoded by the same codec. {@code reason} 0 means
 * "decode it"; any other value is a {@link io.liquidator.journal.Rejections} code for an input the
 * client could not decode (a bad CSV row), which then carries only the 10-byte record header (kind,
 * version, timestamp) so that its rejection is journaled in order, as a single-process replay does.
 * Each client numbers its inputs 1, 2, 3… ({@code clientSeq}); the service applies an entry only if
 * it is the next one for that client, which is what makes resending after a failover safe.
 * {@code delivered} is the last output sequence the client has received in order: the point the new
 * leader resumes its event stream from after a failover.
 *
 * <h2>Egress</h2>
 * <pre>
 * ACK    (11)  2 clientId i64 · 10 lastClientSeq i64 · 18 lastOutputSeq i64 · 26 lastInputSeq i64 · 34 flags i8
 * EVENTS (12)  2 count i32 · then count entries: 0 length i32 · 4 record (an output journal record)
 * STATE  (13)  2 correlationId i64 · 10 lastInputSeq i64 · 18 lastOutputSeq i64 · 26 stateHash i64 · 34 memberId i32
 * </pre>
 * ACK: every input of that client up to {@code lastClientSeq} is in the log and applied, and the
 * member's output journal then held {@code lastOutputSeq} events; flag {@link #ACK_GAP}: a message
 * was ignored because it did not follow on from {@code lastClientSeq} (one before it was lost in a
 * leader change), so the client resends from there.
 */
public final class ClusterMessages {
    public static final byte VERSION = 1;

    public static final int TYPE_OFFSET = 0;
    public static final int VERSION_OFFSET = 1;

    public static final byte INPUTS = 1;
    public static final byte SUBSCRIBE = 2;
    public static final byte DELIVERED = 3;
    public static final byte STATE_QUERY = 4;

    public static final byte ACK = 11;
    public static final byte EVENTS = 12;
    public static final byte STATE = 13;

    // INPUTS
    public static final int INPUTS_CLIENT_ID_OFFSET = 2;
    public static final int INPUTS_FIRST_SEQ_OFFSET = 10;
    public static final int INPUTS_COUNT_OFFSET = 18;
    public static final int INPUTS_DELIVERED_OFFSET = 22;
    public static final int INPUTS_HEADER_LENGTH = 30;
    public static final int ENTRY_LINE_OFFSET = 0;
    public static final int ENTRY_REASON_OFFSET = 8;
    public static final int ENTRY_LENGTH_OFFSET = 12;
    public static final int ENTRY_HEADER_LENGTH = 16;

    // SUBSCRIBE and DELIVERED
    public static final int CLIENT_ID_OFFSET = 2;
    public static final int OUTPUT_SEQ_OFFSET = 10;
    public static final int SUBSCRIBE_LENGTH = 18;

    // STATE_QUERY
    public static final int CORRELATION_OFFSET = 2;
    public static final int STATE_QUERY_LENGTH = 10;

    // ACK
    public static final int ACK_CLIENT_ID_OFFSET = 2;
    public static final int ACK_CLIENT_SEQ_OFFSET = 10;
    public static final int ACK_OUTPUT_SEQ_OFFSET = 18;
    public static final int ACK_INPUT_SEQ_OFFSET = 26;
    public static final int ACK_FLAGS_OFFSET = 34;
    public static final int ACK_LENGTH = 35;
    public static final byte ACK_GAP = 1;

    // EVENTS
    public static final int EVENTS_COUNT_OFFSET = 2;
    public static final int EVENTS_HEADER_LENGTH = 6;
    public static final int EVENT_LENGTH_OFFSET = 0;
    public static final int EVENT_HEADER_LENGTH = 4;

    // STATE
    public static final int STATE_CORRELATION_OFFSET = 2;
    public static final int STATE_INPUT_SEQ_OFFSET = 10;
    public static final int STATE_OUTPUT_SEQ_OFFSET = 18;
    public static final int STATE_HASH_OFFSET = 26;
    public static final int STATE_MEMBER_OFFSET = 34;
    public static final int STATE_LENGTH = 38;

    /**
     * The largest message either side builds: well under the {@code term-length/8} limit of the 4 MiB
     * terms the channels use, and small enough that a batch is one UDP burst.
     */
    public static final int MAX_MESSAGE_LENGTH = 32 * 1024;

    private ClusterMessages() {
    }
}
