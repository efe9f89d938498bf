package org.immunorisk.models.trained;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Contribution;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.models.RiskModel;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * A Tribuo classifier trained by ImmunoRisk (e.g. the IgG4-RD random forest), served from its manifest and model
 * file: the patient's inputs are encoded as the manifest says, the Tribuo model gives the probability of
 * {@code positiveLabel} (a forest's vote through {@link TreeVote}, exactly Tribuo's and faster), and the risk
 * bands turn it into a level. Every input is required: a missing one is
 * reported, never imputed. When the manifest names a variant trained without an input (serum IgG4), this model
 * steps aside for it when that input is missing, and says so.
 */
public final class TrainedTribuoClassifier implements RiskModel {

	private final TribuoClassifierArtifact artifact;
	private final Model<Label> model;
	private final ModelDescription description;
	/** Present for a forest whose vote is computed by walking its trees (exactly Tribuo's, much faster). */
	private final Optional<TreeVote> vote;

	public TrainedTribuoClassifier(TribuoClassifierArtifact artifact, Model<Label> model, Optional<TreeVote> vote) {
		this.artifact = artifact;
		this.model = model;
		this.vote = vote;
		this.description = artifact.describe(artifact.inputs());
		LogisticArtifact.RiskBand.requireOpenEnded(artifact.id(), artifact.riskBands());
		if (!model.generatesProbabilities()) {
			throw new IllegalArgumentException(artifact.id() + ": the Tribuo model gives no probabilities");
		}
		if (model.getOutputIDInfo().getID(new Label(artifact.positiveLabel())) < 0) {
			throw new IllegalArgumentException(artifact.id() + ": the Tribuo model has no label " + artifact.positiveLabel());
		}
		Set<String> known = new TreeSet<>();
		model.getFeatureIDMap().forEach(info -> known.add(info.getName()));
		Set<String> declared = new TreeSet<>(artifact.features().stream().map(TribuoClassifierArtifact.Feature::name).toList());
		if (!declared.containsAll(known)) { // a feature the trees split on but the manifest cannot compute
			known.removeAll(declared);
			throw new IllegalArgumentException(artifact.id() + ": the Tribuo model uses features the manifest does not define: " + known);
		}
	}

	/** Reads the model file the manifest names (gzip of Tribuo protobuf) and checks it is the one trained. */
	public static TrainedTribuoClassifier load(TribuoClassifierArtifact artifact, TrainedModels.Sibling sibling) throws IOException {
		byte[] proto;
		try (InputStream in = new GZIPInputStream(sibling.open(artifact.modelFile()))) {
			proto = in.readAllBytes();
		}
		String sha256 = sha256(proto);
		if (!sha256.equals(artifact.modelSha256())) {
			throw new IllegalStateException(artifact.id() + ": " + artifact.modelFile() + " is not the model the manifest describes"
					+ " (SHA-256 " + sha256 + ", manifest " + artifact.modelSha256() + ")");
		}
		ModelProto parsed = ModelProto.parseFrom(proto);
		Model<?> model = Model.deserialize(parsed);
		if (!model.validate(Label.class)) {
			throw new IllegalStateException(artifact.id() + ": " + artifact.modelFile() + " is not a Tribuo classifier");
		}
		Model<Label> classifier = model.castModel(Label.class);
		return new TrainedTribuoClassifier(artifact, classifier, TreeVote.of(classifier, parsed));
	}

	/** The probability of the positive label for an encoded patient. */
	double probability(ArrayExample<Label> example) {
		return vote.isPresent() ? vote.get().probability(example, artifact.positiveLabel())
				: model.predict(example).getOutputScores().get(artifact.positiveLabel()).getScore();
	}

	boolean walksTreesDirectly() {
		return vote.isPresent();
	}

	public TribuoClassifierArtifact artifact() {
		return artifact;
	}

	@Override
	public ModelDescription description() {
		return description;
	}

