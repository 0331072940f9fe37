package io.esdmon.phases;

/**
 * One signal the classifier computed, and how it compared with its threshold.
 *
 * @param name       metric name, in WeightWatcher's column names where one exists
 * @param value      the signal for this layer
 * @param relation   the comparison that held ({@code value relation threshold}), {@link Relation#NONE} when
 *                   the signal is only reported
 * @param threshold  the threshold compared with (NaN when reported)
 * @param margin     the distance between value and threshold in standard errors of the signal (the one
 *                   scale of every rule: docs/phases.md, "Margins"); NaN when reported
 * @param deciding   whether the comparison belongs to the path of rules that settled the phase
 * @param note       a short sentence for people
 */
public record Signal(String name, double value, Relation relation, double threshold, double margin,
        boolean deciding, String note) {

    static Signal reported(String name, double value, String note) {
        return new Signal(name, value, Relation.NONE, Double.NaN, Double.NaN, false, note);
    }
}
