package io.esdmon.dashboard.store;

import java.util.Arrays;

/**
 * One layer's step points in ascending step order: phase, the {@link SeriesMetric}s, and where the
 * full analysis lies in Kafka. Columnar arrays, so 4096 points cost about 64 KB.
 *
 * <p>Bounded by {@code cap}: when a point would exceed it, the points older than the newest quarter
 * are thinned to one point per bucket of {@code spacing} steps, doubling the spacing (a power of
 * two) until the series is at most three quarters full. The first and last point of every run of equal
 * phase and equal trap state (correlation traps or none) are kept as long as they fit, so a timeline drawn
 * from the series keeps exact phase boundaries and trap markers; only when they change more often than
 * that do boundaries get thinned as well. The spacing only grows, so the
 * old part of the series keeps one resolution across thinnings.
 *
 * <p>Not thread safe: the {@link HistoryStore} guards it.
 */
final class LayerSeries {

    /** What {@link #put} did with a point. */
    enum PutResult { ADDED, REPLACED, DUPLICATE }

    private static final int METRICS = SeriesMetric.all().length;
    private static final int TRAPS = SeriesMetric.CORRELATION_TRAPS.ordinal();

    private final int cap;
    private int size;
    private long[] steps;
    private byte[] phases;
    private float[][] metrics;
    private long[] idHashes;
    private int[] partitions;
    private long[] offsets;
    /** Step spacing of the thinned part, a power of two (0 before the first thinning). */
    private long spacing;
    private int thinnings;

    LayerSeries(int cap) {
        if (cap < StoreBounds.MIN_POINTS_PER_LAYER) {
            throw new IllegalArgumentException("a layer series needs a cap of at least "
                    + StoreBounds.MIN_POINTS_PER_LAYER + " points, got " + cap);
        }
        this.cap = cap;
        int initial = Math.min(cap, 64);
        steps = new long[initial];
        phases = new byte[initial];
        metrics = new float[METRICS][initial];
        idHashes = new long[initial];
        partitions = new int[initial];
        offsets = new long[initial];
    }

    /**
     * Adds the point of a step, or replaces the point already held for that step (a re-analysis,
     * e.g. a replay under another config); an identical id is a duplicate and changes nothing.
     */
    PutResult put(long step, byte phase, double[] values, long idHash, RecordPosition position) {
        int at = indexOf(step);
        if (at >= 0) {
            if (idHashes[at] == idHash) {
                return PutResult.DUPLICATE;
            }
            write(at, step, phase, values, idHash, position);
            return PutResult.REPLACED;
        }
        if (size == cap) {
            thin();
            at = indexOf(step);
        }
        int insert = -at - 1;
        ensureCapacity(size + 1);
        if (insert < size) {
            shift(insert, insert + 1, size - insert);
        }
        size++;
        write(insert, step, phase, values, idHash, position);
        return PutResult.ADDED;
    }

    int size() {
        return size;
    }

    int cap() {
        return cap;
    }

    /** How many times the series was thinned. */
    int thinnings() {
        return thinnings;
    }

    long step(int i) {
        return steps[i];
    }

    byte phase(int i) {
        return phases[i];
    }

    double metric(SeriesMetric m, int i) {
        return metrics[m.ordinal()][i];
    }

    /** Whether the point had at least one correlation trap. */
    boolean trapped(int i) {
        return metrics[TRAPS][i] >= 1;
    }

    long idHash(int i) {
        return idHashes[i];
    }

    RecordPosition position(int i) {
        return new RecordPosition(partitions[i], offsets[i], -1);
    }

    /** Index of the point at {@code step}, or {@code -(insertion point) - 1}. */
    int indexOf(long step) {
        if (size > 0 && step > steps[size - 1]) {
            return -size - 1; // the usual case: a new latest step
        }
        return Arrays.binarySearch(steps, 0, size, step);
    }

