package org.immunorisk.models.trained;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Contribution;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.models.RiskModel;
import org.immunorisk.survival.Features;
import org.immunorisk.survival.RandomSurvivalForest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A random survival forest trained by ImmunoRisk, served from its manifest and forest binary. The score is the
 * ensemble mortality (Ishwaran et al. 2008: the forest's cumulative hazard summed over the training death times, an
 * expected number of deaths, higher = worse); the patient is in the high-risk group when it exceeds the threshold the
 * manifest gives (the discovery cohort's median), else in the low-risk group. A forest has no additive
 * contributions, so each factor says where the patient's value lies against the discovery median instead. Every input
 * is required: a missing one is reported, never imputed.
 */
public final class TrainedSurvivalForestModel implements RiskModel {

	private final ForestArtifact artifact;
	private final RandomSurvivalForest forest;
	private final ModelDescription description;
	private final List<String> inputNames;
	private final List<Map<String, Double>> codeValues; // per input: empty for numbers, else code → forest number
	private final List<String> medianWording;

	public TrainedSurvivalForestModel(ForestArtifact artifact, RandomSurvivalForest forest) {
		this.artifact = artifact;
		this.forest = forest;
		this.inputNames = artifact.inputs().stream().map(ForestArtifact.Input::name).toList();
		if (!forest.names().equals(inputNames)) {
			throw new IllegalArgumentException(artifact.id() + ": the forest's variables " + forest.names()
					+ " are not the manifest's inputs " + inputNames);
		}
		this.codeValues = artifact.inputs().stream().map(TrainedSurvivalForestModel::encodings).toList();
		// Worded once: String.format per factor and patient would cost more than walking the thousand trees.
		this.medianWording = artifact.inputs().stream()
				.map(i -> " the training (discovery) cohort's median (" + fmt(i.discoveryMedian()) + ")").toList();
		this.description = artifact.describe(inputNames);
	}

	/**
	 * Reads the forest the manifest names from beside it and checks it is the one trained (SHA-256), so a forest
	 * swapped or damaged after training stops the start instead of scoring patients.
	 */
	public static TrainedSurvivalForestModel load(ForestArtifact artifact, TrainedModels.Sibling sibling) throws IOException {
		byte[] bytes;
		try (InputStream in = sibling.open(artifact.forest())) {
			bytes = in.readAllBytes();
		}
		String sha256;
		try {
			sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		if (!sha256.equals(artifact.forestSha256())) {
			throw new IOException(artifact.id() + ": forest " + artifact.forest() + " has SHA-256 " + sha256
					+ ", the manifest expects " + artifact.forestSha256());
		}
		RandomSurvivalForest forest = RandomSurvivalForest.read(new ByteArrayInputStream(bytes));
		if (forest.treeCount() != artifact.trees()) {
			throw new IOException(artifact.id() + ": forest has " + forest.treeCount() + " trees, the manifest says " + artifact.trees());
		}
		return new TrainedSurvivalForestModel(artifact, forest);
	}

	public ForestArtifact artifact() {
		return artifact;
	}

	@Override
	public ModelDescription description() {
		return description;
	}

	/**
	 * Applicable once any plasma cytokine input is on record: the clinical inputs (albumin, NLR, BMI) are on record
	 * for many patients outside the study's setting, and running the model for them would only list missing cytokines.
	 */
	@Override
	public boolean isApplicable(FeatureVector features) {
		return artifact.inputs().stream().anyMatch(i -> i.cytokine() && features.has(i.name()));
	}

	@Override
	public Prediction predict(FeatureVector features) {
		List<String> missing = new ArrayList<>();
		double[] values = new double[inputNames.size()];
		for (int j = 0; j < values.length; j++) {
			ForestArtifact.Input input = artifact.inputs().get(j);
			Double value = numeric(input, codeValues.get(j), features);
			if (value == null) {
				missing.add(input.name());
			} else {
				values[j] = value;
			}
		}
		if (!missing.isEmpty()) {
			return Prediction.notComputed(artifact.id(), missing, artifact.title() + ": not computed, missing "
					+ String.join(", ", missing) + " (not imputed)." + synthetic());
		}
		Features.Builder row = Features.builder();
		for (int j = 0; j < values.length; j++) {
			row.numeric(inputNames.get(j), new double[] {values[j]});
		}
		double mortality = forest.mortality(row.build())[0];
		boolean high = mortality > artifact.riskThreshold();
		ForestArtifact.RiskGroup group = high ? artifact.highRisk() : artifact.lowRisk();
		List<Contribution> factors = new ArrayList<>();
		for (int j = 0; j < values.length; j++) {
			ForestArtifact.Input input = artifact.inputs().get(j);
			String position = values[j] > input.discoveryMedian() ? "above" : values[j] < input.discoveryMedian() ? "below" : "at";
			factors.add(new Contribution(input.name(), shown(input, codeValues.get(j), features, values[j]), null,
					position + medianWording.get(j)));
		}
		String summary = String.format(Locale.ROOT, "%s: ensemble mortality %.2f, %s (threshold %.2f, the training"
				+ " (discovery) cohort's median).%s", artifact.title(), mortality, group.category(), artifact.riskThreshold(), synthetic());
		return new Prediction(artifact.id(), true, mortality, null, RiskLevel.valueOf(group.risk().toUpperCase(Locale.ROOT)),
				group.category(), factors, List.of(), inputNames, summary);
	}

	private String synthetic() {
		return artifact.trainedOnSyntheticData() ? " Model trained on synthetic data; not clinically validated." : "";
	}

	/** The forest's number for an input, or null when the record lacks it or holds a value the encoding does not know. */
	private static Double numeric(ForestArtifact.Input input, Map<String, Double> codes, FeatureVector features) {
		if (codes.isEmpty()) {
			return features.number(input.name()).orElse(null);
		}
		return features.code(input.name()).map(codes::get).orElse(null);
	}

	/** "value" → empty (numbers used as they are); "male=1,female=0" → the codes and their numbers. */
	private static Map<String, Double> encodings(ForestArtifact.Input input) {
		Map<String, Double> codes = new LinkedHashMap<>();
		if ("value".equals(input.encoding())) {
			return Map.of();
		}
		for (String pair : input.encoding().split(",")) {
			String[] parts = pair.split("=");
			if (parts.length != 2) {
				throw new IllegalArgumentException(input.name() + ": encoding '" + input.encoding()
						+ "' is neither 'value' nor code=number pairs");
			}
			codes.put(parts[0].trim(), Double.parseDouble(parts[1].trim()));
		}
		return java.util.Collections.unmodifiableMap(codes);
	}

	private static String shown(ForestArtifact.Input input, Map<String, Double> codes, FeatureVector features, double value) {
		String unit = input.unit() == null ? "" : " " + input.unit();
		return codes.isEmpty() ? fmt(value) + unit : features.code(input.name()).orElseThrow();
	}

	/** Whole numbers without decimals, others to 2 decimals (cheap: no String.format on the scoring path). */
	static String fmt(double value) {
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		return java.math.BigDecimal.valueOf(value).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
	}
}
