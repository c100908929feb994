package io.liquidator.engine.core;

import io.liquidator.journal.Rejections;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.LiquidationPriceSolver;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Fixed;
import io.liquidator.engine.money.Rates;
import io.liquidator.engine.instrument.InstrumentCodec;
import io.liquidator.engine.snapshot.codec.SectionReader;
import io.liquidator.engine.snapshot.codec.SectionWriter;
import io.liquidator.engine.snapshot.codec.SnapshotException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The single-writer liquidation state machine: positions, cross wallets, marks, the insurance fund
 * and the liquidation index, changed only by the input methods below, on one thread.
 *
 * <p>What a tick means (the contract the tests hold it to): after a mark for instrument {@code i},
 * the events are exactly those that evaluating every isolated position on {@code i} and every cross
 * book holding {@code i} (whose markets all have a mark) would give, in ascending account id. The
 * engine gets there without looking at the others: each position (and each market of a cross
 * book) sits in the {@link LiquidationIndex} under the price of its next threshold, and a tick
 * visits only the keys it crossed.
 *
 * <p>Evaluating one unit (an isolated position or a cross book) at the current marks:
 * <ol>
 *   <li>liquidatable ({@code margin + ⌈PnL − MM⌉ ≤ 0}, {@link MarginMath#surplus}): isolated → the
 *       partial-liquidation policy decides full, partial or wait; full closes at the bankruptcy
 *       price and settles with the insurance fund, or by auto-deleveraging when the fund cannot pay;
 *       a cross book is closed in full;</li>
 *   <li>otherwise the highest margin-ratio level now reached, if above the levels already fired,
 *       gives one margin call; a fired level re-arms when the ratio falls below level − hysteresis;</li>
 *   <li>the unit is re-keyed: the next adverse threshold and, if a level is fired, its re-arm price.</li>
 * </ol>
 * A cross book's margin surplus {@code S} at its next level is split across its markets; market
 * {@code k}'s trigger is where its own surplus has dropped by its share, so a move that takes the
 * whole book past the level must fire at least one (their drops add up to more than S).
 *
 * <p>Price guards ({@link PriceGuard}, configured per instrument, none by default) change one thing
 * in this contract: while an instrument's guard is tripped, step 1 does not liquidate a unit that
 * involves it; the unit gets the margin call of step 2 instead and is re-keyed at its crossed
 * trigger, so that the first tick after the release liquidates it if it is still under water. Every
 * tick, suspicious or not, becomes the mark. Without guards nothing here runs.
 *
 * <p>Nothing here allocates in steady state: primitive columns, Agrona maps, a reused solver and
 * candidate buffers; arrays grow by doubling only when the book grows.
 */
public final class LiquidationEngine implements LiquidationIndex.SlotConsumer {
    /** Input kinds, as journaled with a rejection. */
    public static final int KIND_MARK_PRICE = 1;
    public static final int KIND_POSITION = 2;
    public static final int KIND_WALLET = 3;
    public static final int KIND_FUNDING = 4;
    public static final int KIND_INSTRUMENT = 5;

    private static final int NONE = PositionStore.NONE;

    private final Instrument[] instruments;
    private final int[] assetOfInstrument;
    private final String[] assetNames;
    private final EventSink sink;
    private final PartialLiquidationPolicy policy;
    private final PositionStore positions;
    private final AccountStore accounts;
    private final LiquidationIndex index;
    private final LiquidationPriceSolver solver = new LiquidationPriceSolver();

    /** Margin-call levels as reduced fractions, then the liquidation level 1/1 at index n. */
    private final long[] levelNum;
    private final long[] levelDen;
    private final long[] levelRaw;
    /** Re-arm levels (level − hysteresis) as reduced fractions. */
    private final long[] rearmNum;
    private final long[] rearmDen;
    private final int levels;

    private final long[] mark;
    private final long[] lastTickTime;
    /**
     * Per instrument: bound on a long trigger's move per unit of funding price move,
     * ⌈1 / (1 − α_max / L_min)⌉ (α the largest maintenance rate, L the smallest level, re-arm levels
     * included); 0 where funding must re-key (inverse, or α_max ≥ L_min).
     */
    private final long[] fundingSlackFactor;
    /** The lowest margin-ratio level in use (the first re-arm level), for the funding slack bound. */
    private final long lowestLevel;
    private final long[] fund;
    /** The price guards and the clock they judge staleness by; null when no instrument is guarded. */
    private final PriceGuards guards;
    private long lastSequence = Long.MIN_VALUE;
    private long tickStamp;

    /** The source line of the input being handled (CSV replay), 0 if none: carried into rejections only. */
    private long currentLine;
    private long currentSequence;
    private long currentTimestamp;
    private int currentInstrument;

    private long[] candidateAccount = new long[64];
    private int[] candidateUnit = new int[64];
    private int candidateCount;
    private int candidateCursor;

    /** Kind, account and instrument of the input being handled, for an INTERNAL_ERROR rejection. */
    private int inputKind;
    private long inputAccount;
    private int inputInstrument;
    /**
     * True from the first state change of a liquidation's settlement to its last: an arithmetic
     * overflow in between would leave it half-applied, so it is an internal error, not a rejection.
     */
    private boolean settling;
    /** Set by {@link #onInternalError}: the state may be half-applied; no input or snapshot after it. */
    private RuntimeException halted;

    /**
     * The index keys of the slots an update may re-key (the slot and its cross book), saved before it
     * and put back exactly if it is refused after all: a refused input must leave even the index as it
     * was (a re-key at the current marks gives other, equally valid, keys, and so other visits).
     * At most one slot per instrument in a book, plus the slot itself; grown once.
     */
    private int[] savedSlot = new int[0];
    private long[] savedAdverse = new long[0];
    private long[] savedRecovery = new long[0];
    private boolean[] savedHasAdverse = new boolean[0];
    private boolean[] savedHasRecovery = new boolean[0];
    private int savedCount;

    /** During one settlement's ADL: the sum of the filled positions' value changes at the mark (see settle). */
    private long adlValueMoved;

    private long[] adlScore = new long[64];
    private long[] adlAccount = new long[64];
    private int[] adlSlot = new int[64];

    public LiquidationEngine(final List<Instrument> instrumentList, final EngineSettings settings, final EventSink sink) {
        this.instruments = instrumentList.toArray(new Instrument[0]);
        for (int i = 0; i < instruments.length; i++) {
            if (instruments[i].id() != i) {
                throw new IllegalArgumentException("instrument ids must be 0..n-1 in order; " + instruments[i] + " has "
                    + instruments[i].id());
            }
        }
        final List<String> assets = new ArrayList<>();
        this.assetOfInstrument = new int[instruments.length];
        for (int i = 0; i < instruments.length; i++) {
            final String a = instruments[i].settlementAsset();
            if (!assets.contains(a)) {
                assets.add(a);
            }
            assetOfInstrument[i] = assets.indexOf(a);
        }
        this.assetNames = assets.toArray(new String[0]);
        this.sink = sink;
        this.policy = settings.policy();
        final int capacity = settings.expectedPositions();
        this.positions = new PositionStore(capacity);
        this.accounts = new AccountStore(assetNames.length, capacity);
        this.index = new LiquidationIndex(instruments.length, capacity);
        this.mark = new long[instruments.length];
        this.lastTickTime = new long[instruments.length];
        Arrays.fill(lastTickTime, Long.MIN_VALUE);
        this.fund = new long[assetNames.length];
        this.fundingSlackFactor = new long[instruments.length];
        this.guards = settings.priceGuards().isEmpty() ? null : new PriceGuards(instruments.length, settings.priceGuards());
        settings.insuranceFund().forEach((asset, balance) -> {
            final int a = assetId(asset);
            if (a < 0) {
                throw new IllegalArgumentException("insurance fund for unknown settlement asset " + asset);
            }
            fund[a] = balance;
        });

        final long[] calls = settings.marginCallLevels();
        this.levels = calls.length;
        this.levelNum = new long[levels + 1];
        this.levelDen = new long[levels + 1];
        this.levelRaw = new long[levels + 1];
        this.rearmNum = new long[levels];
        this.rearmDen = new long[levels];
        for (int j = 0; j <= levels; j++) {
            final long raw = j < levels ? calls[j] : Rates.ONE;
            final long g = Fixed.gcd(raw, Rates.ONE);
            levelRaw[j] = raw;
            levelNum[j] = raw / g;
            levelDen[j] = Rates.ONE / g;
            if (j < levels) {
                final long rearm = raw - settings.hysteresis();
                final long h = Fixed.gcd(rearm, Rates.ONE);
                rearmNum[j] = rearm / h;
                rearmDen[j] = Rates.ONE / h;
            }
        }
        this.lowestLevel = levels == 0 ? Rates.ONE : calls[0] - settings.hysteresis();
        for (final Instrument inst : instruments) {
            if (!continuousMaintenance(inst)) {
                throw new IllegalArgumentException(inst.symbol() + ": the hyperliquid profile's maintenance margin"
                    + " (notional / (2 x max leverage)) jumps at a bracket floor, so its liquidation prices are not"
                    + " monotone; the engine takes it with a single bracket");
            }
            final long maxRate = maxMaintenanceRate(inst);
            if (maxRate >= lowestLevel) {
                throw new IllegalArgumentException("margin-call level (or its re-arm level) "
                    + io.liquidator.engine.money.Decimals.formatTrimmed(lowestLevel, Rates.SCALE_DIGITS)
                    + " is not above " + inst.symbol() + "'s highest maintenance rate "
                    + io.liquidator.engine.money.Decimals.formatTrimmed(maxRate, Rates.SCALE_DIGITS)
                    + ": the margin ratio of a large winning position tends to that rate, so the level would"
                    + " also be reached on the profitable side, where no trigger price watches for it");
            }
        }
        for (int i = 0; i < instruments.length; i++) {
            fundingSlackFactor[i] = fundingSlackFactor(instruments[i], lowestLevel);
        }
    }

    /** Hyperliquid's maintenance has no deduction: continuous across brackets only with one bracket. */
    private static boolean continuousMaintenance(final Instrument inst) {
        return !inst.profile().halfInitialAtMaxLeverage() || inst.brackets().size() == 1;
    }

    /**
     * The largest maintenance rate the profile applies on the mark (Rates units, rounded up); 0 for
     * entry-basis profiles, whose maintenance does not move with the price.
     */
    private static long maxMaintenanceRate(final Instrument inst) {
        if (inst.profile().basis() == io.liquidator.engine.instrument.MarginProfile.Basis.ENTRY) {
            return 0;
        }
        long maxRate = 0;
        for (int t = 0; t < inst.brackets().size(); t++) {
            maxRate = Math.max(maxRate, Fixed.mulDiv(inst.maintenanceRateNumerator(t), Rates.ONE,
                inst.maintenanceRateDenominator(t), RoundingMode.CEILING));
        }
        return maxRate;
    }

    private static long fundingSlackFactor(final Instrument inst, final long lowestLevel) {
        if (inst.isInverse() || inst.profile().closeFeeAtBankruptcy()) {
            return 0; // inverse: moves grow with price²; Bybit: the close fee depends on the margin, re-estimate it
        }
        final long maxRate = maxMaintenanceRate(inst);
        if (maxRate >= lowestLevel) {
            return 0;
        }
        // 1 / (1 − maxRate / L) = L / (L − maxRate)
        return Fixed.mulDiv(lowestLevel, 1, lowestLevel - maxRate, RoundingMode.CEILING);
    }

    // ---------------------------------------------------------------------------------------------
    // Inputs

    /** A mark price for {@code instrument}: the tick. */
    public void onMarkPrice(final long sequence, final long timestamp, final int instrument, final long price) {
        if (!beginInput(sequence, timestamp, KIND_MARK_PRICE, 0, instrument)) {
            return;
        }
        if (instrument < 0 || instrument >= instruments.length) {
            reject(KIND_MARK_PRICE, 0, instrument, Rejections.UNKNOWN_INSTRUMENT);
            return;
        }
        final int priceReason = validatePrice(instruments[instrument], price);
        if (priceReason != 0) {
            reject(KIND_MARK_PRICE, 0, instrument, priceReason);
            return;
        }
        if (timestamp < lastTickTime[instrument]) {
            reject(KIND_MARK_PRICE, 0, instrument, Rejections.TIMESTAMP_BACKWARDS);
            return;
        }
        final boolean first = mark[instrument] == 0;
        if (guards != null && guards.guarded(instrument)) {
            // may trip or release the guard (a GUARD event); the tick becomes the mark either way
            guards.onTick(sink, sequence, timestamp, instrument, price);
        }
        mark[instrument] = price;
        lastTickTime[instrument] = timestamp;
        if (first) {
            activateBooksHolding(instrument);
        }
        if (index.crossesNothing(instrument, price)) {
            return;
        }
        tickStamp++;
        currentInstrument = instrument;
        candidateCount = 0;
        index.pollCrossed(instrument, price, this);
        sortCandidates(0, candidateCount);
        for (candidateCursor = 0; candidateCursor < candidateCount; candidateCursor++) {
            final int unit = candidateUnit[candidateCursor];
            try {
                // auto-deleveraging earlier in this tick may have closed the position or taken the
                // book off this market: a full scan would not evaluate it here, so neither do we
                if (unit >= 0) {
                    if (positions.live[unit] && positions.instrument[unit] == instrument
                        && positions.account[unit] == candidateAccount[candidateCursor]) {
                        evaluateIsolated(unit);
                    }
                } else if (slotOn(-unit - 1, instrument) != NONE) {
                    evaluateBook(-unit - 1);
                }
            } catch (final ArithmeticException overflow) {
                unitOverflowed(unit, instrument, overflow);
            }
        }
    }

    /**
     * Sets an account's position on {@code instrument} (its new state, not a delta); qty 0 closes it.
     * Resets its margin-call levels and cooldown.
     */
    public void onPosition(final long sequence, final long timestamp, final long account, final int instrument,
                           final int side, final long qty, final long entryPrice, final boolean cross,
                           final long isolatedMargin) {
        if (!beginInput(sequence, timestamp, KIND_POSITION, account, instrument)) {
            return;
        }
        if (instrument < 0 || instrument >= instruments.length) {
            reject(KIND_POSITION, account, instrument, Rejections.UNKNOWN_INSTRUMENT);
            return;
        }
        final Instrument inst = instruments[instrument];
        int reason = validatePosition(inst, side, qty, entryPrice, cross, isolatedMargin);
        if (reason == 0) {
            reason = qty == 0 ? validateClose(account)
                : validateAgainstMarket(inst, side, qty, entryPrice, cross, isolatedMargin, mark[instrument]);
        }
        if (reason != 0) {
            reject(KIND_POSITION, account, instrument, reason);
            return;
        }
        final boolean newAccount = accounts.find(account) == NONE;
        final int accountSlot = accounts.findOrCreate(account);
        int slot = positions.find(accountSlot, instrument);
        final boolean existed = slot != NONE;
        final int asset = assetOfInstrument[instrument];
        final int book = accounts.book(accountSlot, asset);
        boolean bookChanged = false;
        savedCount = 0;
        if (existed && !positions.cross[slot]) {
            saveKeys(slot);
        }
        saveBookKeys(book);
        if (slot != NONE) {
            index.remove(instrument, slot);
            if (positions.cross[slot]) {
                unlink(book, slot);
                bookChanged = true;
            }
            if (qty == 0) {
                positions.release(slot);
                if (bookChanged) {
                    resplitChecked(book);
                }
                return;
            }
        } else {
            if (qty == 0) {
                return;
            }
            slot = positions.allocate(account, accountSlot, instrument);
        }
        final int oldSide = positions.side[slot];
        final long oldQty = positions.qty[slot];
        final long oldEntry = positions.entry[slot];
        final boolean oldCross = positions.cross[slot];
        final long oldMargin = positions.margin[slot];
        final int oldAlert = positions.alertLevel[slot];
        final long oldCooldown = positions.cooldownUntil[slot];
        final long oldCloseFee = positions.closeFee[slot];
        positions.side[slot] = side;
        positions.qty[slot] = qty;
        positions.entry[slot] = entryPrice;
        positions.cross[slot] = cross;
        positions.margin[slot] = cross ? 0 : isolatedMargin;
        positions.alertLevel[slot] = 0;
        positions.cooldownUntil[slot] = Long.MIN_VALUE;
        positions.closeFee[slot] = 0;
        try {
            if (cross) {
                link(book, slot);
                resplit(book);
            } else {
                rekeyIsolated(slot);
                if (bookChanged) {
                    resplit(book);
                }
            }
        } catch (final ArithmeticException overflow) {
            // the new state cannot be valued without overflow: refuse it and leave no trace (the
            // position it would have replaced is put back as it was, keyed as before)
            index.remove(instrument, slot);
            if (cross) {
                unlink(book, slot);
            }
            if (existed) {
                positions.side[slot] = oldSide;
                positions.qty[slot] = oldQty;
                positions.entry[slot] = oldEntry;
                positions.cross[slot] = oldCross;
                positions.margin[slot] = oldMargin;
                positions.alertLevel[slot] = oldAlert;
                positions.cooldownUntil[slot] = oldCooldown;
                positions.closeFee[slot] = oldCloseFee;
                if (oldCross) {
                    link(book, slot);
                }
            } else {
                positions.release(slot);
            }
            restoreSavedKeys();
            if (newAccount) {
                accounts.dropNewest(accountSlot); // refused: not even an empty account record stays
            }
            reject(KIND_POSITION, account, instrument, Rejections.ARITHMETIC_OVERFLOW);
        }
    }

    /** Sets an account's cross wallet balance in {@code asset} (balance units). */
    public void onWallet(final long sequence, final long timestamp, final long account, final int asset,
                         final long balance) {
        if (!beginInput(sequence, timestamp, KIND_WALLET, account, -1)) {
            return;
        }
        if (asset < 0 || asset >= assetNames.length) {
            reject(KIND_WALLET, account, -1, Rejections.UNKNOWN_ASSET);
            return;
        }
        if (balance > walletLimit() || balance < -walletLimit()) {
            reject(KIND_WALLET, account, -1, Rejections.VALUE_OVERFLOW);
            return;
        }
        final int accountSlot = accounts.findOrCreate(account);
        final int book = accounts.book(accountSlot, asset);
        final long previous = accounts.wallet[book];
        final int previousAlert = accounts.alertLevel[book];
        accounts.wallet[book] = balance;
        accounts.alertLevel[book] = 0;
        savedCount = 0;
        saveBookKeys(book);
        try {
            resplit(book);
        } catch (final ArithmeticException overflow) {
            accounts.wallet[book] = previous;
            accounts.alertLevel[book] = previousAlert;
            restoreSavedKeys();
            reject(KIND_WALLET, account, -1, Rejections.ARITHMETIC_OVERFLOW);
        }
    }

    /**
     * Settles funding on {@code instrument} at its current mark: every position pays (or receives)
     * {@code side × notional × rate}, payers rounded up, receivers down. Isolated margins change in
     * place but their index keys stay where they are (linear instruments): the index widens the
     * affected heaps by the largest move funding can cause ({@link LiquidationIndex#addFundingSlack}),
     * so nothing is missed and nothing is re-sorted. Inverse instruments (whose trigger moves grow with
     * the square of the price) and cross books (whose wallet changed) are re-keyed.
     */
    public void onFunding(final long sequence, final long timestamp, final int instrument, final long rate) {
        if (!beginInput(sequence, timestamp, KIND_FUNDING, 0, instrument)) {
            return;
        }
        if (instrument < 0 || instrument >= instruments.length) {
            reject(KIND_FUNDING, 0, instrument, Rejections.UNKNOWN_INSTRUMENT);
            return;
        }
        if (rate > Rates.ONE || rate < -Rates.ONE) {
            // beyond ±100 % per settlement is no funding rate; it would also overflow the slack bound
            reject(KIND_FUNDING, 0, instrument, Rejections.FUNDING_RATE_OUT_OF_RANGE);
            return;
        }
        final long price = fundingMark(instrument);
        if (price == 0) {
            reject(KIND_FUNDING, 0, instrument, Rejections.NO_MARK_PRICE);
            return;
        }
        final Instrument inst = instruments[instrument];
        final int asset = assetOfInstrument[instrument];
        final boolean keepKeys = fundingSlackFactor[instrument] > 0;
        if (keepKeys && rate != 0) {
            // every isolated trigger of this instrument moves by at most |rate| × mark × factor (+1 tick
            // for rounding) toward firing on one side: widen those heaps instead of re-keying them
            final long move = Fixed.mulDiv(Math.abs(rate), price, Rates.ONE, RoundingMode.CEILING);
            final long longShift = Fixed.add(Fixed.mul(move, fundingSlackFactor[instrument]), inst.tickSize());
            final long shortShift = Fixed.add(move, inst.tickSize());
            index.addFundingSlack(instrument, rate > 0, longShift, shortShift);
        }
        final PositionStore p = positions;
        for (int slot = 0; slot < p.highWater(); slot++) {
            if (!p.live[slot] || p.instrument[slot] != instrument) {
                continue;
            }
            try {
                final long notional = MarginMath.notional(inst, p.qty[slot], price);
                final long signed = p.side[slot] * rate;
                final long payment = signed > 0
                    ? Fixed.mulDiv(notional, signed, Rates.ONE, RoundingMode.CEILING)
                    : -Fixed.mulDiv(notional, -signed, Rates.ONE, RoundingMode.FLOOR);
                if (p.cross[slot]) {
                    final int book = accounts.book(p.accountSlot[slot], asset);
                    accounts.wallet[book] = Fixed.sub(accounts.wallet[book], payment);
                    resplitOrPark(book);
                } else {
                    p.margin[slot] = Fixed.sub(p.margin[slot], payment);
                    // the slack only widens keys that exist: a payer with no adverse key (its trigger was out
                    // of range, e.g. a long backed by more than its notional) or a receiver with a fired
                    // level but no re-arm key may now have one in range, so it is re-keyed
                    if (!keepKeys || payment > 0 && !index.hasAdverse(instrument, p.side[slot], slot)
                        || payment < 0 && p.alertLevel[slot] > 0 && !index.hasRecovery(instrument, p.side[slot], slot)) {
                        rekeyIsolatedOrPark(slot);
                    }
                }
            } catch (final ArithmeticException overflow) {
                rejectPart(KIND_FUNDING, p.account[slot], instrument, Rejections.ARITHMETIC_OVERFLOW);
            }
        }
    }

    /**
     * Replaces an instrument's definition (new brackets, fee, profile) and re-keys its positions and
     * the cross books holding it. The scales, kind and settlement asset must not change: positions
     * are stored in them. Rare (a bracket-table change), so it may re-key the whole instrument.
     */
    public void onInstrumentUpdate(final long sequence, final long timestamp, final Instrument replacement) {
        final int instrument = replacement == null ? -1 : replacement.id();
        if (!beginInput(sequence, timestamp, KIND_INSTRUMENT, 0, instrument)) {
            return;
        }
        if (instrument < 0 || instrument >= instruments.length) {
            reject(KIND_INSTRUMENT, 0, instrument, Rejections.UNKNOWN_INSTRUMENT);
            return;
        }
        final Instrument old = instruments[instrument];
        if (!old.symbol().equals(replacement.symbol()) || old.kind() != replacement.kind()
            || !old.settlementAsset().equals(replacement.settlementAsset()) || old.priceScale() != replacement.priceScale()
            || old.tickSize() != replacement.tickSize() || old.qtyScale() != replacement.qtyScale()
            || old.stepSize() != replacement.stepSize() || old.balanceScale() != replacement.balanceScale()
            || old.contractSize() != replacement.contractSize()) {
            reject(KIND_INSTRUMENT, 0, instrument, Rejections.INCOMPATIBLE_INSTRUMENT_UPDATE);
            return;
        }
        if (maxMaintenanceRate(replacement) >= lowestLevel || !continuousMaintenance(replacement)) {
            reject(KIND_INSTRUMENT, 0, instrument, Rejections.INCOMPATIBLE_INSTRUMENT_UPDATE);
            return;
        }
        instruments[instrument] = replacement;
        fundingSlackFactor[instrument] = fundingSlackFactor(replacement, lowestLevel);
        final PositionStore p = positions;
        final int asset = assetOfInstrument[instrument];
        for (int slot = 0; slot < p.highWater(); slot++) {
            if (!p.live[slot] || p.instrument[slot] != instrument) {
                continue;
            }
            try {
                if (p.cross[slot]) {
                    resplit(accounts.book(p.accountSlot[slot], asset));
                } else {
                    rekeyIsolated(slot);
                }
            } catch (final ArithmeticException overflow) {
                if (p.cross[slot]) {
                    parkBook(accounts.book(p.accountSlot[slot], asset));
                } else {
                    parkIsolated(slot);
                }
                rejectPart(KIND_INSTRUMENT, p.account[slot], instrument, Rejections.ARITHMETIC_OVERFLOW);
            }
        }
    }

    /** Refuses an input whose kind the source could not decode (journaled like any rejection). */
    public void onUnknownInput(final long sequence, final long timestamp) {
        onMalformedInput(sequence, timestamp, 0, Rejections.UNKNOWN_INPUT_KIND);
    }

    /**
     * Refuses an input its source could not decode ({@code kind}: the input kind if known, else 0;
     * {@code reason}: a {@link Rejections} code). It still takes its place in the input sequence, so
     * the rejection is journaled between the same neighbours on every run.
     */
    public void onMalformedInput(final long sequence, final long timestamp, final int kind, final int reason) {
        if (beginInput(sequence, timestamp, kind, 0, -1)) {
            reject(kind, 0, -1, reason);
        }
    }

    /**
     * The source line of the inputs that follow (a CSV replay's row), 0 when they do not come from a
     * file: journaled with a rejection so that a user can find the bad row. A field write; no state.
     */
    public void setInputLine(final long line) {
        currentLine = line;
    }

    /** End of a batch of inputs: lets the sink flush. */
    public void onEndOfBatch() {
        sink.onEndOfBatch();
    }

    // ---------------------------------------------------------------------------------------------
    // Faults

    /**
     * The engine failed on the current input with {@code bug} (anything but a validation problem,
     * which is always a rejection, and an arithmetic overflow in a unit's evaluation, which is one
     * too): journals a REJECTION with {@link Rejections#INTERNAL_ERROR} and the input's sequence,
     * flushes the sink, and halts: from now on every input method and {@link #writeSnapshot} throws.
     * Returns the exception for the caller to rethrow (the pipeline's fail-stop handler then stops
     * the engine thread).
     *
     * <p>Why halt rather than skip the input: the exception may have come from the middle of a
     * change (a settlement between its LIQUIDATION and its INSURANCE_FUND, a book half re-keyed), and
     * nothing can tell which fields it reached. Why no snapshot at the halt: it would capture exactly
     * that possibly half-applied state and make it the recovery point; and a snapshot of the state
     * <em>before</em> the input cannot be had (the engine changes in place). So the last good
     * snapshot stays the recovery point: a restart restores it and replays the input journal, and a
     * deterministic bug fails again on the same input, journaling the same INTERNAL_ERROR (which the
     * output journal's resume check then finds identical) and halting again; nothing after it is
     * processed until the code is fixed. A transient fault that does not recur on replay instead
     * makes the regenerated events differ from the journaled INTERNAL_ERROR, and the resume check
     * stops there for an operator to decide: downstream consumers have already seen it.
     *
     * <p>If journaling the rejection fails too, that failure is attached to {@code bug} as suppressed.
     */
    public RuntimeException onInternalError(final RuntimeException bug) {
        if (halted != null) {
            return bug;
        }
        halted = bug;
        settling = false;
        try {
            sink.onRejection(currentSequence, currentTimestamp, inputKind, inputAccount, inputInstrument,
                Rejections.INTERNAL_ERROR, currentLine);
            sink.onEndOfBatch();
        } catch (final RuntimeException alsoFailed) {
            bug.addSuppressed(alsoFailed);
        }
        return bug;
    }

    /** Whether {@link #onInternalError} has halted the engine. */
    public boolean isHalted() {
        return halted != null;
    }

    /**
     * An arithmetic overflow while evaluating one candidate of a tick. Before the unit's settlement
     * began nothing was changed (the figures of an event are computed before the state it records),
     * so the unit is refused for this tick with {@link Rejections#ARITHMETIC_OVERFLOW} and parked: keyed
     * to fire on every tick of its markets, so that the index does not lose it (it was taken out of the
     * heaps when its key was crossed) and it is evaluated again, and refused again, until an update or
     * a price brings it back into range. During a settlement it is an internal error.
     */
    private void unitOverflowed(final int unit, final int instrument, final ArithmeticException overflow) {
        if (settling) {
            throw new IllegalStateException("arithmetic overflow in the middle of a settlement on instrument "
                + instrument + ": the state is half-applied", overflow);
        }
        if (unit >= 0) {
            if (positions.live[unit]) {
                parkIsolated(unit);
            }
        } else {
            parkBook(-unit - 1);
        }
        rejectPart(KIND_MARK_PRICE, candidateAccount[candidateCursor], instrument, Rejections.ARITHMETIC_OVERFLOW);
    }

    /** Saves the slot's keys (see {@link #savedSlot}). */
    private void saveKeys(final int slot) {
        if (savedCount == savedSlot.length) {
            final int n = Math.max(4, 2 * savedCount);
            savedSlot = Arrays.copyOf(savedSlot, n);
            savedAdverse = Arrays.copyOf(savedAdverse, n);
            savedRecovery = Arrays.copyOf(savedRecovery, n);
            savedHasAdverse = Arrays.copyOf(savedHasAdverse, n);
            savedHasRecovery = Arrays.copyOf(savedHasRecovery, n);
        }
        final int i = positions.instrument[slot];
        final int side = positions.side[slot];
        final int k = savedCount++;
        savedSlot[k] = slot;
        savedHasAdverse[k] = index.hasAdverse(i, side, slot);
        savedAdverse[k] = savedHasAdverse[k] ? index.storedAdverse(i, side, slot) : 0;
        savedHasRecovery[k] = index.hasRecovery(i, side, slot);
        savedRecovery[k] = savedHasRecovery[k] ? index.storedRecovery(i, side, slot) : 0;
    }

    private void saveBookKeys(final int book) {
        for (int s = accounts.head[book]; s != NONE; s = positions.nextInBook[s]) {
            saveKeys(s);
        }
    }

    /** Puts the saved keys back exactly; the saved slots' sides and instruments must be as they were. */
    private void restoreSavedKeys() {
        for (int k = 0; k < savedCount; k++) {
            final int slot = savedSlot[k];
            final int i = positions.instrument[slot];
            final int side = positions.side[slot];
            index.remove(i, slot);
            if (savedHasAdverse[k]) {
                index.restoreAdverse(i, side, slot, savedAdverse[k]);
            }
            if (savedHasRecovery[k]) {
                index.restoreRecovery(i, side, slot, savedRecovery[k]);
            }
        }
        savedCount = 0;
    }

    /** Keys an isolated position so that its adverse side fires on any price (no recovery key). */
    private void parkIsolated(final int slot) {
        final int i = positions.instrument[slot];
        final int side = positions.side[slot];
        index.remove(i, slot);
        index.setAdverse(i, side, slot, side == Side.LONG ? instruments[i].maxPrice() : instruments[i].tickSize());
    }

    /** {@link #parkIsolated} for every market of a cross book. */
    private void parkBook(final int book) {
        for (int s = accounts.head[book]; s != NONE; s = positions.nextInBook[s]) {
            parkIsolated(s);
        }
    }

    /** Re-keys an isolated position; one whose keys cannot be computed is parked, never left unkeyed. */
    private void rekeyIsolatedOrPark(final int slot) {
        try {
            rekeyIsolated(slot);
        } catch (final ArithmeticException overflow) {
            parkIsolated(slot);
        }
    }

    /** Re-splits a cross book; one whose keys cannot be computed is parked, never left unkeyed. */
    private void resplitOrPark(final int book) {
        try {
            resplit(book);
        } catch (final ArithmeticException overflow) {
            parkBook(book);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Queries (engine thread, or a quiescent engine)

    public int instrumentCount() {
        return instruments.length;
    }

    public Instrument instrument(final int id) {
        return instruments[id];
    }

    /** Settlement asset id, or -1. */
    public int assetId(final String asset) {
        for (int a = 0; a < assetNames.length; a++) {
            if (assetNames[a].equals(asset)) {
                return a;
            }
        }
        return -1;
    }

    public String assetName(final int asset) {
        return assetNames[asset];
    }

    public int assetCount() {
        return assetNames.length;
    }

    public int assetOfInstrument(final int instrument) {
        return assetOfInstrument[instrument];
    }

    public long markPrice(final int instrument) {
        return mark[instrument];
    }

    public long insuranceFund(final int asset) {
        return fund[asset];
    }

    public int openPositions() {
        return positions.liveCount();
    }

    /**
     * Walks the liquidation index of {@code instrument}: each watched position with the price at
     * which it is liquidated (see {@link LiquidationMap}; the heatmap's data). Read-only, off the
     * tick path: on a quiescent engine only.
     */
    public void visitLiquidationMap(final int instrument, final LiquidationMap.Visitor visitor) {
        new LiquidationMap(this, positions, accounts, index).visit(instrument, visitor);
    }

    /** The position columns as they are, for checkers in this package (tests); not for the hot path. */
    PositionStore positionStore() {
        return positions;
    }

    /** The account and cross-book columns as they are, for checkers in this package (tests). */
    AccountStore accountStore() {
        return accounts;
    }

    /** Heap bytes held by the position store, the accounts and the index (arrays at their capacity). */
    public long retainedBytes() {
        return positions.retainedBytes() + accounts.retainedBytes() + index.retainedBytes();
    }

    /**
     * A hash of the whole state (positions, wallets, marks, fund): equal states, equal hashes. Used to
     * check that two runs of the same input end in the same place.
     */
    public long stateHash() {
        long h = 1125899906842597L;
        for (int i = 0; i < mark.length; i++) {
            h = 31 * h + mark[i];
        }
        for (final long f : fund) {
            h = 31 * h + f;
        }
        final PositionStore p = positions;
        for (int slot = 0; slot < p.highWater(); slot++) {
            if (!p.live[slot]) {
                continue;
            }
            h = 31 * h + p.account[slot];
            h = 31 * h + p.instrument[slot];
            h = 31 * h + p.side[slot];
            h = 31 * h + p.qty[slot];
            h = 31 * h + p.entry[slot];
            h = 31 * h + p.margin[slot];
            h = 31 * h + (p.cross[slot] ? 1 : 0);
            h = 31 * h + p.alertLevel[slot];
            h = 31 * h + p.cooldownUntil[slot];
        }
        for (int a = 0; a < accounts.count(); a++) {
            for (int asset = 0; asset < assetNames.length; asset++) {
                final int book = accounts.book(a, asset);
                h = 31 * h + accounts.id[a];
                h = 31 * h + accounts.wallet[book];
                h = 31 * h + accounts.alertLevel[book];
            }
        }
        return guards == null ? h : guards.hash(h);
    }

    // ---------------------------------------------------------------------------------------------
    // Snapshot: the whole mutable state as sections (exchange-core style: taken in-band, between
    // inputs, so it is the state after exactly lastInputSequence())

    private static final int SNAPSHOT_CONFIGURATION = SectionWriter.tag("CONF");
    private static final int SNAPSHOT_INSTRUMENTS = SectionWriter.tag("INST");
    private static final int SNAPSHOT_ENGINE = SectionWriter.tag("ENGN");

    /** The sequence of the last input accepted (Long.MIN_VALUE before the first): where a replay resumes. */
    public long lastInputSequence() {
        return lastSequence;
    }

    /**
     * Writes the engine's full mutable state at {@code offset} and returns its length. Call it on the
     * engine thread between inputs. It is a run of bulk column copies: no allocation other than the
     * buffer's growth (pass an expandable buffer and reuse it), and no hash map is walked (maps are
     * rebuilt from the columns on restore). What it writes, by section:
     * <ol>
     *   <li>CONF: what the engine was built with (instrument and asset counts, asset names, margin-call
     *       and re-arm levels, the policy), checked on restore, not restored;</li>
     *   <li>INST: the current instrument definitions (instrument updates replace them);</li>
     *   <li>ENGN: marks, last tick times, funding slack factors, insurance funds, sequence and tick
     *       stamp, and the current-input registers (so a snapshot of a restored engine is byte-identical);</li>
     *   <li>ACCT, POSN, INDX: the stores, slot for slot ({@link AccountStore#writeTo},
     *       {@link PositionStore#writeTo}, {@link LiquidationIndex#writeTo});</li>
     *   <li>GARD, only when some instrument has a price guard: the guard settings (checked), the clock
     *       and every guard's state ({@link PriceGuards#writeTo}). An engine without guards writes
     *       exactly what it wrote before guards existed.</li>
     * </ol>
     * Candidate and ADL buffers are scratch within one input and are not written. A buffer that is
     * not expandable and too small throws {@link IndexOutOfBoundsException} (about 118 bytes per
     * position, 12 per heap entry).
     */
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset) {
        if (halted != null) {
            throw new IllegalStateException("no snapshot of an engine that halted on an internal error at input "
                + currentSequence + ": its state may be half-applied", halted);
        }
        int at = writeConfiguration(buffer, offset);
        int section = at;
        at = SectionWriter.beginSection(buffer, section, SNAPSHOT_INSTRUMENTS);
        at = SectionWriter.putInt(buffer, at, instruments.length);
        for (final Instrument inst : instruments) {
            at = InstrumentCodec.write(buffer, at, inst);
        }
        at = SectionWriter.endSection(buffer, section, at);
        section = at;
        final int n = instruments.length;
        at = SectionWriter.beginSection(buffer, section, SNAPSHOT_ENGINE);
        at = SectionWriter.putInt(buffer, at, n);
        at = SectionWriter.putLongs(buffer, at, mark, n);
        at = SectionWriter.putLongs(buffer, at, lastTickTime, n);
        at = SectionWriter.putLongs(buffer, at, fundingSlackFactor, n);
        at = SectionWriter.putInt(buffer, at, fund.length);
        at = SectionWriter.putLongs(buffer, at, fund, fund.length);
        at = SectionWriter.putLong(buffer, at, lastSequence);
        at = SectionWriter.putLong(buffer, at, tickStamp);
        at = SectionWriter.putLong(buffer, at, currentSequence);
        at = SectionWriter.putLong(buffer, at, currentTimestamp);
        at = SectionWriter.putInt(buffer, at, currentInstrument);
        at = SectionWriter.endSection(buffer, section, at);
        at = accounts.writeTo(buffer, at);
        at = positions.writeTo(buffer, at);
        at = index.writeTo(buffer, at);
        if (guards != null) {
            at = guards.writeTo(buffer, at);
        }
        return at - offset;
    }

    private int writeConfiguration(final MutableDirectBuffer buffer, final int offset) {
        int at = SectionWriter.beginSection(buffer, offset, SNAPSHOT_CONFIGURATION);
        at = SectionWriter.putInt(buffer, at, instruments.length);
        at = SectionWriter.putInt(buffer, at, assetNames.length);
        for (final String asset : assetNames) {
            at = SectionWriter.putString(buffer, at, asset);
        }
        at = SectionWriter.putInt(buffer, at, levels);
        at = SectionWriter.putLongs(buffer, at, levelRaw, levels);
        at = SectionWriter.putLongs(buffer, at, rearmNum, levels);
        at = SectionWriter.putLongs(buffer, at, rearmDen, levels);
        at = SectionWriter.putLong(buffer, at, lowestLevel);
        at = SectionWriter.putString(buffer, at, policy.getClass().getName());
        at = SectionWriter.putInt(buffer, at, policy.partialRule());
        at = SectionWriter.putLong(buffer, at, policy.cooldownMillis());
        return SectionWriter.endSection(buffer, offset, at);
    }

    /**
     * Makes this engine the one that wrote {@code [offset, offset + length)} with
     * {@link #writeSnapshot}: same slots, free stack, books, heaps, slacks, levels, marks, funds,
     * sequence and instrument definitions, so the inputs after the snapshot give the same events as
     * they gave the original. The engine must be freshly constructed from the same configuration
     * and settings; a snapshot of another configuration (instrument or asset count, assets, levels,
     * policy, an instrument's fixed fields) is refused with a {@link SnapshotException} naming the
     * difference before anything is changed. A snapshot that fails later (corrupt columns) also
     * throws, and leaves this engine half restored: discard it.
     */
    public void restoreSnapshot(final DirectBuffer buffer, final int offset, final int length) {
        if (lastSequence != Long.MIN_VALUE || tickStamp != 0 || positions.highWater() != 0 || accounts.count() != 0) {
            throw new IllegalStateException("restore needs a freshly constructed engine; this one has processed inputs "
                + "up to sequence " + lastSequence);
        }
        final SectionReader in = new SectionReader(buffer, offset, length);
        checkConfiguration(in);
        final int n = instruments.length;
        final Instrument[] restored = new Instrument[n];
        int end = in.enterSection(SNAPSHOT_INSTRUMENTS);
        if (in.getInt() != n) {
            throw new SnapshotException("instrument section: instrument count differs from the configuration section");
        }
        for (int i = 0; i < n; i++) {
            restored[i] = InstrumentCodec.read(in);
            checkSameMarket(i, restored[i]);
        }
        in.leaveSection(SNAPSHOT_INSTRUMENTS, end);

        end = in.enterSection(SNAPSHOT_ENGINE);
        if (in.getInt() != n) {
            throw new SnapshotException("engine section: instrument count differs from the configuration section");
        }
        final long[] slack = new long[n];
        in.getLongs(mark, n);
        in.getLongs(lastTickTime, n);
        in.getLongs(slack, n);
        if (in.getInt() != fund.length) {
            throw new SnapshotException("engine section: asset count differs from the configuration section");
        }
        in.getLongs(fund, fund.length);
        lastSequence = in.getLong();
        tickStamp = in.getLong();
        currentSequence = in.getLong();
        currentTimestamp = in.getLong();
        currentInstrument = in.getInt();
        in.leaveSection(SNAPSHOT_ENGINE, end);
        for (int i = 0; i < n; i++) {
            instruments[i] = restored[i];
            fundingSlackFactor[i] = fundingSlackFactor(restored[i], lowestLevel);
            if (fundingSlackFactor[i] != slack[i]) {
                throw new SnapshotException(restored[i].symbol() + ": funding slack factor " + slack[i]
                    + " in the snapshot, " + fundingSlackFactor[i] + " recomputed from its definition");
            }
        }

        accounts.readFrom(in);
        positions.readFrom(in, accounts.count(), n);
        index.readFrom(in, positions.highWater());
        readGuards(in);
        final int books = accounts.count() * assetNames.length;
        for (int book = 0; book < books; book++) {
            final int head = accounts.head[book];
            if (head < NONE || head >= positions.highWater()) {
                throw new SnapshotException("cross book " + book + " starts at slot " + head + ", outside the "
                    + positions.highWater() + " slots");
            }
        }
        if (in.remaining() != 0) {
            throw new SnapshotException(in.remaining() + " bytes follow the last section: not a snapshot of this layout");
        }
    }

    /** The GARD section is there exactly when this engine has price guards, and then restores them. */
    private void readGuards(final SectionReader in) {
        final boolean present = in.nextSectionIs(PriceGuards.SECTION);
        if (guards == null) {
            if (present) {
                throw new SnapshotException("the snapshot was taken by an engine with price guards; this engine has none");
            }
            return;
        }
        if (!present) {
            throw new SnapshotException("the snapshot was taken by an engine without price guards; this engine has some");
        }
        guards.readFrom(in);
    }

    /** The CONF section must describe the configuration this engine was built from. */
    private void checkConfiguration(final SectionReader in) {
        final int end = in.enterSection(SNAPSHOT_CONFIGURATION);
        final int n = in.getInt();
        if (n != instruments.length) {
            throw configurationMismatch("instrument count", Integer.toString(n), Integer.toString(instruments.length));
        }
        final int assets = in.getInt();
        if (assets != assetNames.length) {
            throw configurationMismatch("settlement asset count", Integer.toString(assets),
                Integer.toString(assetNames.length));
        }
        for (int a = 0; a < assets; a++) {
            final String name = in.getString();
            if (!name.equals(assetNames[a])) {
                throw configurationMismatch("settlement asset " + a, name, assetNames[a]);
            }
        }
        final int storedLevels = in.getCount("margin-call level count", 1 << 16);
        final long[] raw = new long[storedLevels];
        final long[] num = new long[storedLevels];
        final long[] den = new long[storedLevels];
        in.getLongs(raw, storedLevels);
        in.getLongs(num, storedLevels);
        in.getLongs(den, storedLevels);
        final long lowest = in.getLong();
        if (storedLevels != levels || !Arrays.equals(raw, 0, levels, levelRaw, 0, levels)
            || !Arrays.equals(num, rearmNum) || !Arrays.equals(den, rearmDen) || lowest != lowestLevel) {
            throw configurationMismatch("margin-call levels (or hysteresis)", Arrays.toString(raw) + " lowest re-arm "
                + lowest, Arrays.toString(Arrays.copyOf(levelRaw, levels)) + " lowest re-arm " + lowestLevel);
        }
        final String policyName = in.getString();
        final int rule = in.getInt();
        final long cooldown = in.getLong();
        if (!policyName.equals(policy.getClass().getName()) || rule != policy.partialRule()
            || cooldown != policy.cooldownMillis()) {
            throw configurationMismatch("partial-liquidation policy", policyName + " (rule " + rule + ", cooldown "
                + cooldown + " ms)", policy.getClass().getName() + " (rule " + policy.partialRule() + ", cooldown "
                + policy.cooldownMillis() + " ms)");
        }
        in.leaveSection(SNAPSHOT_CONFIGURATION, end);
    }

    /** An instrument update may change brackets, fees and profile, never the market's identity or scales. */
    private void checkSameMarket(final int i, final Instrument s) {
        final Instrument c = instruments[i];
        if (s.id() != i || !s.symbol().equals(c.symbol()) || s.kind() != c.kind()
            || !s.settlementAsset().equals(c.settlementAsset()) || s.priceScale() != c.priceScale()
            || s.tickSize() != c.tickSize() || s.qtyScale() != c.qtyScale() || s.stepSize() != c.stepSize()
            || s.balanceScale() != c.balanceScale() || s.contractSize() != c.contractSize()) {
            throw configurationMismatch("instrument " + i, describeMarket(s), describeMarket(c));
        }
        if (maxMaintenanceRate(s) >= lowestLevel || !continuousMaintenance(s)) {
            throw new SnapshotException("instrument " + s.symbol() + " in the snapshot has maintenance rates this"
                + " engine's margin-call levels do not allow");
        }
    }

    private static String describeMarket(final Instrument i) {
        return i.id() + ":" + i.symbol() + " " + i.kind() + " settled in " + i.settlementAsset() + ", price 10^-"
            + i.priceScale() + " tick " + i.tickSize() + ", qty 10^-" + i.qtyScale() + " step " + i.stepSize()
            + ", balance 10^-" + i.balanceScale() + ", contract size " + i.contractSize();
    }

    private static SnapshotException configurationMismatch(final String what, final String snapshot, final String engine) {
        return new SnapshotException("the snapshot was taken by an engine with a different configuration: " + what + " is "
            + snapshot + " in the snapshot but " + engine + " in this engine");
    }

    /**
     * The full-scan verifier: counts isolated positions and cross books that are past their next
     * threshold (or ready to re-arm) at the current marks but that no index key would visit at those
     * marks. It reads every position, so it belongs off the hot path (on demand, at a quiet moment);
     * the count must be 0. A unit is visited if either of its keys fires (a visit evaluates both the
     * adverse side and the re-arm). A unit that cannot be valued at the marks without overflow cannot
     * be judged here and is not counted: its keys were computed where it could be valued, and hold by
     * monotonicity (a price past its key is where the tick refuses and parks it).
     */
    public int countIndexMisses() {
        int misses = 0;
        final PositionStore p = positions;
        for (int slot = 0; slot < p.highWater(); slot++) {
            if (!p.live[slot] || p.cross[slot] || mark[p.instrument[slot]] == 0) {
                continue;
            }
            final int i = p.instrument[slot];
            final long price = mark[i];
            final int a = p.alertLevel[slot];
            final boolean adverse = adverseFires(i, p.side[slot], slot, price);
            final boolean visited = adverse || recoveryFires(i, p.side[slot], slot, price);
            try {
                if (isolatedExcess(slot, levelNum[a], levelDen[a]) <= 0 && !adverse) {
                    misses++;
                }
                if (a > 0 && isolatedExcess(slot, rearmNum[a - 1], rearmDen[a - 1]) > 0 && !visited) {
                    misses++;
                }
            } catch (final ArithmeticException overflow) {
                // not judged: see above
            }
        }
        for (int acc = 0; acc < accounts.count(); acc++) {
            for (int asset = 0; asset < assetNames.length; asset++) {
                final int book = accounts.book(acc, asset);
                if (accounts.head[book] == NONE || !complete(book)) {
                    continue;
                }
                final int a = accounts.alertLevel[book];
                final boolean adverse = anyFires(book, true);
                final boolean visited = adverse || anyFires(book, false);
                try {
                    if (bookExcess(book, levelNum[a], levelDen[a]) <= 0 && !adverse) {
                        misses++;
                    }
                    if (a > 0 && bookExcess(book, rearmNum[a - 1], rearmDen[a - 1]) > 0 && !visited) {
                        misses++;
                    }
                } catch (final ArithmeticException overflow) {
                    // not judged: see above
                }
            }
        }
        return misses;
    }

    private boolean anyFires(final int book, final boolean adverse) {
        for (int s = accounts.head[book]; s != NONE; s = positions.nextInBook[s]) {
            final int i = positions.instrument[s];
            if (adverse ? adverseFires(i, positions.side[s], s, mark[i]) : recoveryFires(i, positions.side[s], s, mark[i])) {
                return true;
            }
        }
        return false;
    }

    private boolean adverseFires(final int i, final int side, final int slot, final long price) {
        return index.adverseFires(i, side, slot, price);
    }

    private boolean recoveryFires(final int i, final int side, final int slot, final long price) {
        return index.recoveryFires(i, side, slot, price);
    }

    // ---------------------------------------------------------------------------------------------
    // Tick: candidates

    @Override
    public void accept(final int slot) {
        if (positions.visited[slot] == tickStamp) {
            return;
        }
        positions.visited[slot] = tickStamp;
        final int unit = positions.cross[slot]
            ? -accounts.book(positions.accountSlot[slot], assetOfInstrument[positions.instrument[slot]]) - 1
            : slot;
        addCandidate(positions.account[slot], unit, candidateCount);
    }

    private void addCandidate(final long account, final int unit, final int at) {
        if (candidateCount == candidateAccount.length) {
            candidateAccount = Arrays.copyOf(candidateAccount, candidateCount * 2);
            candidateUnit = Arrays.copyOf(candidateUnit, candidateCount * 2);
        }
        System.arraycopy(candidateAccount, at, candidateAccount, at + 1, candidateCount - at);
        System.arraycopy(candidateUnit, at, candidateUnit, at + 1, candidateCount - at);
        candidateAccount[at] = account;
        candidateUnit[at] = unit;
        candidateCount++;
    }

    /**
     * A position changed by auto-deleveraging during this tick: if its account comes later in this
     * tick's order and it is not already queued, queue it, so that it is evaluated in this tick with
     * its new state exactly as a full scan in account order would.
     */
    private void enqueueAfterCurrent(final int slot) {
        if (positions.instrument[slot] != currentInstrument || positions.visited[slot] == tickStamp) {
            return;
        }
        final long account = positions.account[slot];
        if (account <= candidateAccount[candidateCursor]) {
            return;
        }
        positions.visited[slot] = tickStamp;
        final int unit = positions.cross[slot]
            ? -accounts.book(positions.accountSlot[slot], assetOfInstrument[positions.instrument[slot]]) - 1
            : slot;
        int at = candidateCursor + 1;
        while (at < candidateCount && candidateAccount[at] < account) {
            at++;
        }
        addCandidate(account, unit, at);
    }

    /** Insertion sort for the usual handful, in-place quicksort beyond; both allocation-free. */
    private void sortCandidates(final int from, final int to) {
        if (to - from < 24) {
            for (int i = from + 1; i < to; i++) {
                final long k = candidateAccount[i];
                final int u = candidateUnit[i];
                int j = i - 1;
                while (j >= from && candidateAccount[j] > k) {
                    candidateAccount[j + 1] = candidateAccount[j];
                    candidateUnit[j + 1] = candidateUnit[j];
                    j--;
                }
                candidateAccount[j + 1] = k;
                candidateUnit[j + 1] = u;
            }
            return;
        }
        final long pivot = candidateAccount[(from + to) >>> 1];
        int i = from;
        int j = to - 1;
        while (i <= j) {
            while (candidateAccount[i] < pivot) {
                i++;
            }
            while (candidateAccount[j] > pivot) {
                j--;
            }
            if (i <= j) {
                swapCandidates(i, j);
                i++;
                j--;
            }
        }
        sortCandidates(from, j + 1);
        sortCandidates(i, to);
    }

    private void swapCandidates(final int a, final int b) {
        final long k = candidateAccount[a];
        candidateAccount[a] = candidateAccount[b];
        candidateAccount[b] = k;
        final int u = candidateUnit[a];
        candidateUnit[a] = candidateUnit[b];
        candidateUnit[b] = u;
    }

    // ---------------------------------------------------------------------------------------------
    // Isolated positions

    /** {@code ln·margin + ⌈ln·PnL − ld·MM⌉ − ld·fee} at the current mark. */
    private long isolatedExcess(final int slot, final long ln, final long ld) {
        final PositionStore p = positions;
        final Instrument inst = instruments[p.instrument[slot]];
        final long e = Fixed.add(Fixed.mul(p.margin[slot], ln), MarginMath.levelSurplus(inst, p.side[slot], p.qty[slot],
            p.entry[slot], mark[p.instrument[slot]], ln, ld));
        return Fixed.sub(e, Fixed.mul(p.closeFee[slot], ld));
    }

    private void evaluateIsolated(final int slot) {
        final PositionStore p = positions;
        // under a tripped price guard a liquidatable position is held: it falls through to the margin
        // calls (it has reached every level) and is re-keyed at its crossed liquidation trigger, so
        // every later tick visits it again and the first one after the release liquidates it
        if (isolatedExcess(slot, 1, 1) <= 0 && !liquidationPaused(p.instrument[slot])) {
            liquidateIsolated(slot);
            return;
        }
        final int fired = p.alertLevel[slot];
        int reached = 0;
        for (int j = levels; j >= 1; j--) {
            if (isolatedExcess(slot, levelNum[j - 1], levelDen[j - 1]) <= 0) {
                reached = j;
                break;
            }
        }
        if (reached > fired) {
            emitIsolatedMarginCall(slot, reached);
            p.alertLevel[slot] = reached;
        } else {
            int a = fired;
            while (a > 0 && isolatedExcess(slot, rearmNum[a - 1], rearmDen[a - 1]) > 0) {
                a--;
            }
            p.alertLevel[slot] = a;
        }
        rekeyIsolated(slot);
    }

    private void emitIsolatedMarginCall(final int slot, final int level) {
        final PositionStore p = positions;
        final int i = p.instrument[slot];
        final Instrument inst = instruments[i];
        final long price = mark[i];
        final long equity = MarginMath.marginBalance(inst, p.side[slot], p.qty[slot], p.entry[slot], p.margin[slot], price);
        final long mm = Fixed.add(MarginMath.maintenanceMargin(inst, p.qty[slot], p.entry[slot], price), p.closeFee[slot]);
        sink.onMarginCall(currentSequence, currentTimestamp, p.account[slot], i, false, level, levelRaw[level - 1], price,
            equity, mm, MarginMath.maintenanceBracket(inst, p.qty[slot], p.entry[slot], price) + 1,
            MarginMath.marginRatio(mm, equity));
    }

    private void liquidateIsolated(final int slot) {
        final PositionStore p = positions;
        final int i = p.instrument[slot];
        final Instrument inst = instruments[i];
        final long price = mark[i];
        final int side = p.side[slot];
        final long qty = p.qty[slot];
        final long entry = p.entry[slot];
        final long margin = p.margin[slot];
        final long close = policy.quantityToClose(inst, side, qty, entry, margin, price, currentTimestamp,
            p.cooldownUntil[slot]);
        if (close <= 0) {
            rekeyIsolated(slot);
            return;
        }
        final long equity = MarginMath.marginBalance(inst, side, qty, entry, margin, price);
        final long mm = Fixed.add(MarginMath.maintenanceMargin(inst, qty, entry, price), p.closeFee[slot]);
        final int tier = MarginMath.maintenanceBracket(inst, qty, entry, price) + 1;
        final long ratio = MarginMath.marginRatio(mm, equity);
        final long bankruptcy = solver.reset(inst, margin).addLeg(side, qty, entry).bankruptcyPrice();
        if (close < qty) {
            final long realised = MarginMath.unrealizedPnl(inst, side, close, entry, price);
            final long remainingMargin = Fixed.add(margin, realised);
            settling = true;
            p.margin[slot] = remainingMargin;
            p.qty[slot] = qty - close;
            p.cooldownUntil[slot] = currentTimestamp + policy.cooldownMillis();
            sink.onPartialLiquidation(currentSequence, currentTimestamp, p.account[slot], i, side, close, qty - close,
                price, bankruptcy, equity, mm, tier, ratio, policy.partialRule());
            settling = false;
            rekeyIsolated(slot);
            return;
        }
        final int rule = currentTimestamp < p.cooldownUntil[slot] ? Rules.BACKSTOP : Rules.MAINTENANCE;
        final long account = p.account[slot];
        settling = true;
        sink.onLiquidation(currentSequence, currentTimestamp, account, i, side, qty, false, price, bankruptcy, equity, mm,
            tier, ratio, rule);
        index.remove(i, slot);
        positions.release(slot);
        settle(account, i, side, qty, bankruptcy, equity);
        settling = false;
    }

    /**
     * The insurance fund takes the equity left at the mark, or pays the shortfall; when it cannot,
     * the position is closed at its bankruptcy price against the opposite side's most profitable,
     * most leveraged positions (ADL), and only what ADL cannot fill falls on the fund.
     *
     * <p>After ADL the fund's delta is exactly what keeps the books whole at the mark:
     * {@code −(shortfall + C)}, where {@code C} is what the ADL'd positions' value changed by at the
     * mark (realised PnL at the bankruptcy price plus the uPnL of what is left, minus their uPnL
     * before; negative: they pay). Filled in full, that is what the bankrupt position still held at
     * its bankruptcy price (which is rounded to the tick toward the entry, and for Bybit keeps the fee
     * to close): the winners pay the move from the mark to the bankruptcy price, a little more than the
     * deficit at the mark, and the difference goes to the fund, as the exchanges do, instead of
     * vanishing; filled in part, the fund pays the rest of the deficit. One INSURANCE_FUND event ends
     * every settlement. (Before this the remainder was apportioned as {@code ⌈shortfall × unfilled / qty⌉}
     * and a full fill moved nothing: conservation found the difference destroyed.)
     */
    private void settle(final long account, final int i, final int side, final long qty, final long bankruptcy,
                        final long equity) {
        final int asset = assetOfInstrument[i];
        if (equity >= 0) {
            fund[asset] = Fixed.add(fund[asset], equity);
            sink.onInsuranceFund(currentSequence, currentTimestamp, account, i, asset, equity, fund[asset]);
            return;
        }
        final long shortfall = -equity;
        if (fund[asset] >= shortfall) {
            fund[asset] -= shortfall;
            sink.onInsuranceFund(currentSequence, currentTimestamp, account, i, asset, -shortfall, fund[asset]);
            return;
        }
        adlValueMoved = 0;
        final long filled = bankruptcy == LiquidationPriceSolver.NO_PRICE ? 0 : autoDeleverage(account, i, side, qty, bankruptcy);
        final long delta = filled == 0 ? -shortfall : Fixed.negate(Fixed.add(shortfall, adlValueMoved));
        fund[asset] = Fixed.add(fund[asset], delta);
        sink.onInsuranceFund(currentSequence, currentTimestamp, account, i, asset, delta, fund[asset]);
    }

    /**
     * Ranks the opposite side of {@code i} by {@link AdlQueue} (BitMEX's PnL% × effective leverage, for
     * positions in profit at the mark) and closes up to {@code qty} against them at {@code price}, best first;
     * returns the quantity filled. Scans the instrument's positions: ADL is rare (the fund is empty),
     * and the ranking depends on every mark, so it is computed when it is needed.
     */
    private long autoDeleverage(final long liquidatedAccount, final int i, final int side, final long qty,
                                final long price) {
        final PositionStore p = positions;
        final Instrument inst = instruments[i];
        final long m = mark[i];
        int n = 0;
        for (int slot = 0; slot < p.highWater(); slot++) {
            if (!p.live[slot] || p.instrument[slot] != i || p.side[slot] != -side) {
                continue;
            }
            final long score = adlScore(inst, slot, m, price);
            if (score == AdlQueue.NOT_ELIGIBLE) {
                continue;
            }
            if (n == adlScore.length) {
                adlScore = Arrays.copyOf(adlScore, n * 2);
                adlAccount = Arrays.copyOf(adlAccount, n * 2);
                adlSlot = Arrays.copyOf(adlSlot, n * 2);
            }
            adlScore[n] = score;
            adlAccount[n] = p.account[slot];
            adlSlot[n] = slot;
            n++;
        }
        AdlQueue.rank(adlScore, adlAccount, adlSlot, n);
        long remaining = qty;
        for (int k = 0; k < n && remaining > 0; k++) {
            final int slot = adlSlot[k];
            final long take = AdlQueue.take(remaining, p.qty[slot]);
            final long realised = MarginMath.unrealizedPnl(inst, p.side[slot], take, p.entry[slot], price);
            // the position's value change at the mark: realised at the bankruptcy price + uPnL of the rest − uPnL before
            adlValueMoved = Fixed.add(adlValueMoved, Fixed.sub(Fixed.add(realised,
                MarginMath.unrealizedPnl(inst, p.side[slot], p.qty[slot] - take, p.entry[slot], m)),
                MarginMath.unrealizedPnl(inst, p.side[slot], p.qty[slot], p.entry[slot], m)));
            if (p.cross[slot]) {
                final int book = accounts.book(p.accountSlot[slot], assetOfInstrument[i]);
                accounts.wallet[book] = Fixed.add(accounts.wallet[book], realised);
            } else {
                p.margin[slot] = Fixed.add(p.margin[slot], realised);
            }
            p.qty[slot] -= take;
            remaining -= take;
            sink.onAdl(currentSequence, currentTimestamp, p.account[slot], i, p.side[slot], take, price, liquidatedAccount,
                adlScore[k]);
            afterAdl(slot);
        }
        return qty - remaining;
    }

    /**
     * The ADL ranking score of a position on the opposite side at mark {@code m}, or
     * {@link AdlQueue#NOT_ELIGIBLE}: not in profit, no positive equity, or (garbage-sized inputs) its
     * score or its settlement at {@code price} not computable in a long, which must not abort a
     * settlement already under way. The settlement is tried for the whole position (what a fill
     * credits grows with the quantity taken, so any smaller take fits too): the realised PnL into its
     * margin or wallet, and a full close's margin back into the wallet.
     */
    private long adlScore(final Instrument inst, final int slot, final long m, final long price) {
        final PositionStore p = positions;
        try {
            final int book = accounts.book(p.accountSlot[slot], assetOfInstrument[inst.id()]);
            final long realisedInFull = MarginMath.unrealizedPnl(inst, p.side[slot], p.qty[slot], p.entry[slot], price);
            Fixed.add(accounts.wallet[book], p.cross[slot] ? realisedInFull : Fixed.add(p.margin[slot], realisedInFull));
            final long pnl = MarginMath.unrealizedPnl(inst, p.side[slot], p.qty[slot], p.entry[slot], m);
            if (pnl <= 0) {
                return AdlQueue.NOT_ELIGIBLE;
            }
            final long equity = p.cross[slot]
                ? bookEquity(accounts.book(p.accountSlot[slot], assetOfInstrument[inst.id()]))
                : Fixed.add(p.margin[slot], pnl);
            if (equity <= 0) {
                return AdlQueue.NOT_ELIGIBLE;
            }
            return AdlQueue.score(pnl, MarginMath.notional(inst, p.qty[slot], p.entry[slot]),
                MarginMath.notional(inst, p.qty[slot], m), equity);
        } catch (final ArithmeticException overflow) {
            return AdlQueue.NOT_ELIGIBLE;
        }
    }

    private void afterAdl(final int slot) {
        final PositionStore p = positions;
        final int i = p.instrument[slot];
        final boolean cross = p.cross[slot];
        final int book = accounts.book(p.accountSlot[slot], assetOfInstrument[i]);
        if (p.qty[slot] == 0) {
            index.remove(i, slot);
            if (cross) {
                unlink(book, slot);
                resplitOrPark(book);
                final int other = accounts.head[book];
                if (other != NONE) {
                    enqueueBookAfterCurrent(book);
                }
            } else {
                // an isolated position closed by ADL: its margin, with the profit just realised into it,
                // goes back to the account's wallet in the asset (the cross wallet), not away with the slot.
                // That book cannot hold this instrument (one position per account and instrument), so
                // this tick does not visit it; its keys on other markets move with its equity.
                accounts.wallet[book] = Fixed.add(accounts.wallet[book], p.margin[slot]);
                p.margin[slot] = 0;
                if (accounts.head[book] != NONE) {
                    resplitOrPark(book);
                }
            }
            positions.release(slot);
            return;
        }
        if (cross) {
            resplitOrPark(book);
        } else {
            rekeyIsolatedOrPark(slot);
        }
        enqueueAfterCurrent(slot);
    }

    private void enqueueBookAfterCurrent(final int book) {
        for (int s = accounts.head[book]; s != NONE; s = positions.nextInBook[s]) {
            if (positions.instrument[s] == currentInstrument) {
                enqueueAfterCurrent(s);
            }
        }
    }

    /** Sets the slot's adverse key (next level, or liquidation) and its re-arm key. */
    private void rekeyIsolated(final int slot) {
        final PositionStore p = positions;
        final int i = p.instrument[slot];
        final Instrument inst = instruments[i];
        final int side = p.side[slot];
        final int a = p.alertLevel[slot];
        final long adverse = solver.reset(inst, p.margin[slot], levelNum[a], levelDen[a])
            .addLeg(side, p.qty[slot], p.entry[slot]).liquidationTrigger();
        p.closeFee[slot] = solver.closeFeeAtBankruptcy();
        if (adverse == LiquidationPriceSolver.NO_PRICE) {
            index.removeAdverse(i, side, slot);
        } else {
            index.setAdverse(i, side, slot, adverse);
        }
        if (a == 0) {
            index.removeRecovery(i, side, slot);
            return;
        }
        final long edge = solver.reset(inst, p.margin[slot], rearmNum[a - 1], rearmDen[a - 1])
            .addLeg(side, p.qty[slot], p.entry[slot]).liquidationTrigger();
        setRecoveryFromEdge(inst, i, side, slot, edge);
    }

    /** The re-arm key is the first price past the edge of the level − hysteresis region. */
    private void setRecoveryFromEdge(final Instrument inst, final int i, final int side, final int slot, final long edge) {
        final long key;
        if (side == Side.LONG) {
            if (edge == inst.maxPrice()) {
                index.removeRecovery(i, side, slot);
                return;
            }
            key = edge == LiquidationPriceSolver.NO_PRICE ? inst.tickSize() : edge + inst.tickSize();
        } else {
            if (edge == inst.tickSize()) {
                index.removeRecovery(i, side, slot);
                return;
            }
            key = edge == LiquidationPriceSolver.NO_PRICE ? inst.maxPrice() : edge - inst.tickSize();
        }
        index.setRecovery(i, side, slot, key);
    }

    private static int validatePosition(final Instrument inst, final int side, final long qty, final long entry,
                                        final boolean cross, final long isolatedMargin) {
        if (qty < 0) {
            return Rejections.NEGATIVE_QUANTITY;
        }
        if (qty == 0) {
            return 0;
        }
        if (side != Side.LONG && side != Side.SHORT) {
            return Rejections.INVALID_SIDE;
        }
        if (qty % inst.stepSize() != 0) {
            return Rejections.QUANTITY_OFF_STEP;
        }
        final int priceReason = validatePrice(inst, entry);
        if (priceReason != 0) {
            return priceReason;
        }
        if (!cross && isolatedMargin < 0) {
            return Rejections.NEGATIVE_MARGIN;
        }
        return 0;
    }

    /**
     * The largest wallet balance (either sign) the margin arithmetic can weigh: a cross book's excess
     * at a level {@code ln/ld} starts from {@code ln × wallet}, so a balance beyond
     * {@code Long.MAX_VALUE / ln} (the largest level or re-arm numerator) could never be valued. It is
     * refused at the edge ({@link Rejections#VALUE_OVERFLOW}) rather than accepted into a book that
     * has no mark yet and found unvaluable later, when that book is liquidated at a deficit no
     * insurance fund can hold. (5.4e17 units, 5.4 billion USDT, with the default levels.)
     */
    private long walletLimit() {
        long weight = 1;
        for (int j = 0; j < levels; j++) {
            weight = Math.max(weight, Math.max(levelNum[j], rearmNum[j]));
        }
        return Long.MAX_VALUE / weight;
    }

    /**
     * Closing (qty 0) needs an account the engine has seen: a close for a known account without
     * that position is a no-op (the engine may have liquidated it before the exchange's close
     * arrived, which is normal), but an account id the engine never saw is a routing or decoding
     * error upstream, and accepting it would also create an empty account record per bad id.
     */
    private int validateClose(final long account) {
        return accounts.find(account) == NONE ? Rejections.UNKNOWN_ACCOUNT : 0;
    }

    /**
     * The checks of a new position state that need numbers, in this order (the first failing one is
     * the reason):
     * <ol>
     *   <li>{@link Rejections#VALUE_OVERFLOW}: its value at the entry price, or its unrealised PnL at
     *       the current mark, does not fit in a long. Everything the engine computes about a position
     *       starts from that value, so a position failing here could only fail later, deep inside the
     *       trigger arithmetic, as {@link Rejections#ARITHMETIC_OVERFLOW}.</li>
     *   <li>isolated: {@link Rejections#LEVERAGE_ABOVE_MAXIMUM}: notional at entry ÷ margin above the
     *       maximum leverage of the bracket that notional falls in, i.e. margin below the initial
     *       margin {@code ⌈notional / maxLeverage⌉} (exact: integer margin, one rounding). An exchange
     *       would not have let it open; a feed that sends it is wrong.</li>
     *   <li>isolated, once the instrument has a mark: {@link Rejections#BANKRUPT_AT_MARK}: margin +
     *       uPnL(mark) &lt; 0. Opening it would hand the insurance fund (or ADL) a deficit that no trade
     *       at the current price created; refusing it keeps the previous state (or no position), and the
     *       exchange's own risk engine deals with its account. (Equity in [0, maintenance] is accepted:
     *       it is liquidated on the next tick, with the fund taking what is left.)</li>
     * </ol>
     * Cross positions get no leverage or bankruptcy check here: a cross book is one margin pool whose
     * wallet and positions arrive as separate inputs in any order (a position may come before the
     * deposit that backs it), so one input cannot tell whether the book is over-leveraged; the book is
     * judged as a whole at its next evaluation, which liquidates a book short of maintenance.
     */
    private static int validateAgainstMarket(final Instrument inst, final int side, final long qty, final long entry,
                                             final boolean cross, final long isolatedMargin, final long markPrice) {
        final long notional;
        long equity = 0;
        try {
            notional = MarginMath.notional(inst, qty, entry);
            if (markPrice != 0) {
                equity = MarginMath.marginBalance(inst, side, qty, entry, cross ? 0 : isolatedMargin, markPrice);
            }
        } catch (final ArithmeticException overflow) {
            return Rejections.VALUE_OVERFLOW;
        }
        if (cross) {
            return 0;
        }
        final long maxLeverage = inst.brackets().maxLeverage(inst.brackets().indexOf(notional));
        if (isolatedMargin < MarginMath.initialMargin(inst, qty, entry, maxLeverage)) {
            return Rejections.LEVERAGE_ABOVE_MAXIMUM;
        }
        if (markPrice != 0 && equity < 0) {
            return Rejections.BANKRUPT_AT_MARK;
        }
        return 0;
    }

    /** A price the instrument can hold: positive, on the tick, not above its maximum; else the reason. */
    private static int validatePrice(final Instrument inst, final long price) {
        if (price <= 0) {
            return Rejections.NON_POSITIVE_PRICE;
        }
        // a 64-bit division is the dearest step of a tick that crosses nothing (bench-compare's JFR
        // profile: 56 % of the engine thread); a price scale taken from the tick makes it 1 raw unit
        final long tick = inst.tickSize();
        if (tick != 1 && price % tick != 0) {
            return Rejections.PRICE_OFF_TICK;
        }
        if (price > inst.maxPrice()) {
            return Rejections.PRICE_ABOVE_MAXIMUM;
        }
        return 0;
    }

    // ---------------------------------------------------------------------------------------------
    // Cross books

    private void link(final int book, final int slot) {
        final PositionStore p = positions;
        final int instrument = p.instrument[slot];
        int prev = NONE;
        int cur = accounts.head[book];
        while (cur != NONE && p.instrument[cur] < instrument) {
            prev = cur;
            cur = p.nextInBook[cur];
        }
        p.prevInBook[slot] = prev;
        p.nextInBook[slot] = cur;
        if (prev == NONE) {
            accounts.head[book] = slot;
        } else {
            p.nextInBook[prev] = slot;
        }
        if (cur != NONE) {
            p.prevInBook[cur] = slot;
        }
        accounts.positions[book]++;
    }

    private void unlink(final int book, final int slot) {
        final PositionStore p = positions;
        final int prev = p.prevInBook[slot];
        final int next = p.nextInBook[slot];
        if (prev == NONE) {
            accounts.head[book] = next;
        } else {
            p.nextInBook[prev] = next;
        }
        if (next != NONE) {
            p.prevInBook[next] = prev;
        }
        p.nextInBook[slot] = NONE;
        p.prevInBook[slot] = NONE;
        accounts.positions[book]--;
    }

    /** Every market of the book has a mark: only then is the book evaluated. */
    private boolean complete(final int book) {
        for (int s = accounts.head[book]; s != NONE; s = positions.nextInBook[s]) {
            if (mark[positions.instrument[s]] == 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code ln·wallet + Σ ⌈ln·PnL − ld·MM⌉} over the book's positions at their marks. */
    private long bookExcess(final int book, final long ln, final long ld) {
        long e = Fixed.mul(accounts.wallet[book], ln);
        for (int s = accounts.head[book]; s != NONE; s = positions.nextInBook[s]) {
            e = Fixed.add(e, surplusAt(s, ln, ld));
        }
        return e;
    }

    private long surplusAt(final int slot, final long ln, final long ld) {
        final PositionStore p = positions;
        final int i = p.instrument[slot];
        return MarginMath.levelSurplus(instruments[i], p.side[slot], p.qty[slot], p.entry[slot], mark[i], ln, ld);
    }

    private long bookEquity(final int book) {
        long e = accounts.wallet[book];
        for (int s = accounts.head[book]; s != NONE; s = positions.nextInBook[s]) {
            final int i = positions.instrument[s];
            e = Fixed.add(e, MarginMath.unrealizedPnl(instruments[i], positions.side[s], positions.qty[s],
                positions.entry[s], mark[i]));
        }
        return e;
    }

    private long bookMaintenance(final int book) {
        long mm = 0;
        for (int s = accounts.head[book]; s != NONE; s = positions.nextInBook[s]) {
            final int i = positions.instrument[s];
            mm = Fixed.add(mm, MarginMath.maintenanceMargin(instruments[i], positions.qty[s], positions.entry[s], mark[i]));
        }
        return mm;
    }

    private void evaluateBook(final int book) {
        if (accounts.head[book] == NONE || !complete(book)) {
            return;
        }
        // held like an isolated position while a market of the book is under a tripped guard: re-split
        // at the liquidation level, its keys then fire on every market's next tick
        if (bookExcess(book, 1, 1) <= 0 && !bookLiquidationPaused(book)) {
            liquidateBook(book);
            return;
        }
        final int fired = accounts.alertLevel[book];
        int reached = 0;
        for (int j = levels; j >= 1; j--) {
            if (bookExcess(book, levelNum[j - 1], levelDen[j - 1]) <= 0) {
                reached = j;
                break;
            }
        }
        if (reached > fired) {
            final long equity = bookEquity(book);
            final long mm = bookMaintenance(book);
            final int slot = slotOn(book, currentInstrument);
            final int i = currentInstrument;
            sink.onMarginCall(currentSequence, currentTimestamp, accounts.id[accounts.accountOfBook(book)], i, true, reached,
                levelRaw[reached - 1], mark[i], equity, mm,
                MarginMath.maintenanceBracket(instruments[i], positions.qty[slot], positions.entry[slot], mark[i]) + 1,
                MarginMath.marginRatio(mm, equity));
            accounts.alertLevel[book] = reached;
        } else {
            int a = fired;
            while (a > 0 && bookExcess(book, rearmNum[a - 1], rearmDen[a - 1]) > 0) {
                a--;
            }
            accounts.alertLevel[book] = a;
        }
        resplit(book);
    }

    /** The book's position on {@code instrument}, or NONE. */
    private int slotOn(final int book, final int instrument) {
        for (int s = accounts.head[book]; s != NONE; s = positions.nextInBook[s]) {
            if (positions.instrument[s] == instrument) {
                return s;
            }
        }
        return NONE;
    }

    /**
     * Closes every position of a cross book at its mark: one LIQUIDATION per position (bankruptcy
     * price: where the book's equity reaches zero through that market, the others at their marks),
     * then the insurance fund takes the book's equity or pays its deficit; the wallet is emptied.
     */
    private void liquidateBook(final int book) {
        final long accountId = accounts.id[accounts.accountOfBook(book)];
        final long equity = bookEquity(book);
        final long mm = bookMaintenance(book);
        final long ratio = MarginMath.marginRatio(mm, equity);
        final PositionStore p = positions;
        for (int s = accounts.head[book]; s != NONE; s = p.nextInBook[s]) {
            // a dry run of the figures below: an overflow must come before the first event, not after it
            final int i = p.instrument[s];
            final Instrument inst = instruments[i];
            final long others = Fixed.sub(equity, MarginMath.unrealizedPnl(inst, p.side[s], p.qty[s], p.entry[s], mark[i]));
            solver.reset(inst, others).addLeg(p.side[s], p.qty[s], p.entry[s]).bankruptcyPrice();
            MarginMath.maintenanceBracket(inst, p.qty[s], p.entry[s], mark[i]);
        }
        final int asset = accounts.assetOfBook(book);
        final long fundAfter = Fixed.add(fund[asset], equity);
        settling = true;
        for (int s = accounts.head[book]; s != NONE; s = p.nextInBook[s]) {
            final int i = p.instrument[s];
            final Instrument inst = instruments[i];
            final long pnl = MarginMath.unrealizedPnl(inst, p.side[s], p.qty[s], p.entry[s], mark[i]);
            final long others = Fixed.sub(equity, pnl);
            final long bankruptcy = solver.reset(inst, others).addLeg(p.side[s], p.qty[s], p.entry[s]).bankruptcyPrice();
            sink.onLiquidation(currentSequence, currentTimestamp, accountId, i, p.side[s], p.qty[s], true, mark[i],
                bankruptcy, equity, mm, MarginMath.maintenanceBracket(inst, p.qty[s], p.entry[s], mark[i]) + 1, ratio,
                Rules.CROSS_ACCOUNT);
        }
        int s = accounts.head[book];
        while (s != NONE) {
            final int next = p.nextInBook[s];
            index.remove(p.instrument[s], s);
            unlink(book, s);
            p.release(s);
            s = next;
        }
        accounts.wallet[book] = 0;
        accounts.alertLevel[book] = 0;
        fund[asset] = fundAfter;
        sink.onInsuranceFund(currentSequence, currentTimestamp, accountId, currentInstrument, asset, equity, fund[asset]);
        settling = false;
    }

    private void resplitChecked(final int book) {
        resplitOrPark(book);
    }

    /**
     * Re-keys every market of a cross book: the book's surplus at its next level is split in equal
     * shares (remainder to the first markets), and each market's key is where its own surplus has
     * fallen by its share; likewise the re-arm deficit for the recovery keys. A book already past
     * its level (after an update) gets keys that fire on its markets' next tick.
     */
    private void resplit(final int book) {
        final PositionStore p = positions;
        for (int s = accounts.head[book]; s != NONE; s = p.nextInBook[s]) {
            index.remove(p.instrument[s], s);
        }
        final int n = accounts.positions[book];
        if (n == 0 || !complete(book)) {
            return;
        }
        final int a = accounts.alertLevel[book];
        final long ln = levelNum[a];
        final long ld = levelDen[a];
        final long surplus = bookExcess(book, ln, ld);
        int k = 0;
        for (int s = accounts.head[book]; s != NONE; s = p.nextInBook[s], k++) {
            final int i = p.instrument[s];
            final Instrument inst = instruments[i];
            if (surplus <= 0) {
                index.setAdverse(i, p.side[s], s, p.side[s] == Side.LONG ? inst.maxPrice() : inst.tickSize());
                continue;
            }
            final long share = surplus / n + (k < surplus % n ? 1 : 0);
            final long constant = Fixed.sub(share, surplusAt(s, ln, ld));
            final long key = solver.resetWeighted(inst, constant, ln, ld).withoutCloseFee()
                .addLeg(p.side[s], p.qty[s], p.entry[s]).liquidationTrigger();
            if (key != LiquidationPriceSolver.NO_PRICE) {
                index.setAdverse(i, p.side[s], s, key);
            }
        }
        if (a == 0) {
            return;
        }
        final long rn = rearmNum[a - 1];
        final long rd = rearmDen[a - 1];
        final long deficit = -bookExcess(book, rn, rd);
        k = 0;
        for (int s = accounts.head[book]; s != NONE; s = p.nextInBook[s], k++) {
            final int i = p.instrument[s];
            final Instrument inst = instruments[i];
            if (deficit < 0) {
                index.setRecovery(i, p.side[s], s, p.side[s] == Side.LONG ? inst.tickSize() : inst.maxPrice());
                continue;
            }
            final long share = deficit / n + (k < deficit % n ? 1 : 0);
            final long constant = Fixed.negate(Fixed.add(surplusAt(s, rn, rd), share));
            final long edge = solver.resetWeighted(inst, constant, rn, rd).withoutCloseFee()
                .addLeg(p.side[s], p.qty[s], p.entry[s]).liquidationTrigger();
            setRecoveryFromEdge(inst, i, p.side[s], s, edge);
        }
    }

    /** An instrument's first mark completes the books that were waiting for it. */
    private void activateBooksHolding(final int instrument) {
        final PositionStore p = positions;
        for (int slot = 0; slot < p.highWater(); slot++) {
            if (p.live[slot] && p.cross[slot] && p.instrument[slot] == instrument) {
                resplitChecked(accounts.book(p.accountSlot[slot], assetOfInstrument[instrument]));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    private boolean beginInput(final long sequence, final long timestamp, final int kind, final long account,
                               final int instrument) {
        if (halted != null) {
            throw new IllegalStateException("the engine halted on an internal error at input " + currentSequence
                + " and takes no more input: restart from the last snapshot", halted);
        }
        inputKind = kind;
        inputAccount = account;
        inputInstrument = instrument;
        currentSequence = sequence;
        currentTimestamp = timestamp;
        if (sequence <= lastSequence) {
            sink.onRejection(sequence, timestamp, kind, account, instrument, Rejections.SEQUENCE_NOT_INCREASING,
                currentLine);
            return false;
        }
        lastSequence = sequence;
        if (guards != null) {
            guards.advanceClock(timestamp);
        }
        return true;
    }

    /** The whole input is refused: it leaves no trace in the state (the guards' clock included). */
    private void reject(final int kind, final long account, final int instrument, final int reason) {
        if (guards != null) {
            guards.restoreClock();
        }
        sink.onRejection(currentSequence, currentTimestamp, kind, account, instrument, reason, currentLine);
    }

    /** One account's share of an input that was otherwise applied (an overflow in a tick, funding, an update). */
    private void rejectPart(final int kind, final long account, final int instrument, final int reason) {
        sink.onRejection(currentSequence, currentTimestamp, kind, account, instrument, reason, currentLine);
    }

    // ---------------------------------------------------------------------------------------------
    // Price guards (PriceGuard has the rules; PriceGuards the state)

    /** Liquidation on {@code instrument} is paused: its price guard is tripped. */
    public boolean liquidationPaused(final int instrument) {
        return guards != null && guards.tripped(instrument);
    }

    /** A cross book is liquidated only when none of its markets is paused: its equity depends on all their marks. */
    private boolean bookLiquidationPaused(final int book) {
        if (guards == null || !guards.anyTripped()) {
            return false;
        }
        for (int s = accounts.head[book]; s != NONE; s = positions.nextInBook[s]) {
            if (guards.tripped(positions.instrument[s])) {
                return true;
            }
        }
        return false;
    }

    /**
     * The price funding settles at: the mark, or while the guard is tripped the last accepted mark
     * (money moves only at a trusted price; 0 if the instrument has none yet).
     */
    private long fundingMark(final int instrument) {
        return liquidationPaused(instrument) ? guards.trustedMark(instrument) : mark[instrument];
    }

    /**
     * The price the guard of {@code instrument} judges the next tick against (0 before its first
     * accepted tick, or when it has no guard).
     */
    public long guardReference(final int instrument) {
        return guards == null || !guards.guarded(instrument) ? 0 : guards.reference(instrument);
    }

    /** The newest timestamp of an accepted input, by which staleness is judged (Long.MIN_VALUE without guards). */
    public long guardClock() {
        return guards == null ? Long.MIN_VALUE : guards.clock();
    }
}
