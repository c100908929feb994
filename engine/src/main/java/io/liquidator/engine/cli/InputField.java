package io.liquidator.engine.cli;

import java.util.HashMap;
import java.util.Map;

/**
 * The calculator's inputs under both of their names: the flag ({@code --entry-price}) and the
 * batch key ({@code entry_price}). One validator serves both forms and names the field the way
 * the user wrote it.
 */
enum InputField {
    ID(null, "id"),
    INSTRUMENT("--instrument", "instrument"),
    SIDE("--side", "side"),
    QTY("--qty", "qty"),
    ENTRY_PRICE("--entry-price", "entry_price"),
    MARGIN_MODE(null, "margin_mode"),
    ISOLATED_MARGIN("--isolated-margin", "isolated_margin"),
    WALLET_BALANCE("--wallet-balance", "wallet_balance"),
    MARK_PRICE("--mark-price", "mark_price");

    private static final Map<String, InputField> BY_KEY = new HashMap<>();

    static {
        for (final InputField f : values()) {
            BY_KEY.put(f.key, f);
        }
    }

    private final String flag;
    private final String key;

    InputField(final String flag, final String key) {
        this.flag = flag;
        this.key = key;
    }

    /** The batch (JSON) key. */
    String key() {
        return key;
    }

    /** The name the user typed: the flag in the flag form, the key in a batch line. */
    String label(final boolean flagForm) {
        return flagForm && flag != null ? flag : key;
    }

    /** The field for a batch key, or null. */
    static InputField byKey(final String key) {
        return BY_KEY.get(key);
    }
}
