package io.esdmon.trainer;

import java.util.SplittableRandom;

/** Seeded Fisher–Yates shuffles of index arrays (the sample order of each epoch, data splits). */
final class Shuffle {

    private Shuffle() {
    }

    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    static void inPlace(int[] order, SplittableRandom rng) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
