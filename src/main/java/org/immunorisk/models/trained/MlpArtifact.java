package org.immunorisk.models.trained;

import java.util.List;
import java.util.Map;

/**
 * A trained multilayer perceptron as shipped ({@code immunorisk/models/trained/<id>.json}, kind {@value #KIND}):
 * its inputs (how each model column is computed from a feature, and the training mean and SD that standardise
 * it), its layers' weights and biases as Smile 2.6.0's {@code smile.classification.MLP} learned them, risk
 * bands, provenance and metrics. The weights are in the manifest, not in a Java-serialised Smile object: the
 * server computes the forward pass itself ({@link TrainedMlpModel}), with no deserialisation of binaries and no
 * BLAS, and the training pipeline checks that this forward pass equals Smile's prediction for every patient.
 * Written by {@code org.immunorisk.training.UaRaMlpTraining}.
 *
 * @param inputs     model columns in the order of the first layer's weights
 * @param layers     hidden layers then the output layer (one sigmoid unit: the probability of the outcome)
 * @param riskBands  upper probability limits (exclusive) of each risk level, in order; the last level has none
 */
public record MlpArtifact(
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
		List<Layer> layers,
		List<LogisticArtifact.RiskBand> riskBands,
		Map<String, Object> provenance,
		Map<String, Object> metrics) implements TrainedManifest {

	public static final String KIND = "smile-mlp";

	public MlpArtifact {
		if (!KIND.equals(kind)) {
			throw new IllegalArgumentException(id + ": not a " + KIND + " manifest: " + kind);
		}
		if (layers.isEmpty() || layers.get(layers.size() - 1).bias().length != 1
				|| !Layer.SIGMOID.equals(layers.get(layers.size() - 1).activation())) {
			throw new IllegalArgumentException(id + ": the output layer must be one sigmoid unit");
		}
		int width = inputs.size();
		for (Layer layer : layers) {
			if (layer.weights().length != layer.bias().length) {
				throw new IllegalArgumentException(id + ": a layer has " + layer.weights().length + " weight rows for "
						+ layer.bias().length + " units");
			}
			for (double[] row : layer.weights()) {
				if (row.length != width) {
					throw new IllegalArgumentException(id + ": a layer expects " + row.length + " inputs, the one below gives " + width);
				}
			}
			width = layer.bias().length;
		}
	}

	/**
	 * One model column. {@code encoding}: {@value #NUMBER} (the value as is), {@value #LOG1P} (ln(1 + value), for
	 * right-skewed laboratory values and durations; the value must be ≥ 0), {@value #FLAG} (true 1, false 0) or
	 * {@value #CODE} (1 when the feature's code is {@code code}, else 0; a code outside {@code allowedCodes} makes
	 * the input missing rather than silently 0).
	 */
	public record Input(String name, String feature, String encoding, String code, List<String> allowedCodes, double mean,
			double sd) {

		public static final String NUMBER = "number";
		public static final String LOG1P = "log1p";
		public static final String FLAG = "flag";
		public static final String CODE = "code";

		public Input {
			if (!List.of(NUMBER, LOG1P, FLAG, CODE).contains(encoding)) {
				throw new IllegalArgumentException(name + ": unknown encoding " + encoding);
			}
			if (CODE.equals(encoding) && (code == null || allowedCodes == null || !allowedCodes.contains(code))) {
				throw new IllegalArgumentException(name + ": a code input needs its code among allowedCodes");
			}
		}
	}

	/**
	 * A fully connected layer: unit i computes activation(bias[i] + Σⱼ weights[i][j]·xⱼ). Activations:
	 * {@value #RELU} max(0, ·), {@value #SIGMOID} Smile's {@code MathEx.logistic}.
	 */
	public record Layer(String activation, double[][] weights, double[] bias) {

		public static final String RELU = "relu";
		public static final String SIGMOID = "sigmoid";

		public Layer {
			if (!RELU.equals(activation) && !SIGMOID.equals(activation)) {
				throw new IllegalArgumentException("unknown activation " + activation);
			}
		}
	}
}
