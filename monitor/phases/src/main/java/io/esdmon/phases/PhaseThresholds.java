package io.esdmon.phases;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The thresholds of the phase rules, in one place. {@link #DEFAULTS} were calibrated on labelled
 * synthetic matrices (docs/phases.md); a replay with other values re-labels a run.
 *
 * @param minEigenvalues        layers with fewer eigenvalues are Undetermined: below it neither the MP bulk
 *                              nor a power-law tail can be told apart from noise
 * @param nearZeroEpsilon       an eigenvalue below this fraction of the mean eigenvalue counts as zero
 * @param smallEpsilon          an eigenvalue below this fraction of the mean counts as zero too when the
 *                              small ones are cut off from the rest by a gap of gapDecades (noisy low rank)
 * @param gapDecades            see smallEpsilon
 * @param rankCollapseFraction  share of zero eigenvalues from which a layer is rank-collapsed
 * @param edgeSigmas            t: Tracy–Widom units beyond λ₊ an eigenvalue must lie to be an outlier
 * @param bulkMisfitSigmas      the bulk is not MP when its KS misfit lies this many standard deviations above
 *                              what random matrices of its size give
 * @param nearEdgeShare         the edge decays (Bulk-decay) when this share of all eigenvalues lies just past it
 * @param separatedWidths       an outlier is a spike when it lies at least this many bulk widths (λ₊ − λ₋)
 *                              beyond λ₊; closer ones are near the edge
 * @param minTailEigenvalues    a power-law tail needs at least this many eigenvalues
 * @param heavyAlpha            Heavy-Tailed needs a tail exponent α at most this
 * @param maxTailKs             ... a KS distance D of the tail fit with D·√n_tail at most this
 * @param truncationSigmas      ... no truncated power law better than the power law by this many standard
 *                              deviations
 * @param topSigmas             ... and λ_max within this many standard deviations of what the fitted power
 *                              law predicts for a tail of n_tail eigenvalues
 */
public record PhaseThresholds(int minEigenvalues, double nearZeroEpsilon, double smallEpsilon, double gapDecades,
        double rankCollapseFraction, double edgeSigmas, double bulkMisfitSigmas, double nearEdgeShare,
        double separatedWidths, int minTailEigenvalues, double heavyAlpha, double maxTailKs,
        double truncationSigmas, double topSigmas) {

    public static final PhaseThresholds DEFAULTS = new PhaseThresholds(32, 1e-6, 1e-3, 2.0, 0.2, 4.0, 6.0, 0.05,
            1.0, 5, 4.0, 1.3, 2.5, 3.0);

    public PhaseThresholds {
        requirePositive("nearZeroEpsilon", nearZeroEpsilon);
        requirePositive("smallEpsilon", smallEpsilon);
        requirePositive("gapDecades", gapDecades);
        requirePositive("rankCollapseFraction", rankCollapseFraction);
        requirePositive("edgeSigmas", edgeSigmas);
        requirePositive("bulkMisfitSigmas", bulkMisfitSigmas);
        requirePositive("nearEdgeShare", nearEdgeShare);
        requirePositive("separatedWidths", separatedWidths);
        requirePositive("heavyAlpha", heavyAlpha);
        requirePositive("maxTailKs", maxTailKs);
        requirePositive("truncationSigmas", truncationSigmas);
        requirePositive("topSigmas", topSigmas);
        if (minEigenvalues < 4 || minTailEigenvalues < 3 || rankCollapseFraction > 1 || nearEdgeShare > 1) {
            throw new IllegalArgumentException("need minEigenvalues >= 4, minTailEigenvalues >= 3,"
                    + " rankCollapseFraction <= 1 and nearEdgeShare <= 1");
        }
    }

    /**
     * These thresholds with some replaced, by record component name (e.g. {@code heavyAlpha=3.5}),
     * as read from a configuration file. Unknown names and values that do not parse are errors.
     */
    public PhaseThresholds with(Map<String, String> overrides) {
        RecordComponent[] components = PhaseThresholds.class.getRecordComponents();
        Map<String, String> unknown = new TreeMap<>(overrides);
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            String text = unknown.remove(c.getName());
            try {
                values[i] = text == null ? c.getAccessor().invoke(this) : parse(c, text.trim());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown phase threshold(s) " + unknown.keySet() + "; known: "
                    + Arrays.stream(components).map(RecordComponent::getName).toList());
        }
        try {
            return PhaseThresholds.class.getDeclaredConstructor(types).newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw (RuntimeException) e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object parse(RecordComponent c, String text) {
        try {
            return c.getType() == int.class ? (Object) Integer.parseInt(text) : (Object) Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("phase threshold " + c.getName() + " must be a "
                    + (c.getType() == int.class ? "whole number" : "number") + ", got '" + text + "'");
        }
    }

    private static void requirePositive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("phase threshold " + name + " must be a positive number, got " + v);
        }
    }
}
