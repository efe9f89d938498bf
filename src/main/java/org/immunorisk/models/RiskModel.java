package org.immunorisk.models;

import org.immunorisk.features.FeatureVector;

/**
 * A risk model: published score, decision rule or trained model. Stateless and thread-safe; it never touches
 * FHIR or HTTP (the assessment service does), so the same prediction serves $risk-assess and CDS cards.
 */
public interface RiskModel {

	ModelDescription description();

	/** Predicts from the patient's inputs; missing required inputs are reported in the prediction. */
	Prediction predict(FeatureVector features);

	/**
	 * Whether the patient has data in this model's domain at all (so running it is meaningful). By default:
	 * any input other than age and sex is present.
	 */
	default boolean isApplicable(FeatureVector features) {
		return description().inputs().stream()
				.filter(input -> !input.equals("age") && !input.equals("sex"))
				.anyMatch(features::has);
	}
}
