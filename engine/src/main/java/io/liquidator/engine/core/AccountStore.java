package io.liquidator.engine.core;

import io.liquidator.engine.snapshot.codec.SectionReader;
import io.liquidator.engine.snapshot.codec.SectionWriter;
import io.liquidator.engine.snapshot.codec.SnapshotException;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * Accounts and their cross books. A cross book is one account's cross wallet in one settlement
 * asset and the cross positions it backs (Binance USD-M: one USDT wallet for all USDT-settled
 * markets); book id = account slot × assets + asset. Primitive columns, Agrona map for id → slot.
 */
final class AccountStore {
    private final int assets;
    private final Long2LongHashMap slotOfAccount;
    long[] id;
    /** Per book: cross wallet balance. */
    long[] wallet;
    /** Per book: first cross position (lowest instrument id), or NONE. */
    int[] head;
    int[] positions;
    /** Per book: number of margin-call levels fired. */
    int[] alertLevel;
    private int count;

    AccountStore(final int assets, final int capacity) {
        this.assets = assets;
        final int n = Math.max(16, capacity);
        slotOfAccount = new Long2LongHashMap(n * 2, 0.65f, PositionStore.NONE);
        id = new long[n];
        wallet = new long[n * assets];
        head = new int[n * assets];
        positions = new int[n * assets];
        alertLevel = new int[n * assets];
        Arrays.fill(head, PositionStore.NONE);
    }

    int find(final long accountId) {
        return (int) slotOfAccount.get(accountId);
    }

    int findOrCreate(final long accountId) {
        final int existing = (int) slotOfAccount.get(accountId);
        if (existing != PositionStore.NONE) {
            return existing;
        }
        if (count == id.length) {
            grow();
        }
        final int slot = count++;
        id[slot] = accountId;
        slotOfAccount.put(accountId, slot);
        return slot;
    }

    /**
     * Undoes the {@link #findOrCreate} that created {@code slot}, which must be the newest account and
     * hold nothing (no wallet, no cross position, no level): an input refused after its account was
     * created must leave no trace, not even an empty account record.
     */
    void dropNewest(final int slot) {
        if (slot != count - 1) {
            throw new IllegalStateException("account slot " + slot + " is not the newest (" + (count - 1) + ")");
        }
        for (int a = 0; a < assets; a++) {
            final int b = book(slot, a);
            if (wallet[b] != 0 || head[b] != PositionStore.NONE || positions[b] != 0 || alertLevel[b] != 0) {
                throw new IllegalStateException("account " + id[slot] + " is not empty");
            }
        }
        slotOfAccount.remove(id[slot]);
        id[slot] = 0;
        count--;
    }

    int book(final int accountSlot, final int asset) {
        return accountSlot * assets + asset;
    }

    int accountOfBook(final int book) {
        return book / assets;
    }

    int assetOfBook(final int book) {
        return book % assets;
    }

    int count() {
        return count;
    }

    int assets() {
        return assets;
    }

    /** Heap bytes held: account and book columns at their capacity and the id map's table. */
    long retainedBytes() {
        return 8L * id.length + (8L + 4 + 4 + 4) * wallet.length + 16L * slotOfAccount.capacity();
    }

    static final int SECTION = SectionWriter.tag("ACCT");

    /**
     * The account section: ids in slot order (account slots are book ids and appear in every
     * position's accountSlot column, so the order is state), then the book columns. The id → slot
     * map is not written: it is rebuilt from the ids.
     */
    int writeTo(final MutableDirectBuffer buffer, final int index) {
        final int books = count * assets;
        int at = SectionWriter.beginSection(buffer, index, SECTION);
        at = SectionWriter.putInt(buffer, at, assets);
        at = SectionWriter.putInt(buffer, at, count);
        at = SectionWriter.putLongs(buffer, at, id, count);
        at = SectionWriter.putLongs(buffer, at, wallet, books);
        at = SectionWriter.putInts(buffer, at, head, books);
        at = SectionWriter.putInts(buffer, at, positions, books);
        at = SectionWriter.putInts(buffer, at, alertLevel, books);
        return SectionWriter.endSection(buffer, index, at);
    }

    /** Restores {@link #writeTo}'s section into this empty store. Book heads are checked by the caller. */
    void readFrom(final SectionReader in) {
        if (count != 0) {
            throw new IllegalStateException("restore into an account store that already holds " + count + " accounts");
        }
        final int end = in.enterSection(SECTION);
        final int storedAssets = in.getInt();
        if (storedAssets != assets) {
            throw new SnapshotException("the snapshot's accounts have " + storedAssets + " settlement assets, this engine "
                + assets);
        }
        final int n = in.getCount("account count", in.remaining() / 8);
        while (id.length < n) {
            grow();
        }
        final int books = n * assets;
        in.getLongs(id, n);
        in.getLongs(wallet, books);
        in.getInts(head, books);
        in.getInts(positions, books);
        in.getInts(alertLevel, books);
        for (int slot = 0; slot < n; slot++) {
            if (slotOfAccount.put(id[slot], slot) != PositionStore.NONE) {
                throw new SnapshotException("account " + id[slot] + " appears twice in the snapshot");
            }
        }
        count = n;
        in.leaveSection(SECTION, end);
    }

    private void grow() {
        final int n = id.length * 2;
        id = Arrays.copyOf(id, n);
        wallet = Arrays.copyOf(wallet, n * assets);
        positions = Arrays.copyOf(positions, n * assets);
        alertLevel = Arrays.copyOf(alertLevel, n * assets);
        final int old = head.length;
        head = Arrays.copyOf(head, n * assets);
        Arrays.fill(head, old, head.length, PositionStore.NONE);
    }
}
