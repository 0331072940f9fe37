package io.esdmon.wire;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.phases.ClassifierConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ids that depend only on what they identify, so redeliveries, re-uploads and replays produce the
 * same id and consumers can de-duplicate. Each is the first 16 bytes of SHA-256, in lowercase hex,
 * of the UTF-8 fields joined by NUL (U+0000) after a type tag; docs/wire-format.md shows the
 * one-line Python equivalent.
 */
public final class DeterministicIds {

    private DeterministicIds() {
    }

    /** Id of the analysis of (run, layer, step) under an analysis config. */
    public static String analysisId(String runId, String layer, long step, String configId) {
        return digest("esdmon.analysis.v1", runId, layer, Long.toString(step), configId);
    }

    /** Id of a phase transition confirmed at (run, layer, step) under an analysis and a classifier config. */
    public static String transitionId(String runId, String layer, long step, String configId,
            String classifierConfigId) {
        return digest("esdmon.transition.v1", runId, layer, Long.toString(step), configId, classifierConfigId);
    }

    /**
     * Id of an analysis config: {@code "cfg-"} and 12 hex digits of the digest of every option, as the
     * record prints itself ({@code AnalysisOptions[minEvals=10, maxEvals=15000, ...]}, component names
     * in declaration order, Java's decimals), so any change of any option gives a new id. Adding a
     * component to {@link AnalysisOptions} changes every id: a new engine knob is a new config.
     */
    public static String configId(AnalysisOptions options) {
        return "cfg-" + digest("esdmon.config.v1", options.toString()).substring(0, 12);
    }

    /**
     * Id of a phase classifier config (thresholds, hysteresis and rules version): {@code "phc-"} and
     * 12 hex digits of the digest of {@link ClassifierConfig#canonicalText()}, so a replay with other
     * thresholds or another dwell is told apart.
     */
    public static String classifierConfigId(ClassifierConfig config) {
        return "phc-" + digest("esdmon.classifier.v1", config.canonicalText()).substring(0, 12);
    }

    static String digest(String tag, String... fields) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        sha.update(tag.getBytes(StandardCharsets.UTF_8));
        for (String f : fields) {
            sha.update((byte) 0);
            sha.update(f.getBytes(StandardCharsets.UTF_8));
        }
        byte[] d = sha.digest();
        return HexFormat.of().formatHex(d, 0, 16);
    }
}
