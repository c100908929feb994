package io.liquidator.journal;

/**
 * The fixed binary layout of the output journal's records: one Chronicle Queue document per record,
 * raw bytes (no Wire field names), little-endian (Chronicle {@code Bytes} native order on x86/ARM),
 * packed (no padding). This class knows nothing of margin: it only names kinds, offsets and sizes.
 *
 * <h2>Common header (every kind)</h2>
 * <table>
 *   <caption>header</caption>
 *   <tr><th>offset</th><th>field</th><th>type</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>kind</td><td>int8</td><td>record kind code, see {@code KIND_*} (stable)</td></tr>
 *   <tr><td>1</td><td>version</td><td>int8</td><td>layout version of this kind, currently {@link #VERSION} = 1</td></tr>
 *   <tr><td>2</td><td>outputSeq</td><td>int64</td><td>output sequence, assigned by the writer: 1-based, +1 per record</td></tr>
 *   <tr><td>10</td><td>inputSeq</td><td>int64</td><td>sequence of the input record that caused this record</td></tr>
 *   <tr><td>18</td><td>timestamp</td><td>int64</td><td>that input's timestamp</td></tr>
 *   <tr><td>26</td><td>account</td><td>int64</td><td>account the record applies to (0 when none)</td></tr>
 *   <tr><td>34</td><td>instrument</td><td>int32</td><td>instrument id (-1 when none)</td></tr>
 * </table>
 * The header is {@link #HEADER_LENGTH} = 38 bytes; {@code account} and {@code instrument} are at the
 * same offsets in every kind so a filter can read them without knowing the kind.
 * Booleans are int8 0/1. Amounts and prices are raw fixed-point longs in the producer's scales.
 *
 * <h2>MARGIN_CALL (kind 1), length 87</h2>
 * <table>
 *   <caption>MARGIN_CALL</caption>
 *   <tr><th>offset</th><th>field</th><th>type</th></tr>
 *   <tr><td>38</td><td>cross</td><td>int8 (0/1)</td></tr>
 *   <tr><td>39</td><td>level</td><td>int32</td></tr>
 *   <tr><td>43</td><td>levelRatio</td><td>int64</td></tr>
 *   <tr><td>51</td><td>markPrice</td><td>int64</td></tr>
 *   <tr><td>59</td><td>equity</td><td>int64</td></tr>
 *   <tr><td>67</td><td>maintenanceMargin</td><td>int64</td></tr>
 *   <tr><td>75</td><td>tier</td><td>int32</td></tr>
 *   <tr><td>79</td><td>marginRatio</td><td>int64</td></tr>
 * </table>
 *
 * <h2>PARTIAL_LIQUIDATION (kind 2), length 106</h2>
 * <table>
 *   <caption>PARTIAL_LIQUIDATION</caption>
 *   <tr><th>offset</th><th>field</th><th>type</th></tr>
 *   <tr><td>38</td><td>side</td><td>int32</td></tr>
 *   <tr><td>42</td><td>closedQty</td><td>int64</td></tr>
 *   <tr><td>50</td><td>remainingQty</td><td>int64</td></tr>
 *   <tr><td>58</td><td>markPrice</td><td>int64</td></tr>
 *   <tr><td>66</td><td>bankruptcyPrice</td><td>int64</td></tr>
 *   <tr><td>74</td><td>equity</td><td>int64</td></tr>
 *   <tr><td>82</td><td>maintenanceMargin</td><td>int64</td></tr>
 *   <tr><td>90</td><td>tier</td><td>int32</td></tr>
 *   <tr><td>94</td><td>marginRatio</td><td>int64</td></tr>
 *   <tr><td>102</td><td>rule</td><td>int32</td></tr>
 * </table>
 *
 * <h2>LIQUIDATION (kind 3), length 99</h2>
 * <table>
 *   <caption>LIQUIDATION</caption>
 *   <tr><th>offset</th><th>field</th><th>type</th></tr>
 *   <tr><td>38</td><td>side</td><td>int32</td></tr>
 *   <tr><td>42</td><td>qty</td><td>int64</td></tr>
 *   <tr><td>50</td><td>cross</td><td>int8 (0/1)</td></tr>
 *   <tr><td>51</td><td>markPrice</td><td>int64</td></tr>
 *   <tr><td>59</td><td>bankruptcyPrice</td><td>int64</td></tr>
 *   <tr><td>67</td><td>equity</td><td>int64</td></tr>
 *   <tr><td>75</td><td>maintenanceMargin</td><td>int64</td></tr>
 *   <tr><td>83</td><td>tier</td><td>int32</td></tr>
 *   <tr><td>87</td><td>marginRatio</td><td>int64</td></tr>
 *   <tr><td>95</td><td>rule</td><td>int32</td></tr>
 * </table>
 *
 * <h2>INSURANCE_FUND (kind 4), length 58</h2>
 * <table>
 *   <caption>INSURANCE_FUND</caption>
 *   <tr><th>offset</th><th>field</th><th>type</th></tr>
 *   <tr><td>38</td><td>asset</td><td>int32</td></tr>
 *   <tr><td>42</td><td>delta</td><td>int64</td></tr>
 *   <tr><td>50</td><td>balanceAfter</td><td>int64</td></tr>
 * </table>
 *
 * <h2>ADL (kind 5), length 74</h2>
 * <table>
 *   <caption>ADL</caption>
 *   <tr><th>offset</th><th>field</th><th>type</th></tr>
 *   <tr><td>38</td><td>side</td><td>int32</td></tr>
 *   <tr><td>42</td><td>qty</td><td>int64</td></tr>
 *   <tr><td>50</td><td>price</td><td>int64</td></tr>
 *   <tr><td>58</td><td>liquidatedAccount</td><td>int64</td></tr>
 *   <tr><td>66</td><td>rankScore</td><td>int64</td></tr>
 * </table>
 *
 * <h2>REJECTION (kind 6), length 54</h2>
 * <table>
 *   <caption>REJECTION</caption>
 *   <tr><th>offset</th><th>field</th><th>type</th></tr>
 *   <tr><td>38</td><td>inputKind</td><td>int32</td></tr>
 *   <tr><td>42</td><td>reason</td><td>int32 (a {@link Rejections} code)</td></tr>
 *   <tr><td>46</td><td>line</td><td>int64 (1-based line of the source file the input came from; 0 if none)</td></tr>
 * </table>
 *
 * <h2>GUARD (kind 7), length 62</h2>
 * A price guard tripped or released on {@code instrument} ({@code account} is 0), caused by the tick
 * of the header's input sequence and timestamp.
 * <table>
 *   <caption>GUARD</caption>
 *   <tr><th>offset</th><th>field</th><th>type</th></tr>
 *   <tr><td>38</td><td>reason</td><td>int32 (a {@link Guards} reason: STALE, BAND, RETURNED, CONFIRMED)</td></tr>
 *   <tr><td>42</td><td>state</td><td>int32 (a {@link Guards} state: TRIPPED, RELEASED)</td></tr>
 *   <tr><td>46</td><td>price</td><td>int64 (the tick's price)</td></tr>
 *   <tr><td>54</td><td>referencePrice</td><td>int64 (the price the tick was judged against; 0 if none yet)</td></tr>
 * </table>
 *
 * <p>Kind 0 is never used. A reader must reject a
 * version it does not know rather than guess. A new field is added by bumping that kind's version
 * and appending at the end, so that a version-1 prefix stays readable.
 */
