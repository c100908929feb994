package io.liquidator.engine.config;

import io.liquidator.engine.instrument.BracketTable;
import io.liquidator.engine.money.FixedPointOverflowException;

import java.util.List;
import java.util.Set;

/**
 * Reads an instrument's {@code brackets:} list into a {@link BracketTable} through
 * {@link BracketTable#validated}, so a table with a gap, a falling rate or a maintenance amount off
 * its recurrence is refused at load, pointing at the exact bracket and key.
 */
final class BracketsReader {
    static final String FLOOR = "notional_floor";
    static final String CAP = "notional_cap";
    static final String MMR = "mmr";
    static final String AMOUNT = "maintenance_amount";
    static final String MAX_LEVERAGE = "max_leverage";
    private static final Set<String> KEYS = Set.of(FLOOR, CAP, MMR, AMOUNT, MAX_LEVERAGE);

    private BracketsReader() {
    }

    /**
     * @param balanceScale decimals of the settlement asset: notionals and amounts are in its units
     * @param asset        the settlement asset's name, for messages
     */
    static BracketTable read(final ConfigNode node, final int balanceScale, final String asset) {
        final List<ConfigNode> items = node.requireList();
        if (items.isEmpty()) {
            throw node.error("needs at least one bracket");
        }
        final int n = items.size();
        final long[] floor = new long[n];
        final long[] cap = new long[n];
        final long[] mmr = new long[n];
        final long[] amount = new long[n];
        final long[] maxLeverage = new long[n];
        final String scaleOwner = "the balance scale of " + asset + " is " + balanceScale;
        for (int i = 0; i < n; i++) {
            final ConfigNode b = items.get(i).requireMap().allowOnly(KEYS);
            floor[i] = ConfigValues.decimal(b.required(FLOOR), balanceScale, scaleOwner);
            cap[i] = ConfigValues.decimal(b.required(CAP), balanceScale, scaleOwner);
            mmr[i] = ConfigValues.rate(b.required(MMR));
            amount[i] = ConfigValues.decimal(b.required(AMOUNT), balanceScale, scaleOwner);
            maxLeverage[i] = ConfigValues.rate(b.required(MAX_LEVERAGE));
        }
        try {
            return BracketTable.validated(floor, cap, mmr, amount, maxLeverage, balanceScale);
        } catch (final BracketTable.InvalidBracketException e) {
            if (e.bracket() < 0 || e.bracket() >= n) {
                throw node.error(e.getMessage());
            }
            final ConfigNode bracket = items.get(e.bracket());
            throw bracket.optional(e.field()).orElse(bracket).error(e.getMessage());
        } catch (final FixedPointOverflowException e) {
            throw node.error("numbers too large for the balance scale " + balanceScale + " (" + e.getMessage() + ")");
        }
    }
}
