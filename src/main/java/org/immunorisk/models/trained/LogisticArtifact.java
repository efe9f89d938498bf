package org.immunorisk.models.trained;

import java.util.List;
import java.util.Map;

/**
 * A trained logistic-regression model as shipped ({@code immunorisk/models/trained/<id>.json}): what it predicts,
 * its inputs with the training set's means and standard deviations (inputs are standardised before the
 * coefficients apply), the fitted coefficients, the risk bands, and its provenance and held-out metrics. Written
 * by {@code org.immunorisk.training.TrainModels}; read by {@link TrainedLogisticModel}.
 *
 * @param riskBands    upper probability limits (exclusive) of each risk level, in order; the last level has none
 * @param provenance   seed, generator, cohort hash and size, library and version, hyper-parameters
 * @param metrics      held-out AUROC with its 95% CI, and the sizes it was computed on
 */
public record LogisticArtifact(
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
		double intercept,
		List<RiskBand> riskBands,
		Map<String, Object> provenance,
		Map<String, Object> metrics) implements TrainedManifest {

	public static final String KIND = "logistic-regression";

	public LogisticArtifact {
		if (!KIND.equals(kind)) {
			throw new IllegalArgumentException(id + ": not a " + KIND + " manifest: " + kind);
		}
	}

	/** One input: its feature name, the training mean and SD used to standardise it, and its coefficient. */
	public record Input(String name, double mean, double sd, double coefficient) {}

	/** Probabilities below {@code below} (or any, when null) get this risk level and category. */
	public record RiskBand(Double below, String risk, String category) {

		/** The band a probability falls in: the first whose upper limit it is under, else the open-ended last one. */
		public static RiskBand of(List<RiskBand> bands, double probability) {
			for (RiskBand band : bands) {
				if (band.below() == null || probability < band.below()) {
					return band;
				}
			}
			throw new IllegalStateException("unreachable: the last band is open-ended");
		}

		/** Every probability must fall in a band: refuses a manifest whose last band has an upper limit. */
		public static void requireOpenEnded(String modelId, List<RiskBand> bands) {
			if (bands.isEmpty() || bands.get(bands.size() - 1).below() != null) {
				throw new IllegalArgumentException(modelId + ": the last risk band must be open-ended");
			}
		}
	}
}
