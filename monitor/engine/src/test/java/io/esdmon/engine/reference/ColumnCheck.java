package io.esdmon.engine.reference;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares computed values with one reference row, column by column, and fails once with every
 * mismatch listed (so a failure names the matrix, config and each wrong column). Records the
 * largest relative error seen per column for the summary printed after the parity run.
 */
public final class ColumnCheck {

    private static final Map<String, Double> WORST = new TreeMap<>();

    private final WeightWatcherReference.Case reference;
    private final String prefix;
    private final List<String> failures = new ArrayList<>();

    public ColumnCheck(WeightWatcherReference.Case reference) {
        this(reference, "");
    }

    /** Checks columns named {@code prefix + name} (e.g. "rand_" for the shuffled spectrum). */
    public ColumnCheck(WeightWatcherReference.Case reference, String prefix) {
        this.reference = reference;
        this.prefix = prefix;
    }

    /** |actual − expected| ≤ rel·|expected| + abs; a null reference (NaN) requires NaN. */
    public ColumnCheck close(String column, double actual, double rel, double abs) {
        return close(column, reference.num(prefix + column), actual, rel, abs);
    }

    public ColumnCheck close(String column, double actual, double rel) {
        return close(column, actual, rel, 0);
    }

    /** Against a value that is not a row column (e.g. from the MP fit trace). */
    public ColumnCheck close(String name, double expected, double actual, double rel, double abs) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            if (Double.isNaN(expected) != Double.isNaN(actual)) {
                failures.add(name + ": expected " + expected + " but was " + actual);
            }
            return this;
        }
        double err = Math.abs(actual - expected);
        double scale = Math.abs(expected);
        synchronized (WORST) {
            WORST.merge(prefix + name, scale > 0 ? err / scale : err, Math::max);
        }
        if (!(err <= rel * scale + abs)) {
            failures.add(name + ": expected " + expected + " but was " + actual + " (relative error "
                    + (scale > 0 ? err / scale : Double.POSITIVE_INFINITY) + ", allowed " + rel + ")");
        }
        return this;
    }

    public ColumnCheck exact(String column, double actual) {
        return close(column, actual, 0, 0);
    }

    public ColumnCheck within(String column, int actual, int slack) {
        int expected = reference.integer(prefix + column);
        if (Math.abs(actual - expected) > slack) {
            failures.add(column + ": expected " + expected + " but was " + actual + " (allowed ±" + slack + ")");
        }
        return this;
    }

    public ColumnCheck text(String column, String actual) {
        String expected = reference.text(prefix + column);
        if (!expected.equals(actual)) {
            failures.add(column + ": expected '" + expected + "' but was '" + actual + "'");
        }
        return this;
    }

    public void verify() {
        if (!failures.isEmpty()) {
            fail(reference + (prefix.isEmpty() ? "" : " [" + prefix + "]") + ":\n  " + String.join("\n  ", failures));
        }
    }

    /** Largest relative error seen per column so far, one line per column. */
    public static String summary() {
        StringBuilder sb = new StringBuilder();
        synchronized (WORST) {
            WORST.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-24s %.3g%n", k, v)));
        }
        return sb.toString();
    }
}
