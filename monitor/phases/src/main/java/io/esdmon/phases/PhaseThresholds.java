package io.esdmon.phases;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The thresholds of the phase rules, in one place. {@link #DEFAULTS} were calibrated on labelled
 * synthetic matrices (see docs/phases.md); a replay with other values re-labels a run.
 *
 * @param nearZeroEpsilon       an eigenvalue below this fraction of the mean eigenvalue counts as zero
 * @param smallEpsilon          an eigenvalue below this fraction of the mean counts as zero too when the
 *                              small ones are cut off from the rest by a gap of gapDecades (noisy low rank)
 * @param gapDecades            see smallEpsilon
 * @param rankCollapseFraction  share of zero eigenvalues from which a layer is rank-collapsed
 * @param edgeSigmas            t: Tracy–Widom units beyond λ₊ an eigenvalue must lie to be an outlier
 * @param bulkKsFactor          the MP fit of the bulk is rejected when its KS distance exceeds this / bulk size
 * @param separatedWidths       an outlier is well separated (a spike) when it lies at least this many
 *                              bulk widths (λ₊ − λ₋) beyond λ₊; closer ones are near the edge
 * @param fewNearEdgeMin        up to max(this, fewNearEdgeFraction·M) outliers near the edge still count as
 *                              "a few" (bleeding out); more make a decaying edge
 * @param fewNearEdgeFraction   see fewNearEdgeMin
 * @param maxSpikeFraction      more outliers than this fraction of M (plus fewNearEdgeMin) are not "spikes"
 * @param shuffledShare         outliers come from heavy-tailed entries when the shuffled weights keep at
 *                              least this share of them
 * @param heavyAlpha            heavy-tailed needs a power-law α at most this …
 * @param heavyLambdaRatio      … and λ_max at least this many times λ₊; otherwise bulk-decay
 */
public record PhaseThresholds(double nearZeroEpsilon, double smallEpsilon, double gapDecades,
        double rankCollapseFraction, double edgeSigmas,
        double bulkKsFactor, double separatedWidths, int fewNearEdgeMin, double fewNearEdgeFraction,
        double maxSpikeFraction, double shuffledShare, double heavyAlpha, double heavyLambdaRatio) {

    public static final PhaseThresholds DEFAULTS = new PhaseThresholds(1e-6, 1e-3, 2.0, 0.2, 4.0, 6.0, 1.0, 5, 0.03, 0.1, 0.5,
            4.0, 3.0);

    public PhaseThresholds {
        requirePositive("nearZeroEpsilon", nearZeroEpsilon);
        requirePositive("smallEpsilon", smallEpsilon);
        requirePositive("gapDecades", gapDecades);
        requirePositive("rankCollapseFraction", rankCollapseFraction);
        requirePositive("edgeSigmas", edgeSigmas);
        requirePositive("bulkKsFactor", bulkKsFactor);
        requirePositive("separatedWidths", separatedWidths);
        requirePositive("fewNearEdgeFraction", fewNearEdgeFraction);
        requirePositive("maxSpikeFraction", maxSpikeFraction);
        requirePositive("shuffledShare", shuffledShare);
        requirePositive("heavyAlpha", heavyAlpha);
        requirePositive("heavyLambdaRatio", heavyLambdaRatio);
        if (fewNearEdgeMin < 0 || rankCollapseFraction > 1) {
            throw new IllegalArgumentException("need fewNearEdgeMin >= 0 and rankCollapseFraction <= 1");
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
