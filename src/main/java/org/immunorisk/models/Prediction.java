package org.immunorisk.models;

import java.util.List;

/**
 * What a model says about one patient.
 *
 * @param modelId       the model's id
 * @param computed      false when required inputs are missing and the model cannot say anything
 * @param score         the score (points, index), if the model has one
 * @param probability   probability of the outcome on a 0–1 scale, if the model gives one
 * @param risk          qualitative risk of the outcome
 * @param category      the model's own category, in its words ("classified", "definite", "poor", "high")
 * @param factors       contributing factors with their values and points
 * @param missingInputs inputs the model needed but the record lacks (reported, never guessed)
 * @param inputsUsed    the inputs the result rests on (their resources become RiskAssessment.basis)
 * @param summary       one sentence for a clinician
 */
public record Prediction(
		String modelId,
		boolean computed,
		Double score,
		Double probability,
		RiskLevel risk,
		String category,
		List<Contribution> factors,
		List<String> missingInputs,
		List<String> inputsUsed,
		String summary) {

	public Prediction {
		factors = List.copyOf(factors);
		missingInputs = List.copyOf(missingInputs);
		inputsUsed = List.copyOf(inputsUsed);
		if (probability != null && (probability < 0 || probability > 1)) {
			throw new IllegalArgumentException("probability must be on a 0-1 scale: " + probability);
		}
		if (computed && risk == null && probability == null) {
			throw new IllegalArgumentException(modelId + ": a computed prediction needs a probability or a risk level");
		}
	}

	/** A model that could not compute because required inputs are missing. */
	public static Prediction notComputed(String modelId, List<String> missingInputs, String summary) {
		return new Prediction(modelId, false, null, null, null, null, List.of(), missingInputs, List.of(), summary);
	}
}
