package io.esdmon.app.bench;

import java.util.List;

/** Median of a list of timings. */
final class Medians {

    private Medians() {
    }

    static double of(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
