package io.esdmon.dashboard;

import io.esdmon.phases.Phase;
import java.util.Optional;

/**
 * The phase colours of the dashboard: the Okabe–Ito palette, which people with the common colour
 * vision deficiencies can tell apart. The order follows the progression: cool colours for random
 * like layers, warm for heavy tails, purple for the off-progression rank collapse, and white with a grey
 * outline for Undetermined: no verdict, and unlike the solid grey of unclassified analyses.
 */
public final class PhasePalette {

    /** Colour of analyses without a phase (and of skipped layers, drawn hatched). */
    public static final String UNCLASSIFIED = "#999999";
    /** Outline drawn around the colours that would vanish on the page's white. */
    public static final String OUTLINE = "#555555";

    private PhasePalette() {
    }

    /** The colour of a phase as {@code #rrggbb}. */
    public static String color(Phase phase) {
        return switch (phase) {
            case RANDOM_LIKE -> "#56B4E9";      // sky blue
            case BLEEDING_OUT -> "#009E73";     // bluish green
            case BULK_PLUS_SPIKES -> "#F0E442"; // yellow
            case BULK_DECAY -> "#E69F00";       // orange
            case HEAVY_TAILED -> "#D55E00";     // vermillion
            case RANK_COLLAPSE -> "#CC79A7";    // reddish purple
            case UNDETERMINED -> "#FFFFFF";     // white: no verdict
        };
    }

    /** The outline a phase's colour is drawn with, if it needs one (white on the white page). */
    public static Optional<String> outline(Phase phase) {
        return phase == Phase.UNDETERMINED ? Optional.of(OUTLINE) : Optional.empty();
    }
}
