package org.immunorisk.models.trained;

import java.util.List;
import java.util.Map;

/**
 * A gradient-boosted tree model as shipped: this manifest ({@code immunorisk/models/trained/<id>.json}) and, beside
 * it, the fitted Smile {@code GradientTreeBoost} in Java serialization ({@link Binary#file()}; Smile's models are
 * {@code Serializable} and their trees do not fit in a few JSON numbers). The manifest names the inputs in the
 * model's column order, the SHA-256 of the binary (checked before it is read), the decision threshold and the
 * risk bands, the provenance and the cross-validated metrics. Written by
 * {@code org.immunorisk.training.TrainModels}; read by {@link TrainedGbmModel}.
 *
 * @param inputs     the model's inputs in the binary's column order (feature names of feature-definitions.json)
 * @param threshold  probability at or above which the outcome is predicted (Youden index of the cross-validation)
 * @param riskBands  upper probability limits (exclusive) of each risk level, in order; the last level has none
 */
public record GbmArtifact(
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
		Binary binary,
		double threshold,
		List<LogisticArtifact.RiskBand> riskBands,
		Map<String, Object> provenance,
		Map<String, Object> metrics) implements TrainedManifest {

	public static final String KIND = "smile-gbm";

	public GbmArtifact {
		if (!KIND.equals(kind)) {
			throw new IllegalArgumentException(id + ": not a " + KIND + " manifest: " + kind);
		}
		inputs = List.copyOf(inputs);
	}

	/**
	 * One input: its feature name, what it is (PyRadiomics column, lesion, series) and its unit, and the fitted
	 * model's split-gain importance (share of the total).
	 */
	public record Input(String name, String radiomicsFeature, String lesion, String series, String unit, double importance) {}

	/**
	 * The fitted model beside the manifest: file name, format (class and library version it needs) and SHA-256 of
	 * its bytes; {@code trees} and {@code shrinkage} let the served model put TreeSHAP values on the log-odds scale.
	 */
	public record Binary(String file, String format, String sha256, int trees, double shrinkage) {}
}
