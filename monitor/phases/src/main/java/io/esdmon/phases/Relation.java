package io.esdmon.phases;

/** How a signal compared with its threshold; {@link #NONE} for a signal that is only reported. */
public enum Relation {
    AT_LEAST(">="),
    BELOW("<"),
    ABOVE(">"),
    AT_MOST("<="),
    NONE("");

    private final String symbol;

    Relation(String symbol) {
        this.symbol = symbol;
    }

    /** The comparison as written on the wire: ">=", "<", ">", "<=" or "". */
    public String symbol() {
        return symbol;
    }
}
