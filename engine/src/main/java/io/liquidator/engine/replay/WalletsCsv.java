package io.liquidator.engine.replay;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.InputRecords;
import io.liquidator.journal.Rejections;

import java.nio.file.Path;
import java.util.List;

/**
 * The Wallets CSV of {@code formats.md}: {@value #HEADER}, the account's cross wallet balance in a
 * settlement asset from {@code ts} on, at that asset's balance scale.
 *
 * <p>The asset id handed on is the engine's ({@link LiquidatorConfig#settlementAssets()}); an asset
 * that is not configured, or that no instrument settles in, is {@code UNKNOWN_ASSET}. A negative
 * balance is passed on: the engine takes any balance (a wallet in deficit is a state it can be
 * told about), and a reader that refused more than the engine would make replay disagree with
 * the live input path. More decimals than the balance scale is {@code NOT_A_NUMBER} (see
 * {@link PositionsCsv}), an amount too large for a long {@code ARITHMETIC_OVERFLOW}.
 */
public final class WalletsCsv extends CsvRowReader {
    public static final String HEADER = "ts,account,asset,balance";

    private final List<String> assets;
    private final int[] scales;
    private long account;
    private int asset;
    private long balance;

    private WalletsCsv(final CsvLines in, final LiquidatorConfig config) {
        super(in, InputRecords.KIND_WALLET);
        this.assets = config.settlementAssets();
        this.scales = new int[assets.size()];
        for (int a = 0; a < scales.length; a++) {
            scales[a] = config.assets().get(assets.get(a));
        }
    }

    /**
     * Opens the file and checks its header.
     *
     * @throws ReplayFileException if it cannot be opened or its header is not {@value #HEADER}
     */
    public static WalletsCsv open(final LiquidatorConfig config, final Path file) {
        final CsvLines in = CsvLines.open(file);
        try {
            requireHeader(in, HEADER);
            return new WalletsCsv(in, config);
        } catch (final RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    void decode() {
        if (!fieldCount(4) || !time(0, false)) {
            return;
        }
        final long acct = integer(1);
        if (failed()) {
            return;
        }
        final int a = asset(2);
        if (failed()) {
            return;
        }
        final long b = decimal(3, scales[a], 0, Rejections.NOT_A_NUMBER, Rejections.ARITHMETIC_OVERFLOW);
        if (failed()) {
            return;
        }
        account = acct;
        asset = a;
        balance = b;
    }

    private int asset(final int field) {
        if (in.isEmpty(field)) {
            reject(Rejections.MISSING_FIELD);
            return -1;
        }
        for (int a = 0, n = assets.size(); a < n; a++) {
            if (in.fieldEquals(field, assets.get(a))) {
                return a;
            }
        }
        reject(Rejections.UNKNOWN_ASSET);
        return -1;
    }

    @Override
    void emitDecoded(final long inputSeq, final InputHandler handler) {
        handler.onWallet(inputSeq, timestamp(), account, asset, balance, line());
    }
}
