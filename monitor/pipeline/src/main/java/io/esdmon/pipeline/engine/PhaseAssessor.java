package io.esdmon.pipeline.engine;

import io.esdmon.engine.LayerAnalysis;
import io.esdmon.phases.ClassifierConfig;
import io.esdmon.phases.PhaseClassifier;
import io.esdmon.proto.PhaseAssessment;
import io.esdmon.wire.DeterministicIds;
import io.esdmon.wire.analysis.PhaseMessages;

/**
 * Classifies an analyzed layer on the engine pool, where the full engine result (eigenvalues and the
 * shuffled spectrum, which the LayerAnalysis record does not carry) is still at hand.
 */
public final class PhaseAssessor {

    private final PhaseClassifier classifier;
    private final String classifierConfigId;

    public PhaseAssessor(ClassifierConfig config) {
        this.classifier = new PhaseClassifier(config.thresholds());
        this.classifierConfigId = DeterministicIds.classifierConfigId(config);
    }

    /** The layer's phase, margin, deciding rule and evidence; spectrum-only analyses have no shuffled spectrum. */
    public PhaseAssessment assess(LayerAnalysis analysis) {
        return PhaseMessages.assessment(classifier.classify(analysis), classifierConfigId);
    }

    public String classifierConfigId() {
        return classifierConfigId;
    }
}
