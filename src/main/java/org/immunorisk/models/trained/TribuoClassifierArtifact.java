package org.immunorisk.models.trained;

import org.immunorisk.features.FeatureVector;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A classifier trained with Tribuo, as shipped: this manifest ({@code immunorisk/models/trained/<id>.json}) plus the
 * Tribuo model beside it ({@link #modelFile()}: Tribuo 4.3's protobuf format, {@code Model.serializeToStream},
 * gzip-compressed). The manifest says how each Tribuo feature is made from ImmunoRisk's inputs, so training and
 * serving encode a patient the same way, which variant of the model applies when an input is missing, the risk
 * bands, and the provenance (Tribuo's included) and metrics. Written by {@code org.immunorisk.training}; read by
 * {@link TrainedTribuoClassifier}.
 *
 * @param inputs        feature-definitions.json names the model reads (each is required)
 * @param features      the Tribuo features, in order, and how each is computed from {@code inputs}
 * @param domainInputs  the model applies to a patient with at least one of these on record (its clinical domain)
 * @param alternative   a variant to use instead when one of its {@code whenMissing} inputs is missing (then this
 *                      model does not apply), or null
 * @param alternativeTo the model this one replaces when all of its {@code whenMissing} inputs are missing (this
 *                      model applies only then), or null
 * @param positiveLabel the Tribuo label whose probability the model serves
 * @param modelSha256   SHA-256 of the uncompressed protobuf bytes (checked when loading)
 * @param riskBands     upper probability limits (exclusive) of each risk level, in order; the last is open-ended
 */
public record TribuoClassifierArtifact(
		String kind,
		String id,
		String version,
		String title,
		String outcome,
		String intendedUse,
		String citation,
		String evidenceLevel,
		boolean trainedOnSyntheticData,
		List<String> inputs,
		List<Feature> features,
		List<String> domainInputs,
		Variant alternative,
		Variant alternativeTo,
		String positiveLabel,
		String modelFile,
		String modelFormat,
		String modelSha256,
		List<LogisticArtifact.RiskBand> riskBands,
		Map<String, Object> provenance,
		Map<String, Object> metrics) implements TrainedManifest {

	public static final String KIND = "tribuo-classifier";

	public TribuoClassifierArtifact {
		if (!KIND.equals(kind)) {
			throw new IllegalArgumentException(id + ": not a " + KIND + " manifest: " + kind);
		}
		for (Feature feature : features) {
			if (!inputs.contains(feature.input())) {
				throw new IllegalArgumentException(id + ": feature " + feature.name() + " reads " + feature.input()
						+ ", which is not among the inputs " + inputs);
			}
		}
	}

	/** Another model of the same study, used in place of one when the inputs {@code whenMissing} are missing. */
	public record Variant(String model, List<String> whenMissing) {}

	/**
	 * One Tribuo feature and how it is made from an ImmunoRisk input: {@code number} (the input's value, in the
	 * canonical unit of feature-definitions.json), {@code indicator} (1 when the input's code, or one of its codes,
	 * is {@code code}, else 0) or {@code count} (how many codes the input has).
	 *
	 * @param codes          for an indicator of a single-code input: the codes the model knows (any other is
	 *                       treated as missing, not as 0); null when any code is allowed
	 * @param trainingMedian the feature's median in the training data, for context on cards
	 */
	public record Feature(String name, String input, String encoding, String code, List<String> codes, double trainingMedian) {

		public static final String NUMBER = "number";
		public static final String INDICATOR = "indicator";
		public static final String COUNT = "count";

		public Feature {
			if (!List.of(NUMBER, INDICATOR, COUNT).contains(encoding)) {
				throw new IllegalArgumentException(name + ": unknown encoding " + encoding);
			}
			if (INDICATOR.equals(encoding) && code == null) {
				throw new IllegalArgumentException(name + ": an indicator needs a code");
			}
		}

		/**
		 * The feature's value for a patient, or empty when its input is missing or has a code the model does not
		 * know. Training encodes the synthetic patients through this same method.
		 */
		public Optional<Double> value(FeatureVector patient) {
			switch (encoding) {
				case NUMBER:
					return patient.number(input);
				case COUNT:
					return patient.has(input) ? Optional.of((double) patient.codes(input).size()) : Optional.empty();
				default:
					if (!patient.has(input)) {
						return Optional.empty();
					}
					Optional<String> single = patient.code(input);
					if (single.isPresent()) {
						if (codes != null && !codes.contains(single.get())) {
							return Optional.empty();
						}
						return Optional.of(single.get().equals(code) ? 1.0 : 0.0);
					}
					return Optional.of(patient.codes(input).contains(code) ? 1.0 : 0.0);
			}
		}
	}
}
