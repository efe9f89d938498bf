package org.immunorisk.models.trained;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Contribution;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.models.RiskModel;
import smile.classification.GradientTreeBoost;
import smile.data.Tuple;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.data.type.StructType;
import smile.regression.RegressionTree;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A gradient-boosted tree model trained by ImmunoRisk (Smile {@code GradientTreeBoost}), served from its manifest and
 * the Java-serialised model beside it. The binary must have the SHA-256 the manifest gives, and only Smile and JDK
 * classes may be deserialised from it (an {@link ObjectInputFilter}), so a swapped file cannot run code. Each
 * input's contribution is its TreeSHAP value on the log-odds scale. Every input is required: a missing one is
 * reported, never imputed.
 */
public final class TrainedGbmModel implements RiskModel {

	/** Classes a shipped GradientTreeBoost is made of: Smile's, and the JDK collections, boxes and arrays it holds. */
	static final ObjectInputFilter SMILE_ONLY = ObjectInputFilter.Config.createFilter(
			"maxdepth=1000;maxrefs=1000000;maxbytes=67108864;smile.**;java.lang.*;java.util.*;!*");

	private final GbmArtifact artifact;
	private final GradientTreeBoost model;
	private final StructType schema;
	private final ModelDescription description;
	private final List<String> names;

	public TrainedGbmModel(GbmArtifact artifact, byte[] binary) {
		this.artifact = artifact;
		if (!sha256(binary).equals(artifact.binary().sha256())) {
			throw new IllegalArgumentException(artifact.id() + ": " + artifact.binary().file() + " does not have the SHA-256 of its manifest");
		}
		this.model = read(artifact, binary);
		this.names = artifact.inputs().stream().map(GbmArtifact.Input::name).toList();
		List<String> columns = java.util.Arrays.stream(model.formula().predictors()).map(Object::toString).toList();
		if (!columns.equals(names)) {
			throw new IllegalArgumentException(artifact.id() + ": the model's columns " + columns + " are not the manifest's inputs " + names);
		}
		this.schema = DataTypes.struct(names.stream().map(n -> new StructField(n, DataTypes.DoubleType)).toArray(StructField[]::new));
		LogisticArtifact.RiskBand.requireOpenEnded(artifact.id(), artifact.riskBands());
		this.description = artifact.describe(names);
		// Smile's formula binds itself to the first schema it sees (not thread-safe): bind it here, once, to the one
		// schema every prediction uses.
		model.predict(Tuple.of(new double[names.size()], schema), new double[2]);
	}

	/** The loader for {@link TrainedModels}: the manifest, and its binary read through {@code sibling}. */
	static TrainedGbmModel load(GbmArtifact artifact, TrainedModels.Sibling sibling) throws IOException {
		try (InputStream in = sibling.open(artifact.binary().file())) {
			return new TrainedGbmModel(artifact, in.readAllBytes());
		}
	}

	private static GradientTreeBoost read(GbmArtifact artifact, byte[] binary) {
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(binary))) {
			in.setObjectInputFilter(SMILE_ONLY);
			Object object = in.readObject();
			if (object instanceof GradientTreeBoost gbm) {
				return gbm;
			}
			throw new IllegalArgumentException(artifact.id() + ": " + artifact.binary().file() + " holds a "
					+ object.getClass().getName() + ", not a GradientTreeBoost");
		} catch (IOException | ClassNotFoundException e) {
			throw new IllegalArgumentException(artifact.id() + ": cannot read " + artifact.binary().file() + " (" + e + ")", e);
		}
	}

	public GbmArtifact artifact() {
		return artifact;
	}

	@Override
	public ModelDescription description() {
		return description;
	}

	/** Applicable when any of its inputs is on record (then the rest are reported missing). */
	@Override
	public boolean isApplicable(FeatureVector features) {
		return names.stream().anyMatch(features::has);
	}

	@Override
	public Prediction predict(FeatureVector features) {
		List<String> missing = names.stream().filter(name -> features.number(name).isEmpty()).toList();
		if (!missing.isEmpty()) {
			return Prediction.notComputed(artifact.id(), missing, artifact.title() + ": not computed, missing "
					+ String.join(", ", missing) + " (not imputed).");
		}
		double[] values = names.stream().mapToDouble(name -> features.number(name).orElseThrow()).toArray();
		Tuple x = Tuple.of(values, schema);
		double[] posterior = new double[2];
		model.predict(x, posterior);
		double probability = posterior[1];
		double[] logOdds = logOddsShap(x);
		List<Contribution> factors = new ArrayList<>();
		for (int j = 0; j < names.size(); j++) {
			GbmArtifact.Input input = artifact.inputs().get(j);
			factors.add(new Contribution(input.name(), String.format(Locale.ROOT, "%.4g %s", values[j], input.unit()), logOdds[j],
					String.format(Locale.ROOT, "log-odds %+.2f (TreeSHAP); %s, %s", logOdds[j], input.radiomicsFeature(), input.series())));
		}
		LogisticArtifact.RiskBand band = LogisticArtifact.RiskBand.of(artifact.riskBands(), probability);
		String summary = String.format(Locale.ROOT, "%s: probability %.3g (%s; threshold %.3g).%s", artifact.title(),
				probability, band.category(), artifact.threshold(), artifact.trainedOnSyntheticData()
						? " Model trained on synthetic data; not clinically validated." : "");
		return new Prediction(artifact.id(), true, null, probability, RiskLevel.valueOf(band.risk().toUpperCase(Locale.ROOT)),
				band.category(), factors, List.of(), names, summary);
	}

	/**
	 * Per-input TreeSHAP on the log-odds scale: Smile's posterior is 1 / (1 + e^(−2F)) with F = b + shrinkage × Σ trees,
	 * so an input's log-odds share is 2 × shrinkage × Σ its SHAP value per tree. (Smile 2.6's own GradientTreeBoost.shap
	 * sizes its array for k classes while binary trees return one value per input, and so fails for two classes.)
	 */
	private double[] logOddsShap(Tuple x) {
		double[] phi = new double[names.size()];
		for (RegressionTree tree : model.trees()) {
			double[] treePhi = tree.shap(x);
			for (int j = 0; j < phi.length; j++) {
				phi[j] += treePhi[j];
			}
		}
		for (int j = 0; j < phi.length; j++) {
			phi[j] *= 2 * artifact.binary().shrinkage();
		}
		return phi;
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
