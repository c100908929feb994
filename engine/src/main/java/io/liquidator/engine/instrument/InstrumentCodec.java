package io.liquidator.engine.instrument;

import io.liquidator.engine.snapshot.codec.SectionReader;
import io.liquidator.engine.snapshot.codec.SectionWriter;
import io.liquidator.engine.snapshot.codec.SnapshotException;
import org.agrona.MutableDirectBuffer;

/**
 * An instrument definition in binary, for snapshots: instrument updates replace definitions at run
 * time, so the configuration file alone no longer says what the engine was using. Every field the
 * builder takes is written, and reading goes back through {@link Instrument.Builder} and
 * {@link BracketTable#unchecked}, so the derived factors (value multiplier, reduced maintenance
 * rates) are recomputed by the same code and a corrupt definition is refused by the same checks.
 * The table is rebuilt unchecked because whether it was validated is not recorded, and the engine
 * took it either way; its shape is still checked.
 */
public final class InstrumentCodec {
    private InstrumentCodec() {
    }

    /** Writes {@code inst} at {@code index}; returns the index after it. Allocation-free. */
    public static int write(final MutableDirectBuffer b, final int index, final Instrument inst) {
        int at = SectionWriter.putInt(b, index, inst.id());
        at = SectionWriter.putString(b, at, inst.symbol());
        at = SectionWriter.putInt(b, at, inst.kind().ordinal());
        at = SectionWriter.putString(b, at, inst.settlementAsset());
        at = SectionWriter.putInt(b, at, inst.profile().ordinal());
        at = SectionWriter.putInt(b, at, inst.priceScale());
        at = SectionWriter.putLong(b, at, inst.tickSize());
        at = SectionWriter.putInt(b, at, inst.qtyScale());
        at = SectionWriter.putLong(b, at, inst.stepSize());
        at = SectionWriter.putInt(b, at, inst.balanceScale());
        at = SectionWriter.putLong(b, at, inst.contractSize());
        at = SectionWriter.putLong(b, at, inst.takerFeeRate());
        at = SectionWriter.putLong(b, at, inst.maxPrice());
        final BracketTable t = inst.brackets();
        final int n = t.size();
        at = SectionWriter.putInt(b, at, n);
        for (int k = 0; k < n; k++) {
            at = SectionWriter.putLong(b, at, t.floor(k));
        }
        for (int k = 0; k < n; k++) {
            at = SectionWriter.putLong(b, at, t.cap(k));
        }
        for (int k = 0; k < n; k++) {
            at = SectionWriter.putLong(b, at, t.mmr(k));
        }
        for (int k = 0; k < n; k++) {
            at = SectionWriter.putLong(b, at, t.maintenanceAmount(k));
        }
        for (int k = 0; k < n; k++) {
            at = SectionWriter.putLong(b, at, t.maxLeverage(k));
        }
        return at;
    }

    /** Reads and rebuilds what {@link #write} wrote. */
    public static Instrument read(final SectionReader in) {
        final int id = in.getInt();
        final String symbol = in.getString();
        final int kind = in.getInt();
        final String asset = in.getString();
        final int profile = in.getInt();
        final int priceScale = in.getInt();
        final long tick = in.getLong();
        final int qtyScale = in.getInt();
        final long step = in.getLong();
        final int balanceScale = in.getInt();
        final long contractSize = in.getLong();
        final long takerFee = in.getLong();
        final long maxPrice = in.getLong();
        final int n = in.getCount(symbol + " bracket count", in.remaining() / 40);
        final long[] floor = new long[n];
        final long[] cap = new long[n];
        final long[] mmr = new long[n];
        final long[] amount = new long[n];
        final long[] maxLeverage = new long[n];
        in.getLongs(floor, n);
        in.getLongs(cap, n);
        in.getLongs(mmr, n);
        in.getLongs(amount, n);
        in.getLongs(maxLeverage, n);
        final ContractKind[] kinds = ContractKind.values();
        final MarginProfile[] profiles = MarginProfile.values();
        if (kind < 0 || kind >= kinds.length || profile < 0 || profile >= profiles.length) {
            throw new SnapshotException("instrument " + symbol + " in the snapshot has contract kind " + kind
                + " and margin profile " + profile + ": unknown codes");
        }
        try {
            return Instrument.builder().id(id).symbol(symbol).kind(kinds[kind]).settlementAsset(asset)
                .profile(profiles[profile]).price(priceScale, tick).quantity(qtyScale, step).balanceScale(balanceScale)
                .contractSize(contractSize).takerFeeRate(takerFee).maxPrice(maxPrice)
                .brackets(BracketTable.unchecked(floor, cap, mmr, amount, maxLeverage)).build();
        } catch (final IllegalArgumentException e) {
            throw new SnapshotException("instrument " + symbol + " in the snapshot is not a valid definition: "
                + e.getMessage(), e);
        }
    }
}
