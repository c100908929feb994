package io.liquidator.engine.cluster.shard;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.money.Fixed;
import io.liquidator.engine.money.Rates;
import io.liquidator.journal.InputRecords;
import io.liquidator.journal.Rejections;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random market over every instrument of a configuration: accounts with isolated positions and
 * cross books (wallet plus positions on several instruments of one asset), many of them in more
 * than one asset; a random walk of marks with sell-offs and rallies that move every instrument of
 * an asset together (so that cross books lose on every leg at once) and bad prints (so that
 * positions gap through their bankruptcy price, the small insurance funds run dry and
 * auto-deleveraging follows); funding, wallet changes, closes and re-opens; instrument updates
 * (compatible, incompatible, unparseable); snapshot requests and an unknown control code;
 * malformed inputs and inputs naming unknown instruments and assets. Sequence numbers increase with
 * gaps, as the input journal's do.
 *
 * <p>The inputs are only generated here; the engine decides what is valid. Sizes are in US dollars
 * and turned into each instrument's quantity; marks start at the prices of {@link #START}.
 */
final class ShardScenario {
    private static final int ACCOUNTS = 400;
    private static final int OPENING = 3_000;
    /** Starting marks by symbol, in US dollars. */
    static final Map<String, Double> START = Map.of("BTCUSDT", 60_000.0, "BTCUSD", 60_000.0, "ETHUSDT", 3_000.0,
        "ETHUSDC", 3_000.0, "SOLUSDC", 150.0);

    /** Instrument updates by symbol: definitions the engine accepts (other brackets, fee or profile). */
    private static final Map<String, List<String>> COMPATIBLE = Map.of(
        "BTCUSDT", List.of("""
            symbol: BTCUSDT
            kind: linear
            settlement_asset: USDT
            profile: binance
            price_tick: 0.1
            qty_step: 0.001
            brackets:
              - { notional_floor: 0, notional_cap: 100000, mmr: 0.01, maintenance_amount: 0, max_leverage: 50 }
              - { notional_floor: 100000, notional_cap: 10000000, mmr: 0.05, maintenance_amount: 4000, max_leverage: 10 }
            """),
        "BTCUSD", List.of("""
            symbol: BTCUSD
            kind: inverse
            settlement_asset: BTC
            profile: bybit
            price_tick: 0.1
            qty_step: 1
            contract_size: 100
            taker_fee: 0.0006
            brackets:
              - { notional_floor: 0, notional_cap: 500, mmr: 0.01, maintenance_amount: 0, max_leverage: 50 }
            """),
        "SOLUSDC", List.of("""
            symbol: SOLUSDC
            kind: linear
            settlement_asset: USDC
            profile: gate
            price_tick: 0.001
            qty_step: 0.1
            taker_fee: 0.0005
            brackets:
              - { notional_floor: 0, notional_cap: 5000000, mmr: 0.02, maintenance_amount: 0, max_leverage: 25 }
            """));
    /** Parses, but moves BTCUSDT to another settlement asset: the engine refuses it (INCOMPATIBLE_INSTRUMENT_UPDATE). */
    private static final String MOVES_ASSET = """
        symbol: BTCUSDT
        kind: linear
        settlement_asset: USDC
        profile: binance
        price_tick: 0.1
        qty_step: 0.001
        brackets:
          - { notional_floor: 0, notional_cap: 10000000, mmr: 0.01, maintenance_amount: 0, max_leverage: 50 }
        """;
    /** Does not parse: the publisher turns it into a malformed input of the instrument's shard. */
    private static final String GARBAGE = "symbol: [unterminated";

    private final LiquidatorConfig config;
    private final List<Instrument> instruments;
    private final Random r;
    private final List<Input> out = new ArrayList<>();
    private final long[] mark;
    /** Cross wallet balances written so far, by account and asset id. */
    private final Map<Long, long[]> wallets = new HashMap<>();
    private long seq;
    private long ts = 1_700_000_000_000L;
    /** The asset id a sell-off or rally is moving, -1 when none; its direction and ticks left. */
    private int stormAsset = -1;
    private int stormDirection;
    private int stormTicks;

