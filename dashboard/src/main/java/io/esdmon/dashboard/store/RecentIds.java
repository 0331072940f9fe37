package io.esdmon.dashboard.store;

import java.util.Arrays;

/**
 * Remembers the most recent record ids (as 64-bit hashes) to drop redeliveries: at least the last
 * {@code generation} distinct ids, at most twice that, in two open-addressing tables of longs
 * (about 32 bytes per id). When the current table fills, it becomes the previous one and the
 * oldest generation is forgotten.
 */
final class RecentIds {

    private static final long EMPTY = 0;

    private final int generation;
    private long[] current;
    private long[] previous;
    private int count;

    RecentIds(int generation) {
        if (generation < 1) {
            throw new IllegalArgumentException("an id memory holds at least one id, got " + generation);
        }
        this.generation = generation;
        current = table();
        previous = table();
    }

    /** Records the id; false when it was already remembered. */
    boolean add(long id) {
        long key = id == EMPTY ? 1 : id; // 0 marks empty slots; a 1-in-2^64 collision is harmless
        if (contains(previous, key) || contains(current, key)) {
            return false;
        }
        if (count == generation) {
            previous = current;
            current = table();
            count = 0;
        }
        insert(current, key);
        count++;
        return true;
    }

    private long[] table() {
        int length = Integer.highestOneBit(Math.max(4, generation * 2 - 1)) << 1;
        long[] t = new long[length];
        Arrays.fill(t, EMPTY);
        return t;
    }

    private static boolean contains(long[] table, long key) {
        int mask = table.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (table[i] == EMPTY) {
                return false;
            }
            if (table[i] == key) {
                return true;
            }
        }
    }

    private static void insert(long[] table, long key) {
        int mask = table.length - 1;
        int i = slot(key, mask);
        while (table[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        table[i] = key;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
