package org.immunorisk.models.trained;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Contribution;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.models.RiskModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A logistic-regression model trained by ImmunoRisk, served from its artifact: p = 1 / (1 + e^-(b0 + Σ bᵢ zᵢ)) with
 * zᵢ = (xᵢ − meanᵢ) / sdᵢ. Each input's contribution is its term bᵢ zᵢ on the log-odds scale, so a card can say
 * which signature pushed the probability up. Every input is required: a missing one is reported, never imputed.
 */
public final class TrainedLogisticModel implements RiskModel {

	private final LogisticArtifact artifact;
	private final ModelDescription description;

	public TrainedLogisticModel(LogisticArtifact artifact) {
		this.artifact = artifact;
		this.description = artifact.describe(artifact.inputs().stream().map(LogisticArtifact.Input::name).toList());
		LogisticArtifact.RiskBand.requireOpenEnded(artifact.id(), artifact.riskBands());
	}

	public LogisticArtifact artifact() {
		return artifact;
	}

	@Override
	public ModelDescription description() {
		return description;
	}

	/** Applicable when any of its inputs is on record (then the rest are reported missing). */
	@Override
	public boolean isApplicable(FeatureVector features) {
		return artifact.inputs().stream().anyMatch(i -> features.has(i.name()));
	}

	@Override
	public Prediction predict(FeatureVector features) {
		List<String> missing = artifact.inputs().stream().map(LogisticArtifact.Input::name)
				.filter(name -> features.number(name).isEmpty()).toList();
		if (!missing.isEmpty()) {
			return Prediction.notComputed(artifact.id(), missing, artifact.title() + ": not computed, missing "
					+ String.join(", ", missing) + " (not imputed).");
		}
		double logit = artifact.intercept();
		List<Contribution> factors = new ArrayList<>();
		for (LogisticArtifact.Input input : artifact.inputs()) {
			double value = features.number(input.name()).orElseThrow();
			double term = input.coefficient() * (value - input.mean()) / input.sd();
			logit += term;
			factors.add(new Contribution(input.name(), fmt(value), term, String.format(Locale.ROOT,
					"log-odds %+.2f (training mean %.2f, SD %.2f)", term, input.mean(), input.sd())));
		}
		double probability = 1 / (1 + Math.exp(-logit));
		LogisticArtifact.RiskBand band = LogisticArtifact.RiskBand.of(artifact.riskBands(), probability);
		List<String> used = artifact.inputs().stream().map(LogisticArtifact.Input::name).toList();
		String summary = String.format(Locale.ROOT, "%s: probability %.0f%% (%s).%s", artifact.title(), probability * 100,
				band.category(), artifact.trainedOnSyntheticData()
						? " Model trained on synthetic data; not clinically validated." : "");
		return new Prediction(artifact.id(), true, null, probability, RiskLevel.valueOf(band.risk().toUpperCase(Locale.ROOT)),
				band.category(), factors, List.of(), used, summary);
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%.2f", value);
	}
}