    private ShardScenario(final LiquidatorConfig config, final long seed) {
        this.config = config;
        this.instruments = config.instruments();
        this.r = new Random(seed);
        this.mark = new long[instruments.size()];
        for (final Instrument i : instruments) {
            mark[i.id()] = price(i, START.get(i.symbol()));
        }
    }

    /** {@code steps} random inputs after the opening marks (a few more: some steps write two). */
    static List<Input> generate(final LiquidatorConfig config, final long seed, final int steps) {
        final ShardScenario s = new ShardScenario(config, seed);
        for (final Instrument i : s.instruments) {
            s.out.add(new Input.Mark(s.nextSeq(), s.ts, i.id(), s.mark[i.id()]));
        }
        for (int k = 0; k < steps; k++) {
            s.step(k < OPENING);
        }
        return List.copyOf(s.out);
    }

    private void step(final boolean opening) {
        final int roll = r.nextInt(1000);
        if (opening) {
            if (roll < 250) {
                tick();
            } else if (roll < 400) {
                wallet();
            } else {
                position();
            }
            return;
        }
        if (roll < 620) {
            tick();
        } else if (roll < 820) {
            position();
        } else if (roll < 900) {
            wallet();
        } else if (roll < 930) {
            out.add(new Input.Funding(nextSeq(), ts, anyInstrument(), (r.nextInt(201) - 100) * 1_000L));
        } else if (roll < 945) {
            update();
        } else if (roll < 955) {
            out.add(new Input.Control(nextSeq(), ts, r.nextInt(4) == 0 ? 99 : InputRecords.CONTROL_SNAPSHOT));
        } else if (roll < 965) {
            out.add(new Input.Malformed(nextSeq(), ts, r.nextInt(3), Rejections.MALFORMED_RECORD));
        } else if (roll < 975) {
            unknownIds();
        } else {
            weather();
        }
    }

    /** A mark for one instrument: a random walk, pushed along by a storm over its asset, now and then a bad print. */
    private void tick() {
        final int i = anyInstrument();
        final Instrument inst = instruments.get(i);
        double move = r.nextGaussian() * 0.002;
        if (stormTicks > 0 && config.assetId(inst.settlementAsset()) == stormAsset) {
            move += stormDirection * 0.006;
            stormTicks--;
        }
        if (r.nextInt(400) == 0) {
            // a bad print 8-15 % away, and the next tick back where it was
            final long before = mark[i];
            final double gap = (r.nextBoolean() ? 1 : -1) * (0.08 + 0.07 * r.nextDouble());
            out.add(new Input.Mark(nextSeq(), ts, i, Math.max(inst.tickSize(), Math.round(before * (1 + gap)))));
            out.add(new Input.Mark(nextSeq(), ts, i, before));
            return;
        }
        mark[i] = Math.max(inst.tickSize(), Math.round(mark[i] * (1 + move)));
        out.add(new Input.Mark(nextSeq(), ts, i, mark[i]));
    }

    /** Starts a sell-off or a rally over every instrument of one asset, or calms the market. */
    private void weather() {
        if (stormTicks > 0) {
            return;
        }
        stormAsset = r.nextInt(config.settlementAssets().size());
        stormDirection = r.nextBoolean() ? 1 : -1;
        stormTicks = 10 + r.nextInt(30);
    }

    /** A new position state (open, resize, flip side, switch cross and isolated) or a close. */
    private void position() {
        final long account = 1 + r.nextInt(ACCOUNTS);
        final int i = anyInstrument();
        final Instrument inst = instruments.get(i);
        final int asset = config.assetId(inst.settlementAsset());
        if (r.nextInt(8) == 0) {
            out.add(new Input.Position(nextSeq(), ts, account, i, InputRecords.SIDE_LONG, 0, 0, false, 0));
            return;
        }
        final int side = r.nextBoolean() ? InputRecords.SIDE_LONG : InputRecords.SIDE_SHORT;
        final long qty = quantity(inst, usd(), mark[i]);
        final long entry = Math.max(inst.tickSize(), Math.round(mark[i] * (1 + (r.nextDouble() - 0.5) * 0.01)));
        final boolean cross = wallets.containsKey(account) && wallets.get(account)[asset] > 0 && r.nextInt(3) > 0;
        final long margin = cross ? 0 : isolatedMargin(inst, qty, entry, 2 + r.nextInt(39));
        out.add(new Input.Position(nextSeq(), ts, account, i, side, qty, entry, cross, margin));
    }

