package org.immunorisk.models.trained;

import java.util.List;
import java.util.Map;

/**
 * A trained random survival forest as shipped: the manifest ({@code immunorisk/models/trained/<id>.json}) says what
 * the model predicts, its inputs (the forest's variables, in order), the risk-group threshold and where the forest
 * itself is; the forest is a binary beside it ({@link #forest()}, written by
 * {@code org.immunorisk.survival.RandomSurvivalForest#write}) because a thousand trees do not belong in JSON. Written
 * by {@code org.immunorisk.training.TrainModels}; served by {@link TrainedSurvivalForestModel}.
 *
 * @param forest        file name of the forest binary, in the manifest's folder
 * @param forestSha256  SHA-256 of that file: the loader refuses a forest that is not the one trained
 * @param riskThreshold ensemble mortality above which a patient is in the high-risk group (the discovery cohort's
 *                      median out-of-bag ensemble mortality)
 * @param highRisk      risk level and category of the high-risk group
 * @param lowRisk       risk level and category of the low-risk group
 * @param provenance    seed, generator, cohort hash and size, library, hyper-parameters
 * @param metrics       discovery and validation metrics with 95% CIs, beside the published figures
 */
public record ForestArtifact(
		String kind,
		String id,
		String version,
		String title,
		String outcome,
		String intendedUse,
		String citation,
		String evidenceLevel,
		boolean trainedOnSyntheticData,
		List<Input> inputs,
		String forest,
		String forestSha256,
		int trees,
		double riskThreshold,
		RiskGroup highRisk,
		RiskGroup lowRisk,
		Map<String, Object> provenance,
		Map<String, Object> metrics) implements TrainedManifest {

	public static final String KIND = "random-survival-forest";

	public ForestArtifact {
		if (!KIND.equals(kind)) {
			throw new IllegalArgumentException(id + ": not a " + KIND + " manifest: " + kind);
		}
		if (inputs == null || inputs.isEmpty()) {
			throw new IllegalArgumentException(id + ": a forest needs inputs");
		}
		inputs = List.copyOf(inputs);
	}

	/**
	 * One input, in forest order: its feature name, its unit, how the feature's value becomes the forest's number
	 * ({@code encoding}: {@code value} as is, or {@code male=1,female=0} for a coded input), whether it is a plasma
	 * cytokine (the model is applicable once any cytokine is on record) and its median in the discovery cohort.
	 */
	public record Input(String name, String unit, String encoding, boolean cytokine, double discoveryMedian) {}

	/** How a risk group is reported: risk-probability code and the model's own category. */
	public record RiskGroup(String risk, String category) {}
}
