package io.liquidator.engine.core;

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
