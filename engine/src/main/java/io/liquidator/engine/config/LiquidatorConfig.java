package io.liquidator.engine.config;

import io.liquidator.engine.core.PriceGuard;
import io.liquidator.engine.instrument.Instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The validated, immutable configuration: settlement assets with their balance scales and the
 * instruments (symbol → {@link Instrument}, ids 0, 1, 2, … in file order), and the engine's own
 * settings from the optional top-level {@code engine:} section ({@link EngineSection}, schema there).
 *
 * <p>Why one loader for everything, the bundled default included: a default that skipped the
 * checks could carry a bracket table that no user file would be allowed to carry. The default
 * ({@value #DEFAULT_RESOURCE}, next to this class) is the table of {@code formats.md} and loads
 * through the same validation.
 *
 * <p>Schema (decimals as plain text, quoted or not; unknown keys are errors):
 * <pre>
 * assets:
 *   USDT: { balance_scale: 8 }          # decimals of a balance in this asset
 * instruments:
 *   - symbol: BTCUSDT
 *     kind: linear                      # linear | inverse
 *     settlement_asset: USDT
 *     profile: binance                  # binance | bybit | bitmex | hyperliquid | gate
 *     price_tick: 0.1                   # its decimals are the price scale
 *     qty_step: 0.001                   # its decimals are the quantity scale
 *     contract_size: 100                # inverse only: face value in quote units
 *     taker_fee: 0.0005                 # optional, default 0
 *     max_price: 10000000               # optional, on the tick
 *     brackets:                         # floor inclusive, cap exclusive, in the settlement asset
 *       - { notional_floor: 0, notional_cap: 50000, mmr: 0.004, maintenance_amount: 0, max_leverage: 125 }
 *     price_guard:                      # optional; absent = no guard (see PriceGuard)
 *       max_staleness_ms: 5000          # optional: a tick older than the newest input by more than this
 *       max_move: 0.10                  # optional: band, fraction of the reference price in (0, 1]
 *       window_ms: 1000                 # optional with max_move, default 0
 *       on_trip: confirm                # pause (default) | confirm
 *       confirmations: 3                # confirm only, 1..1000
 * shards:                               # optional; which settlement assets each shard (cluster) holds
 *   - {name: usdt, assets: [USDT]}      # see ShardsSection; absent = one shard holding every asset
 * </pre>
 */
public final class LiquidatorConfig {
    /** Resource name of the bundled default, relative to this class. */
    public static final String DEFAULT_RESOURCE = "default.yaml";

    private final String source;
    private final Map<String, Integer> assets;
    private final List<Instrument> instruments;
    private final Map<String, Instrument> bySymbol;
    private final List<String> settlementAssets;
    private final Map<Integer, PriceGuard> priceGuards;
    private long fingerprint;
    /** Set once by {@link #read}, like the fingerprint, before the configuration is handed out. */
    private EngineSection engine = EngineSection.DEFAULTS;
    /** Set once by {@link #read}, like the engine section. */
    private ShardsSection shards;

    LiquidatorConfig(final String source, final Map<String, Integer> assets, final List<Instrument> instruments,
                     final Map<Integer, PriceGuard> priceGuards) {
        this.source = source;
        this.shards = new ShardsSection(source, 0, List.of());
        this.priceGuards = Collections.unmodifiableMap(new TreeMap<>(priceGuards));
        this.assets = Collections.unmodifiableMap(new LinkedHashMap<>(assets));
        this.instruments = List.copyOf(instruments);
        final Map<String, Instrument> map = new HashMap<>();
        for (final Instrument i : instruments) {
            map.put(i.symbol(), i);
        }
        this.bySymbol = Collections.unmodifiableMap(map);
        final List<String> settled = new ArrayList<>();
        for (final Instrument i : instruments) {
            if (!settled.contains(i.settlementAsset())) {
                settled.add(i.settlementAsset());
            }
        }
        this.settlementAssets = List.copyOf(settled);
    }

    /**
     * Loads and validates a configuration file.
     *
     * @throws ConfigException naming the file, line and key path of the first problem
     */
    public static LiquidatorConfig load(final Path file) {
        final String source = file.toString();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, source);
        } catch (final IOException e) {
            throw new ConfigException(source, 0, "", "cannot read the configuration: " + describe(e));
        }
    }

    /** Parses and validates YAML text; {@code source} names it in error messages. */
    public static LiquidatorConfig parse(final String yaml, final String source) {
        return read(new StringReader(yaml), source);
    }

    /** The bundled default configuration (BTCUSDT, ETHUSDT, BTCUSD of {@code formats.md}). */
    public static LiquidatorConfig bundledDefault() {
        return DefaultHolder.DEFAULT;
    }

    private static LiquidatorConfig read(final Reader reader, final String source) {
        final String text;
        try {
            final StringBuilder sb = new StringBuilder();
            final char[] buf = new char[8192];
            for (int n; (n = reader.read(buf)) >= 0; ) {
                sb.append(buf, 0, n);
            }
            text = sb.toString();
        } catch (final IOException e) {
            throw new ConfigException(source, 0, "", "cannot read the configuration: " + describe(e));
        }
        final ConfigNode root = YamlTreeReader.read(new StringReader(text), source);
        final LiquidatorConfig config = ConfigLoader.load(root, source);
        config.engine = ConfigLoader.engine(root, config);
        config.shards = ConfigLoader.shards(root, source);
        config.fingerprint = fingerprintOf(text);
        return config;
    }

    /** The first 8 bytes of the SHA-256 of the text: a snapshot names the configuration it was taken under. */
    private static long fingerprintOf(final String text) {
        try {
            final byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8));
            long f = 0;
            for (int i = 0; i < 8; i++) {
                f = (f << 8) | (d[i] & 0xff);
            }
            return f;
        } catch (final java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Identifies the configuration text (SHA-256 prefix): a snapshot or an output journal written
     * under one configuration must not be resumed under another.
     */
    public long fingerprint() {
        return fingerprint;
    }

    private static String describe(final IOException e) {
        final String kind = e.getClass().getSimpleName();
        if ("NoSuchFileException".equals(kind)) {
            return "no such file";
        }
        if ("AccessDeniedException".equals(kind)) {
            return "permission denied";
        }
        return e.getMessage() == null ? kind : e.getMessage();
    }

    /** Where the configuration came from (a file name or the bundled resource). */
    public String source() {
        return source;
    }

    /**
     * The file's optional {@code engine:} section (margin-call levels, hysteresis, policy, insurance
     * fund, wait strategy, snapshot cadence); {@link EngineSection#DEFAULTS} without one.
     */
    public EngineSection engine() {
        return engine;
    }

    /**
     * The file's optional {@code shards:} list, as written: which settlement assets each shard of a
     * sharded deployment holds. Checked against the instruments where it is used (the shard map of
     * {@code io.liquidator.engine.cluster.shard}); empty without one.
     */
    public ShardsSection shards() {
        return shards;
    }

    /** Asset name → balance scale (decimals), in file order. */
    public Map<String, Integer> assets() {
        return assets;
    }

    /** All instruments; the index of each is its id. */
    public List<Instrument> instruments() {
        return instruments;
    }

    /**
     * The settlement assets numbered as the engine numbers them (index = asset id): in the order
     * they first appear in the instrument list. Readers of wallet inputs need the same numbers as
     * the engine; an asset that no instrument settles in has none.
     */
    public List<String> settlementAssets() {
        return settlementAssets;
    }

    /** The engine's id of a settlement asset (see {@link #settlementAssets()}), or -1. */
    public int assetId(final String asset) {
        return settlementAssets.indexOf(asset);
    }

    public Optional<Instrument> instrument(final String symbol) {
        return Optional.ofNullable(bySymbol.get(symbol));
    }

    /** @throws IndexOutOfBoundsException if no instrument has this id */
    public Instrument instrument(final int id) {
        return instruments.get(id);
    }

    /**
     * The instruments' price guards, instrument id → guard (ascending ids); an instrument absent from
     * the map has none. Pass them to {@code EngineSettings.Builder.priceGuards}.
     */
    public Map<Integer, PriceGuard> priceGuards() {
        return priceGuards;
    }

    /**
     * Parses one instrument entry (the schema of an {@code instruments:} item) as instrument
     * {@code id}, against this configuration's assets: how an instrument update arrives in the input
     * journal. Validated like the file. A {@code price_guard} in it must be the one this configuration
     * gives the instrument: guards are set by the configuration file, not by updates (leaving it out
     * keeps the configured one).
     *
     * @throws ConfigException naming {@code source}, the line and the key of the first problem
     */
    public Instrument parseInstrument(final int id, final CharSequence yaml, final String source) {
        final ConfigNode node = YamlTreeReader.read(new StringReader(yaml.toString()), source);
        final Instrument parsed = InstrumentReader.read(node, id, assets);
        final Optional<PriceGuard> guard = PriceGuardReader.read(node);
        if (guard.isPresent() && !guard.get().equals(priceGuards.get(id))) {
            final PriceGuard configured = priceGuards.get(id);
            throw node.required(PriceGuardReader.PRICE_GUARD).error("a price guard cannot change with an instrument"
                + " update: the configuration gives " + parsed.symbol() + " "
                + (configured == null ? "none" : configured.toString()));
        }
        return parsed;
    }

    /** Loaded on first use: the default is parsed once per JVM. */
    private static final class DefaultHolder {
        static final LiquidatorConfig DEFAULT = loadDefault();

        private static LiquidatorConfig loadDefault() {
            final String name = "bundled " + DEFAULT_RESOURCE;
            try (InputStream in = LiquidatorConfig.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled " + DEFAULT_RESOURCE + " is missing from the classpath");
                }
                return read(new InputStreamReader(in, StandardCharsets.UTF_8), name);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
