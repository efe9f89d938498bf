package org.immunorisk.models;

/** How a model came to be: it decides the evidence wording shown wherever its output appears. */
public enum ModelKind {
	/** A published, validated clinical score implemented exactly as its paper gives it. */
	PUBLISHED_SCORE,
	/** Flags or rules from a study, without a validated point score. */
	DECISION_RULE,
	/** A machine-learning model trained by ImmunoRisk (on synthetic data unless its card says otherwise). */
	TRAINED_MODEL
}
