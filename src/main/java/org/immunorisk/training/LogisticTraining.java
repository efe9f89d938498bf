package org.immunorisk.training;

import org.immunorisk.models.trained.LogisticArtifact;
import smile.classification.LogisticRegression;
import smile.validation.metric.AUC;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains a logistic-regression model on a labelled table and evaluates it on held-out data: stratified split,
 * inputs standardised with the training set's means and SDs, Smile's binomial logistic regression (BFGS), AUROC
 * on the held-out part (Smile's {@link AUC}) with a 95% percentile-bootstrap CI, and calibration on the same part
 * ({@link Calibration}). Deterministic for a seed, so the
 * shipped artifact can be reproduced exactly.
 */
public final class LogisticTraining {

	/** Smile's version as pinned in pom.xml (its jar carries no Implementation-Version). */
	static final String SMILE = "smile-core 2.6.0";
	static final double TOLERANCE = 1e-10;
	static final int MAX_ITERATIONS = 1000;

	/** What to train: names and wording for the artifact, and the hyper-parameters. */
	public record Config(String id, String version, String title, String outcome, String intendedUse, String citation,
			String evidenceLevel, List<String> inputs, long seed, double lambda, double testFraction, int bootstrapResamples,
			List<LogisticArtifact.RiskBand> riskBands) {}

	/** A labelled table: one row of inputs (in the order of {@link Config#inputs()}) and a 0/1 label per subject. */
	public record Table(double[][] x, int[] y) {

		public Table {
			if (x.length != y.length || x.length == 0) {
				throw new IllegalArgumentException("inputs and labels must be non-empty and of equal length");
			}
		}
	}

	private LogisticTraining() {}

	public static LogisticArtifact train(Config config, Table data, Map<String, Object> dataProvenance) {
		int events = 0;
		for (int label : data.y()) {
			events += label;
		}
		if (events < 10 || data.y().length - events < 10) {
			throw new IllegalArgumentException("Too few events to train and test: " + events + " events and "
					+ (data.y().length - events) + " non-events (need at least 10 of each)");
		}
		Split split = split(data.y(), config.testFraction(), config.seed());
		List<Integer> train = split.train();
		List<Integer> test = split.test();

		int p = config.inputs().size();
		double[] mean = new double[p];
		double[] sd = new double[p];
		for (int j = 0; j < p; j++) {
			for (int i : train) {
				mean[j] += data.x()[i][j];
			}
			mean[j] /= train.size();
			for (int i : train) {
				sd[j] += Math.pow(data.x()[i][j] - mean[j], 2);
			}
			sd[j] = Math.sqrt(sd[j] / (train.size() - 1));
			if (!(sd[j] > 0)) {
				throw new IllegalArgumentException("Input " + config.inputs().get(j) + " does not vary in the training data");
			}
		}
		double[][] xTrain = standardise(data.x(), train, mean, sd);
		int[] yTrain = train.stream().mapToInt(i -> data.y()[i]).toArray();
		LogisticRegression.Binomial fit = LogisticRegression.binomial(xTrain, yTrain, config.lambda(), TOLERANCE, MAX_ITERATIONS);
		double[] w = fit.coefficients(); // Smile: w[0..p-1] slopes, w[p] intercept

		List<LogisticArtifact.Input> inputs = new ArrayList<>();
		for (int j = 0; j < p; j++) {
			inputs.add(new LogisticArtifact.Input(config.inputs().get(j), mean[j], sd[j], w[j]));
		}
		double intercept = w[p];
		// The served model recomputes p from these numbers; make sure they mean what Smile meant.
		double[] posterior = new double[2];
		fit.predict(xTrain[0], posterior);
		double ours = probabilities(data.x(), List.of(train.get(0)), inputs, intercept)[0];
		if (Math.abs(posterior[1] - ours) > 1e-9) {
			throw new IllegalStateException("Smile's coefficient layout is not [slopes…, intercept]: " + posterior[1] + " vs " + ours);
		}

		double[] trainProbability = probabilities(data.x(), train, inputs, intercept);
		int[] yTest = test.stream().mapToInt(i -> data.y()[i]).toArray();
		double[] testProbability = probabilities(data.x(), test, inputs, intercept);
		double[] ci = bootstrapAuc(yTest, testProbability, config.bootstrapResamples(), new Random(config.seed() + 1));

		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("aurocHeldOut", AUC.of(yTest, testProbability));
		metrics.put("aurocHeldOutCi95", List.of(ci[0], ci[1]));
		metrics.put("ciMethod", "percentile bootstrap of the held-out set, " + config.bootstrapResamples() + " resamples");
		metrics.put("aurocTraining", AUC.of(yTrain, trainProbability));
		metrics.put("nTraining", train.size());
		metrics.put("eventsTraining", sum(yTrain));
		metrics.put("nHeldOut", test.size());
		metrics.put("eventsHeldOut", sum(yTest));
		metrics.put("calibrationHeldOut", Calibration.binary(Math.round(100 * config.testFraction())
				+ "% of the patients, stratified, not used in fitting (those of the held-out AUROC)", yTest, testProbability,
				new Random(config.seed() + 2)));

		Map<String, Object> provenance = new LinkedHashMap<>(dataProvenance);
		provenance.put("seed", config.seed());
		provenance.put("library", SMILE + " LogisticRegression.binomial (BFGS)");
		Map<String, Object> hyperParameters = new LinkedHashMap<>(); // ordered: the artifact must be byte-reproducible
		hyperParameters.put("lambda", config.lambda());
		hyperParameters.put("tolerance", TOLERANCE);
		hyperParameters.put("maxIterations", MAX_ITERATIONS);
		hyperParameters.put("heldOutFraction", config.testFraction());
		hyperParameters.put("split", "stratified");
		provenance.put("hyperParameters", hyperParameters);
		provenance.put("trainer", "org.immunorisk.training.TrainModels");
		return new LogisticArtifact(LogisticArtifact.KIND, config.id(), config.version(), config.title(), config.outcome(), config.intendedUse(),
				config.citation(), config.evidenceLevel(), true, inputs, intercept, config.riskBands(), provenance, metrics);
	}

	/** Row indices (ascending) of the training and the held-out part. */
	public record Split(List<Integer> train, List<Integer> test) {}

	/**
	 * The stratified split {@link #train} makes for a seed: each class shuffled with {@code new Random(seed)} (0s
	 * first, then 1s) and its first {@code round(n × testFraction)} rows held out. Public so that a caller can find
	 * the held-out rows again (e.g. for a ROC plot) without copying the rule.
	 */
	public static Split split(int[] y, double testFraction, long seed) {
		Random random = new Random(seed);
		List<Integer> test = new ArrayList<>();
		List<Integer> train = new ArrayList<>();
		for (int label : new int[] {0, 1}) { // stratified: the same share of events in both parts
			List<Integer> rows = new ArrayList<>();
			for (int i = 0; i < y.length; i++) {
				if (y[i] == label) {
					rows.add(i);
				}
			}
			Collections.shuffle(rows, random);
			int testRows = (int) Math.round(rows.size() * testFraction);
			test.addAll(rows.subList(0, testRows));
			train.addAll(rows.subList(testRows, rows.size()));
		}
		Collections.sort(train);
		Collections.sort(test);
		return new Split(train, test);
	}

	private static double[][] standardise(double[][] x, List<Integer> rows, double[] mean, double[] sd) {
		double[][] z = new double[rows.size()][mean.length];
		for (int r = 0; r < rows.size(); r++) {
			for (int j = 0; j < mean.length; j++) {
				z[r][j] = (x[rows.get(r)][j] - mean[j]) / sd[j];
			}
		}
		return z;
	}

	/** The probabilities the served model will give: computed from the artifact's numbers, not Smile's object. */
	static double[] probabilities(double[][] x, List<Integer> rows, List<LogisticArtifact.Input> inputs, double intercept) {
		double[] p = new double[rows.size()];
		for (int r = 0; r < rows.size(); r++) {
			double logit = intercept;
			for (int j = 0; j < inputs.size(); j++) {
				LogisticArtifact.Input input = inputs.get(j);
				logit += input.coefficient() * (x[rows.get(r)][j] - input.mean()) / input.sd();
			}
			p[r] = 1 / (1 + Math.exp(-logit));
		}
		return p;
	}

	static double[] bootstrapAuc(int[] y, double[] p, int resamples, Random random) {
		double[] aucs = new double[resamples];
		int kept = 0;
		while (kept < resamples) {
			int[] yb = new int[y.length];
			double[] pb = new double[y.length];
			for (int i = 0; i < y.length; i++) {
				int pick = random.nextInt(y.length);
				yb[i] = y[pick];
				pb[i] = p[pick];
			}
			int events = sum(yb);
			if (events == 0 || events == yb.length) {
				continue; // AUROC undefined without both classes: draw again
			}
			aucs[kept++] = AUC.of(yb, pb);
		}
		java.util.Arrays.sort(aucs);
		return new double[] {aucs[(int) Math.floor(0.025 * (resamples - 1))], aucs[(int) Math.ceil(0.975 * (resamples - 1))]};
	}

	private static int sum(int[] values) {
		int total = 0;
		for (int v : values) {
			total += v;
		}
		return total;
	}
}
