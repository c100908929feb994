package io.liquidator.journal;

/**
 * Receives records read back by {@link OutputJournalReader}, one method per kind, primitives only
 * (so reading allocates nothing). Booleans come back as {@code boolean}; every other field has the
 * type it has in {@link EventRecords}.
 */
public interface EventRecordVisitor {

    void onMarginCall(long outputSeq, long inputSeq, long timestamp, long account, int instrument, boolean cross,
                      int level, long levelRatio, long markPrice, long equity, long maintenanceMargin, int tier,
                      long marginRatio);

    void onPartialLiquidation(long outputSeq, long inputSeq, long timestamp, long account, int instrument, int side,
                              long closedQty, long remainingQty, long markPrice, long bankruptcyPrice, long equity,
                              long maintenanceMargin, int tier, long marginRatio, int rule);

    void onLiquidation(long outputSeq, long inputSeq, long timestamp, long account, int instrument, int side, long qty,
                       boolean cross, long markPrice, long bankruptcyPrice, long equity, long maintenanceMargin,
                       int tier, long marginRatio, int rule);

    void onInsuranceFund(long outputSeq, long inputSeq, long timestamp, long account, int instrument, int asset,
                         long delta, long balanceAfter);

    void onAdl(long outputSeq, long inputSeq, long timestamp, long account, int instrument, int side, long qty,
               long price, long liquidatedAccount, long rankScore);

    void onRejection(long outputSeq, long inputSeq, long timestamp, long account, int instrument, int inputKind,
                     int reason, long line);

    /**
     * A price guard changed state; {@code reason} and {@code state} are {@link Guards} codes,
     * {@code account} is always 0 (the header's field).
     */
    void onGuard(long outputSeq, long inputSeq, long timestamp, long account, int instrument, int reason, int state,
                 long price, long referencePrice);
}