	/**
	 * Applicable when an input of its domain is on record, and: for a model with an alternative, none of the inputs
	 * the alternative stands in for is missing; for the alternative, all of them are (so exactly one variant runs).
	 */
	@Override
	public boolean isApplicable(FeatureVector features) {
		if (artifact.domainInputs().stream().noneMatch(features::has)) {
			return false;
		}
		if (artifact.alternative() != null && !artifact.alternative().whenMissing().stream().allMatch(features::has)) {
			return false;
		}
		return artifact.alternativeTo() == null || artifact.alternativeTo().whenMissing().stream().noneMatch(features::has);
	}

	/** The patient as a Tribuo example, encoded as the manifest says; inputs that cannot be encoded go to {@code missing}. */
	private ArrayExample<Label> example(FeatureVector features, Set<String> missing) {
		List<TribuoClassifierArtifact.Feature> encoding = artifact.features();
		String[] names = new String[encoding.size()];
		double[] values = new double[encoding.size()];
		for (int i = 0; i < encoding.size(); i++) {
			TribuoClassifierArtifact.Feature feature = encoding.get(i);
			Optional<Double> value = feature.value(features);
			names[i] = feature.name();
			if (value.isEmpty()) {
				missing.add(feature.input());
			} else {
				values[i] = value.get();
			}
		}
		return new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, values);
	}

	/** Tribuo's own {@code predict} on a complete patient, to check the direct tree walk against. */
	double tribuoProbability(FeatureVector features) {
		Set<String> missing = new LinkedHashSet<>();
		ArrayExample<Label> example = example(features, missing);
		if (!missing.isEmpty()) {
			throw new IllegalArgumentException("missing " + missing);
		}
		return model.predict(example).getOutputScores().get(artifact.positiveLabel()).getScore();
	}

	@Override
	public Prediction predict(FeatureVector features) {
		Set<String> missing = new LinkedHashSet<>();
		ArrayExample<Label> example = example(features, missing);
		if (!missing.isEmpty()) {
			List<String> missingInputs = artifact.inputs().stream().filter(missing::contains).toList();
			String summary = artifact.title() + ": not computed, missing " + String.join(", ", missingInputs) + " (not imputed).";
			if (artifact.alternative() != null && artifact.alternative().whenMissing().stream().anyMatch(missing::contains)) {
				summary += " Without " + String.join(", ", artifact.alternative().whenMissing()) + " the variant trained without it, "
						+ artifact.alternative().model() + ", applies.";
			}
			return Prediction.notComputed(artifact.id(), missingInputs, summary);
		}
		double probability = probability(example);
		LogisticArtifact.RiskBand band = LogisticArtifact.RiskBand.of(artifact.riskBands(), probability);
		List<Contribution> factors = new ArrayList<>();
		for (String input : artifact.inputs()) {
			factors.add(new Contribution(input, features.get(input).orElseThrow().display(), null, explanation(input)));
		}
		String summary = String.format(Locale.ROOT, "%s: probability of %s %.0f%% (%s).%s", artifact.title(),
				artifact.positiveLabel(), probability * 100, band.category(), artifact.trainedOnSyntheticData()
						? " Model trained on synthetic data; not clinically validated." : "");
		return new Prediction(artifact.id(), true, null, probability, RiskLevel.valueOf(band.risk().toUpperCase(Locale.ROOT)),
				band.category(), factors, List.of(), artifact.inputs(), summary);
	}

	/** A forest has no per-input weight: a factor shows the value beside the training median for context. */
	private String explanation(String input) {
		List<String> medians = new ArrayList<>();
		for (TribuoClassifierArtifact.Feature feature : artifact.features()) {
			if (feature.input().equals(input) && !TribuoClassifierArtifact.Feature.INDICATOR.equals(feature.encoding())) {
				medians.add(String.format(Locale.ROOT, "%s median %s", feature.name(), fmt(feature.trainingMedian())));
			}
		}
		return "model input" + (medians.isEmpty() ? "" : " (training " + String.join(", ", medians) + ")");
	}

	private static String fmt(double value) {
		return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