public final class EventRecords {
    public static final byte VERSION = 1;

    public static final byte KIND_MARGIN_CALL = 1;
    public static final byte KIND_PARTIAL_LIQUIDATION = 2;
    public static final byte KIND_LIQUIDATION = 3;
    public static final byte KIND_INSURANCE_FUND = 4;
    public static final byte KIND_ADL = 5;
    public static final byte KIND_REJECTION = 6;
    public static final byte KIND_GUARD = 7;

    // header offsets
    public static final int KIND_OFFSET = 0;
    public static final int VERSION_OFFSET = 1;
    public static final int OUTPUT_SEQ_OFFSET = 2;
    public static final int INPUT_SEQ_OFFSET = 10;
    public static final int TIMESTAMP_OFFSET = 18;
    public static final int ACCOUNT_OFFSET = 26;
    public static final int INSTRUMENT_OFFSET = 34;
    public static final int HEADER_LENGTH = 38;

    public static final int MARGIN_CALL_LENGTH = 87;
    public static final int PARTIAL_LIQUIDATION_LENGTH = 106;
    public static final int LIQUIDATION_LENGTH = 99;
    public static final int INSURANCE_FUND_LENGTH = 58;
    public static final int ADL_LENGTH = 74;
    public static final int REJECTION_LENGTH = 54;
    public static final int GUARD_LENGTH = 62;

    private static final String[] NAMES = {
        "", "MARGIN_CALL", "PARTIAL_LIQUIDATION", "LIQUIDATION", "INSURANCE_FUND", "ADL", "REJECTION", "GUARD"
    };

    private EventRecords() {
    }

    /** The name used in dumps (formats.md "Events JSONL" {@code kind}). */
    public static String name(final int kind) {
        return kind > 0 && kind < NAMES.length ? NAMES[kind] : "UNKNOWN_KIND_" + kind;
    }

    /** The version-1 length of {@code kind}, or -1 when the kind is unknown or not written. */
    public static int length(final int kind) {
        switch (kind) {
            case KIND_MARGIN_CALL: return MARGIN_CALL_LENGTH;
            case KIND_PARTIAL_LIQUIDATION: return PARTIAL_LIQUIDATION_LENGTH;
            case KIND_LIQUIDATION: return LIQUIDATION_LENGTH;
            case KIND_INSURANCE_FUND: return INSURANCE_FUND_LENGTH;
            case KIND_ADL: return ADL_LENGTH;
            case KIND_REJECTION: return REJECTION_LENGTH;
            case KIND_GUARD: return GUARD_LENGTH;
            default: return -1;
        }
    }
}
