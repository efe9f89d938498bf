package org.immunorisk.models.trained;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Contribution;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.models.RiskModel;
import smile.math.MathEx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A multilayer perceptron trained by ImmunoRisk with Smile, served from the weights in its manifest
 * ({@link MlpArtifact}): inputs encoded and standardised as in training, then each layer computes
 * activation(bias + W·x) in the order Smile's BLAS loop adds the terms, so the probability equals Smile's to the
 * last bit (the training pipeline checks it on every patient). A few hundred multiply-adds: microseconds.
 *
 * <p>An MLP has no per-input coefficient, so each feature's contribution is an occlusion: the log-odds of the
 * patient minus the log-odds with that feature's column(s) set to the training mean (standardised value 0). It
 * says which inputs moved this patient's probability, not a causal effect.
 *
 * <p>Every input is required: a missing or unusable one (unknown code, negative value under a logarithm) is
 * reported and nothing is computed; nothing is imputed.
 */
public final class TrainedMlpModel implements RiskModel {

	private final MlpArtifact artifact;
	private final ModelDescription description;
	private final List<String> features;
	/** The joint and serology inputs: any of them on record makes the model applicable (age, sex, CRP alone do not). */
	private final List<String> domainFeatures;

	public TrainedMlpModel(MlpArtifact artifact) {
		this.artifact = artifact;
		Set<String> distinct = new LinkedHashSet<>();
		artifact.inputs().forEach(input -> distinct.add(input.feature()));
		this.features = List.copyOf(distinct);
		this.domainFeatures = features.stream()
				.filter(f -> !List.of("age", "sex", "crp", "esr").contains(f)).toList();
		this.description = artifact.describe(features);
		LogisticArtifact.RiskBand.requireOpenEnded(artifact.id(), artifact.riskBands());
	}

	public MlpArtifact artifact() {
		return artifact;
	}

	@Override
	public ModelDescription description() {
		return description;
	}

	@Override
	public boolean isApplicable(FeatureVector features) {
		return domainFeatures.stream().anyMatch(features::has);
	}

	/** The model columns of a patient, standardised; empty with the reasons when an input is missing or unusable. */
	public record Encoded(double[] z, Map<String, String> problems) {

		public boolean complete() {
			return problems.isEmpty();
		}
	}

	public Encoded encode(FeatureVector vector) {
		return encode(artifact.inputs(), vector);
	}

	/**
	 * The columns of {@code inputs} for a patient, standardised with their means and SDs. The training pipeline
	 * encodes its cohorts with this same method (first with mean 0 and SD 1 to get the raw columns).
	 */
	public static Encoded encode(List<MlpArtifact.Input> inputs, FeatureVector vector) {
		double[] z = new double[inputs.size()];
		Map<String, String> problems = new LinkedHashMap<>();
		for (int j = 0; j < inputs.size(); j++) {
			MlpArtifact.Input input = inputs.get(j);
			Optional<Double> x = raw(vector, input, problems);
			if (x.isPresent()) {
				z[j] = (x.get() - input.mean()) / input.sd();
			}
		}
		return new Encoded(z, problems);
	}

	private static Optional<Double> raw(FeatureVector vector, MlpArtifact.Input input, Map<String, String> problems) {
		String feature = input.feature();
		if (!vector.has(feature)) {
			problems.putIfAbsent(feature, vector.missingReason(feature).orElse("not recorded"));
			return Optional.empty();
		}
		switch (input.encoding()) {
			case MlpArtifact.Input.NUMBER, MlpArtifact.Input.LOG1P -> {
				Optional<Double> number = vector.number(feature);
				if (number.isEmpty() || !Double.isFinite(number.get())) {
					problems.putIfAbsent(feature, "not a number");
					return Optional.empty();
				}
				if (MlpArtifact.Input.NUMBER.equals(input.encoding())) {
					return number;
				}
				if (number.get() < 0) {
					problems.putIfAbsent(feature, "negative value " + number.get());
					return Optional.empty();
				}
				return Optional.of(Math.log1p(number.get()));
			}
			case MlpArtifact.Input.FLAG -> {
				Optional<Boolean> flag = vector.flag(feature);
				if (flag.isEmpty()) {
					problems.putIfAbsent(feature, "not a yes/no value");
					return Optional.empty();
				}
				return Optional.of(flag.get() ? 1.0 : 0.0);
			}
			default -> { // CODE
				Optional<String> code = vector.code(feature);
				if (code.isEmpty() || !input.allowedCodes().contains(code.get())) {
					problems.putIfAbsent(feature, code.map(c -> "code '" + c + "' is not one the model was trained on "
							+ input.allowedCodes()).orElse("not a code"));
					return Optional.empty();
				}
				return Optional.of(code.get().equals(input.code()) ? 1.0 : 0.0);
			}
		}
	}

	/**
	 * The output unit's pre-activation (log-odds) for standardised columns. Each unit starts from its bias and adds
	 * wᵢⱼ·xⱼ in column order: the order of the reference BLAS dgemv loop Smile's layers call in training.
	 */
	public double logit(double[] z) {
		double[] x = z;
		List<MlpArtifact.Layer> layers = artifact.layers();
		for (int l = 0; l < layers.size(); l++) {
			MlpArtifact.Layer layer = layers.get(l);
			double[] out = new double[layer.bias().length];
			for (int i = 0; i < out.length; i++) {
				double s = layer.bias()[i];
				double[] w = layer.weights()[i];
				for (int j = 0; j < x.length; j++) {
					s += x[j] * w[j];
				}
				out[i] = l == layers.size() - 1 ? s : activate(layer.activation(), s);
			}
			x = out;
		}
		return x[0];
	}

	/** The probability for standardised columns: Smile's logistic of {@link #logit}. */
	public double probability(double[] z) {
		return MathEx.logistic(logit(z));
	}

	private static double activate(String activation, double s) {
		return MlpArtifact.Layer.RELU.equals(activation) ? Math.max(0.0, s) : MathEx.logistic(s);
	}

	@Override
	public Prediction predict(FeatureVector features) {
		Encoded encoded = encode(features);
		if (!encoded.complete()) {
			List<String> missing = List.copyOf(encoded.problems().keySet());
			List<String> reasons = encoded.problems().entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
			return Prediction.notComputed(artifact.id(), missing, artifact.title() + ": not computed, missing or unusable "
					+ String.join(", ", reasons) + " (not imputed).");
		}
		double logit = logit(encoded.z());
		double probability = MathEx.logistic(logit);
		List<Contribution> factors = new ArrayList<>();
		for (String feature : this.features) {
			double[] occluded = encoded.z().clone();
			for (int j = 0; j < occluded.length; j++) {
				if (artifact.inputs().get(j).feature().equals(feature)) {
					occluded[j] = 0; // the training mean
				}
			}
			double delta = logit - logit(occluded);
			factors.add(new Contribution(feature, features.get(feature).orElseThrow().display(), delta, String.format(Locale.ROOT,
					"log-odds %+.2f against this input at its training mean (occlusion; not a causal effect)", delta)));
		}
		LogisticArtifact.RiskBand band = LogisticArtifact.RiskBand.of(artifact.riskBands(), probability);
		String summary = String.format(Locale.ROOT, "%s: probability %.0f%% (%s).%s", artifact.title(), probability * 100,
				band.category(), artifact.trainedOnSyntheticData() ? " Model trained on synthetic data; not clinically validated." : "");
		return new Prediction(artifact.id(), true, null, probability, RiskLevel.valueOf(band.risk().toUpperCase(Locale.ROOT)),
				band.category(), factors, List.of(), this.features, summary);
	}

}