    /** A cross wallet balance: opens a book, tops it up or draws it down. */
    private void wallet() {
        final long account = 1 + r.nextInt(ACCOUNTS);
        final int asset = r.nextInt(config.settlementAssets().size());
        final long[] balances = wallets.computeIfAbsent(account, a -> new long[config.settlementAssets().size()]);
        final long balance;
        if (balances[asset] == 0 || r.nextInt(3) == 0) {
            final Instrument inst = firstOf(asset);
            balance = MarginMath.notional(inst, quantity(inst, usd(), mark[inst.id()]), mark[inst.id()])
                / (2 + r.nextInt(15));
        } else {
            balance = Math.round(balances[asset] * (0.6 + 0.8 * r.nextDouble()));
        }
        balances[asset] = balance;
        out.add(new Input.Wallet(nextSeq(), ts, account, asset, balance));
    }

    private void update() {
        final int pick = r.nextInt(10);
        final Instrument inst;
        final String definition;
        if (pick < 6) {
            final List<String> symbols = List.copyOf(new java.util.TreeSet<>(COMPATIBLE.keySet()));
            final String symbol = symbols.get(r.nextInt(symbols.size()));
            inst = config.instrument(symbol).orElseThrow();
            definition = COMPATIBLE.get(symbol).get(0);
        } else if (pick < 9) {
            inst = config.instrument("BTCUSDT").orElseThrow();
            definition = MOVES_ASSET;
        } else {
            inst = instruments.get(anyInstrument());
            definition = GARBAGE;
        }
        out.add(new Input.Update(nextSeq(), ts, inst.id(), definition));
    }

    /** Ids the configuration does not have: routed to shard 0, rejected there. */
    private void unknownIds() {
        final int n = instruments.size();
        switch (r.nextInt(4)) {
            case 0 -> out.add(new Input.Mark(nextSeq(), ts, n + r.nextInt(5), 100));
            case 1 -> out.add(new Input.Position(nextSeq(), ts, 1, -1 - r.nextInt(3), InputRecords.SIDE_LONG, 1, 100,
                false, 100));
            case 2 -> out.add(new Input.Wallet(nextSeq(), ts, 1, config.settlementAssets().size() + r.nextInt(3), 100));
            default -> out.add(new Input.Funding(nextSeq(), ts, n + 100, 1_000));
        }
    }

    private int anyInstrument() {
        return r.nextInt(instruments.size());
    }

    private Instrument firstOf(final int asset) {
        final String name = config.settlementAssets().get(asset);
        return instruments.stream().filter(i -> i.settlementAsset().equals(name)).findFirst().orElseThrow();
    }

    /** A position size in US dollars: 200 to about 300,000, most of them small. */
    private double usd() {
        return 200 * Math.pow(10, 3.2 * r.nextDouble());
    }

    /** The quantity (raw, at least one step) worth {@code usd} at {@code price} (raw). */
    private static long quantity(final Instrument inst, final double usd, final long price) {
        final double units;
        if (inst.isInverse()) {
            units = usd / (inst.contractSize() / Math.pow(10, inst.priceScale()));
        } else {
            units = usd / (price / Math.pow(10, inst.priceScale()));
        }
        final long raw = Math.round(units * Math.pow(10, inst.qtyScale()));
        return Math.max(inst.stepSize(), raw - raw % inst.stepSize());
    }

    /** Initial margin at {@code leverage}, plus up to a tenth: what an isolated position opens with. */
    private long isolatedMargin(final Instrument inst, final long qty, final long entry, final int leverage) {
        final long im = MarginMath.initialMargin(inst, qty, entry, leverage * Rates.ONE);
        return Fixed.add(im, im / 10 * r.nextInt(2));
    }

    private static long price(final Instrument inst, final double usd) {
        final long raw = Math.round(usd * Math.pow(10, inst.priceScale()));
        return raw - raw % inst.tickSize();
    }

    /** The next sequence number, with a gap now and then; the clock moves on by 0-29 ms. */
    private long nextSeq() {
        seq += r.nextInt(20) == 0 ? 2 + r.nextInt(4) : 1;
        ts += r.nextInt(30);
        return seq;
    }
}
