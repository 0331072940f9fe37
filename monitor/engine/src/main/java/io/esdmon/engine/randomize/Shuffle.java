package io.esdmon.engine.randomize;

import java.nio.DoubleBuffer;

/** Fisher–Yates permutation of a buffer's first {@code length} entries, in place. */
public final class Shuffle {

    private Shuffle() {
    }

    public static void permute(DoubleBuffer values, int length, SplitMix64 rng) {
        for (int i = length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double t = values.get(i);
            values.put(i, values.get(j));
            values.put(j, t);
        }
    }
}