    /** Index of the point nearest to {@code step} (the earlier one on a tie), or -1 when empty. */
    int nearest(long step) {
        if (size == 0) {
            return -1;
        }
        int at = indexOf(step);
        if (at >= 0) {
            return at;
        }
        int insert = -at - 1;
        if (insert == 0) {
            return 0;
        }
        if (insert == size) {
            return size - 1;
        }
        return step - steps[insert - 1] <= steps[insert] - step ? insert - 1 : insert;
    }

    private void write(int i, long step, byte phase, double[] values, long idHash, RecordPosition position) {
        steps[i] = step;
        phases[i] = phase;
        for (int m = 0; m < METRICS; m++) {
            metrics[m][i] = (float) values[m];
        }
        idHashes[i] = idHash;
        partitions[i] = position.partition();
        offsets[i] = position.offset();
    }

    private void thin() {
        int recent = cap / 4;
        int oldEnd = size - recent;
        int target = cap * 3 / 4;
        long span = steps[oldEnd - 1] - steps[0];
        long gap = Math.max(1, spacing);
        boolean keepBoundaries = true;
        boolean[] keep = new boolean[oldEnd];
        while (select(keep, oldEnd, gap, keepBoundaries) + recent > target) {
            if (gap > span) {
                keepBoundaries = false; // the phase flips more often than the cap can show
            }
            gap *= 2;
        }
        spacing = gap;
        int w = 0;
        for (int r = 0; r < size; r++) {
            if (r >= oldEnd || keep[r]) {
                if (w != r) {
                    move(r, w);
                }
                w++;
            }
        }
        size = w;
        thinnings++;
    }

    /**
     * Marks the old points to keep: the first of each bucket of {@code gap} steps (gap is a power of
     * two, so a point kept at 2·gap was also kept at gap and doubling halves the points evenly),
     * plus the first and last point of every run of equal phase and trap state.
     */
    private int select(boolean[] keep, int oldEnd, long gap, boolean keepBoundaries) {
        int kept = 0;
        long bucket = Long.MIN_VALUE;
        for (int i = 0; i < oldEnd; i++) {
            long b = Math.floorDiv(steps[i], gap);
            boolean boundary = keepBoundaries && i > 0 && (mark(i) != mark(i - 1) || mark(i) != mark(i + 1));
            keep[i] = b != bucket || boundary;
            bucket = b;
            if (keep[i]) {
                kept++;
            }
        }
        return kept;
    }

    /** What a boundary separates: the phase and whether the point had traps. */
    private int mark(int i) {
        return phases[i] << 1 | (trapped(i) ? 1 : 0);
    }

    private void move(int from, int to) {
        steps[to] = steps[from];
        phases[to] = phases[from];
        for (float[] column : metrics) {
            column[to] = column[from];
        }
        idHashes[to] = idHashes[from];
        partitions[to] = partitions[from];
        offsets[to] = offsets[from];
    }

    private void shift(int from, int to, int count) {
        System.arraycopy(steps, from, steps, to, count);
        System.arraycopy(phases, from, phases, to, count);
        for (float[] column : metrics) {
            System.arraycopy(column, from, column, to, count);
        }
        System.arraycopy(idHashes, from, idHashes, to, count);
        System.arraycopy(partitions, from, partitions, to, count);
        System.arraycopy(offsets, from, offsets, to, count);
    }

    private void ensureCapacity(int needed) {
        if (needed <= steps.length) {
            return;
        }
        int length = Math.min(cap, Math.max(needed, steps.length * 2));
        steps = Arrays.copyOf(steps, length);
        phases = Arrays.copyOf(phases, length);
        for (int m = 0; m < METRICS; m++) {
            metrics[m] = Arrays.copyOf(metrics[m], length);
        }
        idHashes = Arrays.copyOf(idHashes, length);
        partitions = Arrays.copyOf(partitions, length);
        offsets = Arrays.copyOf(offsets, length);
    }
}
