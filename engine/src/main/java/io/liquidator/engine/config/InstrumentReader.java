package io.liquidator.engine.config;

import io.liquidator.engine.instrument.BracketTable;
import io.liquidator.engine.instrument.ContractKind;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.instrument.MarginProfile;
import io.liquidator.engine.money.Decimals;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads one entry of {@code instruments:} into an {@link Instrument}. The price scale is the
 * number of decimals of {@code price_tick} (tick 0.5 → scale 1, raw tick 5), the quantity scale
 * that of {@code qty_step}; an inverse contract size is in quote units at the price scale.
 */
final class InstrumentReader {
    static final String SYMBOL = "symbol";
    static final String KIND = "kind";
    static final String SETTLEMENT_ASSET = "settlement_asset";
    static final String PROFILE = "profile";
    static final String PRICE_TICK = "price_tick";
    static final String QTY_STEP = "qty_step";
    static final String CONTRACT_SIZE = "contract_size";
    static final String TAKER_FEE = "taker_fee";
    static final String MAX_PRICE = "max_price";
    static final String BRACKETS = "brackets";
    private static final Set<String> KEYS = Set.of(SYMBOL, KIND, SETTLEMENT_ASSET, PROFILE, PRICE_TICK, QTY_STEP,
        CONTRACT_SIZE, TAKER_FEE, MAX_PRICE, BRACKETS, PriceGuardReader.PRICE_GUARD);

    private InstrumentReader() {
    }

    /** @param assets asset name → balance scale (decimals) */
    static Instrument read(final ConfigNode node, final int id, final Map<String, Integer> assets) {
        node.requireMap().allowOnly(KEYS);
        final String symbol = symbol(node.required(SYMBOL));
        final ContractKind kind = kind(node.required(KIND));
        final ConfigNode assetNode = node.required(SETTLEMENT_ASSET);
        final String asset = assetNode.text();
        final Integer balanceScale = assets.get(asset);
        if (balanceScale == null) {
            throw assetNode.error("unknown asset '" + asset + "' (assets defined: " + String.join(", ", assets.keySet()) + ")");
        }
        final MarginProfile profile = profile(node.required(PROFILE));
        final ConfigValues.Grid price = ConfigValues.grid(node.required(PRICE_TICK));
        final ConfigValues.Grid qty = ConfigValues.grid(node.required(QTY_STEP));
        final Instrument.Builder b = Instrument.builder()
            .id(id).symbol(symbol).kind(kind).settlementAsset(asset).profile(profile)
            .price(price.scale(), price.raw())
            .quantity(qty.scale(), qty.raw())
            .balanceScale(balanceScale);
        final String priceScaleOwner = "the price tick has " + price.scale();
        if (kind == ContractKind.INVERSE) {
            b.contractSize(ConfigValues.decimal(node.required(CONTRACT_SIZE), price.scale(), priceScaleOwner));
        } else if (node.optional(CONTRACT_SIZE).isPresent()) {
            throw node.required(CONTRACT_SIZE).error("only an inverse instrument has a contract_size");
        }
        node.optional(TAKER_FEE).ifPresent(n -> b.takerFeeRate(ConfigValues.rate(n)));
        node.optional(MAX_PRICE).ifPresent(n -> {
            final long max = ConfigValues.decimal(n, price.scale(), priceScaleOwner);
            if (max % price.raw() != 0 || max <= 0) {
                throw n.error("must be a positive price on the tick " + Decimals.formatTrimmed(price.raw(), price.scale()));
            }
            b.maxPrice(max);
        });
        final BracketTable brackets = BracketsReader.read(node.required(BRACKETS), balanceScale, asset);
        b.brackets(brackets);
        try {
            return b.build();
        } catch (final IllegalArgumentException e) {
            throw locate(node, symbol, e);
        }
    }

    /** Maps the builder's "SYMBOL.field what" message back to the field's node. */
    private static ConfigException locate(final ConfigNode node, final String symbol, final IllegalArgumentException e) {
        final String msg = String.valueOf(e.getMessage());
        final String prefix = symbol + ".";
        if (msg.startsWith(prefix)) {
            final String rest = msg.substring(prefix.length());
            final int space = rest.indexOf(' ');
            final String field = space < 0 ? rest : rest.substring(0, space);
            final String what = space < 0 ? "is invalid" : rest.substring(space + 1);
            return node.optional(field).orElse(node).error(what);
        }
        return node.error(msg);
    }

    private static String symbol(final ConfigNode node) {
        final String s = node.text();
        if (!s.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")) {
            throw node.error("'" + s + "' is not a valid symbol (letters, digits, _ . -; at most 32 characters)");
        }
        return s;
    }

    private static ContractKind kind(final ConfigNode node) {
        final String k = node.text();
        for (final ContractKind c : ContractKind.values()) {
            if (c.name().toLowerCase(Locale.ROOT).equals(k)) {
                return c;
            }
        }
        throw node.error("unknown kind '" + k + "' (one of: linear, inverse)");
    }

    private static MarginProfile profile(final ConfigNode node) {
        final String name = node.text();
        final MarginProfile p = MarginProfile.fromConfigName(name);
        if (p == null) {
            throw node.error("unknown profile '" + name + "' (one of: " + Arrays.stream(MarginProfile.values())
                .map(MarginProfile::configName).collect(Collectors.joining(", ")) + ")");
        }
        return p;
    }
}
