package io.esdmon.dashboard.store;

import io.esdmon.phases.Phase;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.wire.analysis.PhaseMessages;

/**
 * A point's phase as one byte: {@link Phase#code()} for the phases (Undetermined included), and two
 * codes of the dashboard's own for analyses without a phase.
 */
public final class PhaseCode {

    /** The analysis carried no phase, or one this dashboard does not know. */
    public static final byte UNCLASSIFIED = -1;
    /** The engine skipped the layer (too small or too large); nothing to classify. */
    public static final byte SKIPPED = -2;

    private PhaseCode() {
    }

    /**
     * The code of the phase the dashboard shows for an analysis: the layer's tracked (confirmed) phase, else
     * the snapshot's own ({@link PhaseMessages#shownPhase}).
     */
    public static byte of(LayerAnalysis a) {
        if (a.hasSkipped()) {
            return SKIPPED;
        }
        return ofName(PhaseMessages.shownPhase(a.getPhase()));
    }

    /** The code of a phase name as it travels ("HEAVY_TAILED"), UNCLASSIFIED for an empty or unknown name. */
    public static byte ofName(String name) {
        for (Phase p : Phase.values()) {
            if (p.name().equals(name)) {
                return (byte) p.code();
            }
        }
        return UNCLASSIFIED;
    }

    /** The name of a code: the phase's name, "UNCLASSIFIED" or "SKIPPED". */
    public static String name(byte code) {
        if (code == SKIPPED) {
            return "SKIPPED";
        }
        if (code < 0 || code >= Phase.values().length) {
            return "UNCLASSIFIED";
        }
        return Phase.values()[code].name();
    }
}
