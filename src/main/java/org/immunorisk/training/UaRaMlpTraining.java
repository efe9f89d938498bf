package org.immunorisk.training;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.models.published.LeidenPredictionRule;
import org.immunorisk.models.trained.LogisticArtifact;
import org.immunorisk.models.trained.MlpArtifact;
import org.immunorisk.models.trained.TrainedMlpModel;
import smile.classification.MLP;
import smile.validation.metric.AUC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * RA study B's pipeline (CLINICAL.md §1, row B): a neural network predicting progression from undifferentiated
 * arthritis to RA from routine clinical data, developed in one cohort (KURAMA) and validated in another (ANSWER).
 * Here both cohorts are synthetic ({@link UndifferentiatedArthritisCohort}).
 *
 * <ol>
 * <li>Development: the whole KURAMA-like cohort. Inputs are the 14 routine features the study names (15 columns:
 * the three-way joint distribution is two indicators); titres, CRP, ESR and symptom duration enter as ln(1 + x)
 * because they are right-skewed; every column is standardised with the development cohort's mean and SD.</li>
 * <li>Model: Smile 2.6.0 {@code smile.classification.MLP}, 15 → ReLU(16) → ReLU(8) → sigmoid(1), cross-entropy,
 * 200 epochs of mini-batches of 20 (learning rate 0.01, momentum 0.9), seeded ({@link MlpTraining}). The weight
 * decay is chosen from {0.01, 0.1, 0.5} by stratified 5-fold cross-validation AUROC on the development cohort,
 * then the network is refitted on the whole development cohort. The paper's architecture is not given in
 * CLINICAL.md. History, for honesty: the first version fixed the weight decay at 0.01 and overfitted (apparent
 * AUROC 1.00, cross-validated 0.78; its external accuracy 74.0% and AUROC 0.747 were seen); selection by internal
 * cross-validation replaced it. The external cohort is never used to choose anything.</li>
 * <li>Evaluation: accuracy (probability ≥ 0.5 predicts RA) and AUROC, with 95% CIs (Wilson score interval;
 * percentile bootstrap), on the development cohort (apparent, and pooled out-of-fold from stratified 5-fold
 * cross-validation, each fold with its own standardisation) and on the external ANSWER-like cohort, overall and in
 * seronegative patients (RF and anti-CCP both ≤ ULN); calibration on the external cohort ({@link Calibration}).
 * Beside it, on the same external patients, the Leiden prediction rule as the server runs it
 * ({@link LeidenPredictionRule} on each patient's {@link FeatureVector}): AUROC of its 0–14 score, accuracy of its
 * high-risk band (score ≥ 8) predicting RA.</li>
 * </ol>
 * Every probability evaluated is the served model's ({@link TrainedMlpModel} on the patient's FeatureVector), and
 * the pipeline stops if it differs from Smile's own prediction for any patient.
 */
public final class UaRaMlpTraining {

	public static final String ID = "ua-ra-mlp";
	/** Master seed: KURAMA-like cohort, ANSWER-like = +1, network = +2, CV folds = +3 (fold k's network +10 + k), bootstraps +100… */
	public static final long SEED = 20260512L;
	/** Architecture and optimiser; the weight decay given here is replaced by the one cross-validation selects. */
	static final MlpTraining.Hyper HYPER = new MlpTraining.Hyper(List.of(16, 8), 200, 20, 0.01, 0.9, 0.01);
	/** Smile shrinks weights by 1 − 2 · 0.01 · λ per mini-batch: from barely (0.01) to strongly (0.5). */
	static final List<Double> WEIGHT_DECAY_GRID = List.of(0.01, 0.1, 0.5);
	static final int FOLDS = 5;
	static final int BOOTSTRAP = 2000;
	static final double THRESHOLD = 0.5;
	/** The Leiden rule's high-risk band (van der Helm-van Mil 2007: score ≥ 8). */
	static final double LEIDEN_HIGH = 8;

	private static final List<String> SEX = List.of("female", "male");
	private static final List<String> DISTRIBUTION = List.of("upper-only", "lower-only", "upper-and-lower");

	/** The model columns before standardisation (mean 0, SD 1 until fitted). */
	static final List<MlpArtifact.Input> COLUMNS = List.of(
			column("age", "age", MlpArtifact.Input.NUMBER, null, null),
			column("female", "sex", MlpArtifact.Input.CODE, "female", SEX),
			column("tender-joint-count", "tender-joint-count", MlpArtifact.Input.NUMBER, null, null),
			column("swollen-joint-count", "swollen-joint-count", MlpArtifact.Input.NUMBER, null, null),
			column("small-joints-involved", "small-joints-involved", MlpArtifact.Input.NUMBER, null, null),
			column("large-joints-involved", "large-joints-involved", MlpArtifact.Input.NUMBER, null, null),
			column("joints-symmetric", "joints-symmetric", MlpArtifact.Input.FLAG, null, null),
			column("distribution-upper-only", "joint-distribution", MlpArtifact.Input.CODE, "upper-only", DISTRIBUTION),
			column("distribution-upper-and-lower", "joint-distribution", MlpArtifact.Input.CODE, "upper-and-lower", DISTRIBUTION),
			column("morning-stiffness-vas", "morning-stiffness-vas", MlpArtifact.Input.NUMBER, null, null),
			column("log1p-symptom-duration", "symptom-duration", MlpArtifact.Input.LOG1P, null, null),
			column("log1p-crp", "crp", MlpArtifact.Input.LOG1P, null, null),
			column("log1p-esr", "esr", MlpArtifact.Input.LOG1P, null, null),
			column("log1p-rheumatoid-factor", "rheumatoid-factor", MlpArtifact.Input.LOG1P, null, null),
			column("log1p-anti-ccp", "anti-ccp", MlpArtifact.Input.LOG1P, null, null));

	/**
	 * Demonstration bands, not clinically derived: the development cohort's base rate is about 30%; below 20% the
	 * model does not predict progression, 20–50% possible, from 50% (the accuracy threshold) predicted.
	 */
	static final List<LogisticArtifact.RiskBand> BANDS = List.of(
			new LogisticArtifact.RiskBand(0.2, "low", "progression to RA not predicted"),
			new LogisticArtifact.RiskBand(0.5, "moderate", "progression to RA possible"),
			new LogisticArtifact.RiskBand(null, "high", "progression to RA predicted"));

	private static final String CITATION = "ImmunoRisk source study B (RA: deep-learning prediction of progression from"
			+ " undifferentiated arthritis to RA from routine clinical data; KURAMA cohort for training, ANSWER cohort for"
			+ " validation; CLINICAL.md §1): cohort size and design only. Trained by ImmunoRisk on synthetic cohorts.";
	private static final String EVIDENCE = "None for patients: a demonstration model trained on synthetic data that"
			+ " follows the study's design and the Leiden prediction rule's effect directions; not clinically validated.";

	/** The trained model, the cohorts it came from, and the external predictions the ROC plot draws. */
	public record Trained(MlpArtifact artifact, String developmentCsv, String externalCsv, int[] externalOutcome,
			double[] externalMlp, double[] externalLeiden, boolean[] externalSeronegative) {}

	private UaRaMlpTraining() {}

	/** The shipped configuration. */
	public static Trained uaToRa() {
		return train(UndifferentiatedArthritisCohort.generate(UndifferentiatedArthritisCohort.KURAMA, SEED),
				UndifferentiatedArthritisCohort.generate(UndifferentiatedArthritisCohort.ANSWER, SEED + 1), HYPER, SEED);
	}

	/** Retrains and writes the manifest, both cohorts' CSVs, the model card, its ROC plot and its calibration plot. */
	public static Trained write(Path artifacts, Path data, Path cards) throws IOException {
		Trained trained = uaToRa();
		MlpArtifact a = trained.artifact();
		Files.writeString(artifacts.resolve(a.id() + ".json"), TrainModels.JSON.writeValueAsString(a) + "\n");
		Files.writeString(data.resolve("ua-ra-kurama-like.csv"), trained.developmentCsv());
		Files.writeString(data.resolve("ua-ra-answer-like.csv"), trained.externalCsv());
		Files.writeString(cards.resolve(a.id() + ".md"), UaRaModelCard.markdown(a));
		UaRaRocPlot.write(cards.resolve(a.id() + "-roc.png"), trained);
		Files.write(cards.resolve(CalibrationCard.plotFile(a.id())), UaRaModelCard.calibrationPng(a));
		Map<?, ?> mlp = (Map<?, ?>) ((Map<?, ?>) a.metrics().get("external")).get("mlp");
		System.out.printf(Locale.ROOT, "%-24s external accuracy %.3f, AUROC %.3f, n = %s%n", a.id(), (Double) mlp.get("accuracy"),
				(Double) mlp.get("auroc"), mlp.get("n"));
		return trained;
	}

	static Trained train(List<UndifferentiatedArthritisCohort.Patient> development,
			List<UndifferentiatedArthritisCohort.Patient> external, MlpTraining.Hyper hyper, long seed) {
		int[] y = outcomes(development);
		int events = sum(y);
		if (events < 10 || y.length - events < 10) {
			throw new IllegalArgumentException("Too few events to train and cross-validate: " + events + " progressions and "
					+ (y.length - events) + " non-progressions in the development cohort (need at least 10 of each)");
		}
		double[][] raw = raw(development);
		double[][] standardisation = standardisation(raw, allRows(raw.length));
		List<MlpArtifact.Input> inputs = new ArrayList<>();
		for (int j = 0; j < COLUMNS.size(); j++) {
			MlpArtifact.Input c = COLUMNS.get(j);
			inputs.add(new MlpArtifact.Input(c.name(), c.feature(), c.encoding(), c.code(), c.allowedCodes(), standardisation[0][j],
					standardisation[1][j]));
		}
		// Weight decay by internal cross-validation on the development cohort only (the external cohort plays no part)
		List<Double> cvAurocs = new ArrayList<>();
		double[] pCrossValidated = null;
		MlpTraining.Hyper selected = null;
		for (double weightDecay : WEIGHT_DECAY_GRID) {
			MlpTraining.Hyper candidate = hyper.withWeightDecay(weightDecay);
			double[] p = crossValidated(raw, y, candidate, seed);
			double auroc = AUC.of(y, p);
			if (selected == null || auroc > cvAurocs.stream().mapToDouble(Double::doubleValue).max().orElseThrow()) {
				selected = candidate;
				pCrossValidated = p;
			}
			cvAurocs.add(auroc);
		}
		double[][] z = standardise(raw, standardisation);
		MLP mlp = MlpTraining.fit(z, y, selected, seed + 2);
		List<MlpArtifact.Layer> layers = MlpTraining.layers(mlp);

		MlpArtifact unscored = artifact(inputs, layers, Map.of(), Map.of());
		TrainedMlpModel served = new TrainedMlpModel(unscored);
		double[] pDevelopment = servedProbabilities(served, mlp, development);
		double[] pExternal = servedProbabilities(served, mlp, external);

		int[] yExternal = outcomes(external);
		boolean[] seronegative = new boolean[external.size()];
		double[] leiden = new double[external.size()];
		int intermediate = 0;
		int intermediateSeronegative = 0;
		LeidenPredictionRule rule = new LeidenPredictionRule();
		for (int i = 0; i < external.size(); i++) {
			seronegative[i] = external.get(i).seronegative();
			Prediction p = rule.predict(external.get(i).features());
			if (!p.computed() || p.score() == null) {
				throw new IllegalStateException("Leiden rule not computed for " + external.get(i).id() + ": " + p.summary());
			}
			leiden[i] = p.score();
			if (p.risk() == RiskLevel.MODERATE) {
				intermediate++;
				intermediateSeronegative += seronegative[i] ? 1 : 0;
			}
		}

		Random bootstrap = new Random(seed + 100);
		Map<String, Object> developmentMetrics = new LinkedHashMap<>();
		developmentMetrics.put("cohort", UndifferentiatedArthritisCohort.KURAMA.name());
		developmentMetrics.put("apparent", metrics(y, pDevelopment, THRESHOLD, bootstrap));
		Map<String, Object> cv = new LinkedHashMap<>();
		cv.put("folds", FOLDS);
		cv.put("note", "pooled out-of-fold predictions of the selected weight decay; the selection criterion, so slightly optimistic");
		cv.putAll(metrics(y, pCrossValidated, THRESHOLD, bootstrap));
		developmentMetrics.put("crossValidated", cv);

		Map<String, Object> externalMetrics = new LinkedHashMap<>();
		externalMetrics.put("cohort", UndifferentiatedArthritisCohort.ANSWER.name());
		externalMetrics.put("mlp", metrics(yExternal, pExternal, THRESHOLD, bootstrap));
		externalMetrics.put("mlpSeronegative", metrics(subset(yExternal, seronegative), subset(pExternal, seronegative), THRESHOLD, bootstrap));
		Map<String, Object> leidenAll = new LinkedHashMap<>(metrics(yExternal, leiden, LEIDEN_HIGH, bootstrap));
		leidenAll.put("intermediate", intermediate);
		externalMetrics.put("leiden", leidenAll);
		Map<String, Object> leidenSeronegative = new LinkedHashMap<>(metrics(subset(yExternal, seronegative), subset(leiden, seronegative),
				LEIDEN_HIGH, bootstrap));
		leidenSeronegative.put("intermediate", intermediateSeronegative);
		externalMetrics.put("leidenSeronegative", leidenSeronegative);

		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("predictedPositive", "MLP probability ≥ " + THRESHOLD + "; Leiden rule score ≥ " + (int) LEIDEN_HIGH
				+ " (its high-risk band; intermediate 6–8 counts as not predicted)");
		metrics.put("seronegative", "RF ≤ ULN and anti-CCP ≤ ULN");
		metrics.put("development", developmentMetrics);
		metrics.put("external", externalMetrics);
		Map<String, Object> published = new LinkedHashMap<>();
		published.put("source", "CLINICAL.md §1 row B (study B's abstract)");
		published.put("trainingAccuracy", 0.85);
		published.put("trainingAuroc", 0.89);
		published.put("externalAccuracy", 0.75);
		published.put("externalAccuracySeronegative", 0.77);
		published.put("leidenDerivationAuroc", "about 0.89 (CLINICAL.md §2, unverified)");
		metrics.put("published", published);
		metrics.put("ciMethods", "accuracy: Wilson score interval; AUROC: percentile bootstrap of the patients evaluated, "
				+ BOOTSTRAP + " resamples");
		metrics.put("calibrationExternal", Calibration.binary("the network's probabilities for the external "
				+ UndifferentiatedArthritisCohort.ANSWER.name() + " cohort (those of the external accuracy and AUROC)", yExternal, pExternal,
				new Random(seed + 200)));

		String developmentCsv = UndifferentiatedArthritisCohort.csv(development);
		String externalCsv = UndifferentiatedArthritisCohort.csv(external);
		Map<String, Object> provenance = new LinkedHashMap<>();
		provenance.put("trainingData", "SYNTHETIC: " + UndifferentiatedArthritisCohort.GENERATOR
				+ " (org.immunorisk.training.UndifferentiatedArthritisCohort)");
		provenance.put("developmentCohort", cohort(UndifferentiatedArthritisCohort.KURAMA.name(), seed, developmentCsv, development.size(), events));
		provenance.put("externalCohort", cohort(UndifferentiatedArthritisCohort.ANSWER.name(), seed + 1, externalCsv, external.size(),
				sum(yExternal)));
		provenance.put("seed", seed);
		provenance.put("seeds", "KURAMA-like cohort seed, ANSWER-like seed + 1, network seed + 2 (Smile's MathEx.setSeed and the"
				+ " mini-batch order), cross-validation folds seed + 3 with fold k's network seed + 10 + k, bootstraps seed + 100");
		provenance.put("library", LogisticTraining.SMILE + " smile.classification.MLP (mini-batch back-propagation); BLAS:"
				+ " ImmunoRisk's pure-Java engine smile.math.blas.mkl.MKL (Smile's OpenBLAS natives are excluded)");
		Map<String, Object> hyperParameters = selected.describe();
		Map<String, Object> selection = new LinkedHashMap<>();
		selection.put("weightDecayGrid", WEIGHT_DECAY_GRID);
		selection.put("crossValidatedAuroc", cvAurocs);
		selection.put("rule", "highest pooled out-of-fold AUROC of stratified " + FOLDS + "-fold cross-validation on the development"
				+ " cohort (first on ties); epochs and architecture fixed");
		hyperParameters.put("weightDecaySelection", selection);
		provenance.put("hyperParameters", hyperParameters);
		provenance.put("weights", "in this manifest (JSON), read out of Smile's MLP; the served forward pass equals Smile's"
				+ " prediction for every development and external patient");
		provenance.put("trainer", "org.immunorisk.training.TrainModels");
		return new Trained(artifact(inputs, layers, provenance, metrics), developmentCsv, externalCsv, yExternal, pExternal,
				leiden, seronegative);
	}

	private static MlpArtifact artifact(List<MlpArtifact.Input> inputs, List<MlpArtifact.Layer> layers, Map<String, Object> provenance,
			Map<String, Object> metrics) {
		return new MlpArtifact(MlpArtifact.KIND, ID, "0.1.0", "Undifferentiated arthritis to RA (neural network, demo model)",
				"ua-progression-to-ra", "Research demonstration: probability that undifferentiated arthritis progresses to"
						+ " rheumatoid arthritis, from age, sex, joint counts and pattern, morning stiffness, symptom duration,"
						+ " CRP, ESR, RF and anti-CCP at the first visit. Trained on synthetic data; not for treatment decisions.",
				CITATION, EVIDENCE, true, inputs, layers, BANDS, provenance, metrics);
	}

	/** The served model's probability for each patient, checked against Smile's. */
	private static double[] servedProbabilities(TrainedMlpModel served, MLP mlp,
			List<UndifferentiatedArthritisCohort.Patient> cohort) {
		double[] p = new double[cohort.size()];
		for (int i = 0; i < p.length; i++) {
			FeatureVector features = cohort.get(i).features();
			Prediction prediction = served.predict(features);
			double smile = MlpTraining.probability(mlp, served.encode(features).z());
			if (!prediction.computed() || Math.abs(prediction.probability() - smile) > 1e-12) {
				throw new IllegalStateException("served MLP differs from Smile's for " + cohort.get(i).id() + ": "
						+ prediction.probability() + " vs " + smile);
			}
			p[i] = prediction.probability();
		}
		return p;
	}

	/** Pooled out-of-fold probabilities of stratified k-fold cross-validation; each fold standardised on its own training part. */
	private static double[] crossValidated(double[][] raw, int[] y, MlpTraining.Hyper hyper, long seed) {
		Random random = new Random(seed + 3);
		int[] fold = new int[y.length];
		for (int label : new int[] {0, 1}) {
			List<Integer> rows = new ArrayList<>();
			for (int i = 0; i < y.length; i++) {
				if (y[i] == label) {
					rows.add(i);
				}
			}
			Collections.shuffle(rows, random);
			for (int r = 0; r < rows.size(); r++) {
				fold[rows.get(r)] = r % FOLDS;
			}
		}
		double[] p = new double[y.length];
		for (int k = 0; k < FOLDS; k++) {
			List<Integer> train = new ArrayList<>();
			List<Integer> test = new ArrayList<>();
			for (int i = 0; i < y.length; i++) {
				(fold[i] == k ? test : train).add(i);
			}
			double[][] s = standardisation(raw, train);
			double[][] z = standardise(raw, s);
			double[][] zTrain = train.stream().map(i -> z[i]).toArray(double[][]::new);
			int[] yTrain = train.stream().mapToInt(i -> y[i]).toArray();
			MLP mlp = MlpTraining.fit(zTrain, yTrain, hyper, seed + 10 + k);
			for (int i : test) {
				p[i] = MlpTraining.probability(mlp, z[i]);
			}
		}
		return p;
	}

	/**
	 * n, events, accuracy (value ≥ threshold predicts the outcome) and AUROC, each with its 95% CI, and the
	 * no-information rate (share of the commoner outcome).
	 */
	static Map<String, Object> metrics(int[] y, double[] p, double threshold, Random bootstrap) {
		int events = sum(y);
		int correct = 0;
		for (int i = 0; i < y.length; i++) {
			correct += (p[i] >= threshold) == (y[i] == 1) ? 1 : 0;
		}
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("n", y.length);
		m.put("events", events);
		m.put("accuracy", (double) correct / y.length);
		m.put("accuracyCi95", wilson(correct, y.length));
		// what always predicting the commoner outcome scores: accuracy depends on prevalence, so it needs this beside it
		m.put("noInformationRate", (double) Math.max(events, y.length - events) / y.length);
		if (events == 0 || events == y.length) {
			m.put("auroc", null); // undefined without both outcomes
			m.put("aurocCi95", null);
		} else {
			m.put("auroc", AUC.of(y, p));
			double[] ci = LogisticTraining.bootstrapAuc(y, p, BOOTSTRAP, bootstrap);
			m.put("aurocCi95", List.of(ci[0], ci[1]));
		}
		return m;
	}

	/** Wilson score 95% interval of a proportion. */
	static List<Double> wilson(int successes, int n) {
		double z = 1.959963984540054;
		double p = (double) successes / n;
		double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
		double half = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
		return List.of(Math.max(0, centre - half), Math.min(1, centre + half));
	}

	private static Map<String, Object> cohort(String name, long seed, String csv, int rows, int events) {
		Map<String, Object> c = new LinkedHashMap<>();
		c.put("name", name);
		c.put("seed", seed);
		c.put("sha256", TrainModels.sha256(csv));
		c.put("rows", rows);
		c.put("progressedToRa", events);
		return c;
	}

	private static double[][] raw(List<UndifferentiatedArthritisCohort.Patient> cohort) {
		double[][] raw = new double[cohort.size()][];
		for (int i = 0; i < raw.length; i++) {
			TrainedMlpModel.Encoded e = TrainedMlpModel.encode(COLUMNS, cohort.get(i).features());
			if (!e.complete()) {
				throw new IllegalArgumentException(cohort.get(i).id() + ": " + e.problems());
			}
			raw[i] = e.z();
		}
		return raw;
	}

	/** Means (row 0) and SDs with n − 1 (row 1) of each column over the given rows. */
	private static double[][] standardisation(double[][] raw, List<Integer> rows) {
		int p = raw[0].length;
		double[][] s = new double[2][p];
		for (int j = 0; j < p; j++) {
			for (int i : rows) {
				s[0][j] += raw[i][j];
			}
			s[0][j] /= rows.size();
			for (int i : rows) {
				s[1][j] += (raw[i][j] - s[0][j]) * (raw[i][j] - s[0][j]);
			}
			s[1][j] = Math.sqrt(s[1][j] / (rows.size() - 1));
			if (!(s[1][j] > 0)) {
				throw new IllegalArgumentException("Input " + COLUMNS.get(j).name() + " does not vary in the training data");
			}
		}
		return s;
	}

	/** (x − mean) / SD, the very expression {@link TrainedMlpModel#encode} uses. */
	private static double[][] standardise(double[][] raw, double[][] s) {
		double[][] z = new double[raw.length][raw[0].length];
		for (int i = 0; i < raw.length; i++) {
			for (int j = 0; j < raw[i].length; j++) {
				z[i][j] = (raw[i][j] - s[0][j]) / s[1][j];
			}
		}
		return z;
	}

	private static List<Integer> allRows(int n) {
		List<Integer> rows = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			rows.add(i);
		}
		return rows;
	}

	private static MlpArtifact.Input column(String name, String feature, String encoding, String code, List<String> allowed) {
		return new MlpArtifact.Input(name, feature, encoding, code, allowed, 0, 1);
	}

	private static int[] outcomes(List<UndifferentiatedArthritisCohort.Patient> cohort) {
		return cohort.stream().mapToInt(p -> p.progressed() ? 1 : 0).toArray();
	}

	private static int[] subset(int[] values, boolean[] keep) {
		List<Integer> kept = new ArrayList<>();
		for (int i = 0; i < values.length; i++) {
			if (keep[i]) {
				kept.add(values[i]);
			}
		}
		return kept.stream().mapToInt(Integer::intValue).toArray();
	}

	private static double[] subset(double[] values, boolean[] keep) {
		List<Double> kept = new ArrayList<>();
		for (int i = 0; i < values.length; i++) {
			if (keep[i]) {
				kept.add(values[i]);
			}
		}
		return kept.stream().mapToDouble(Double::doubleValue).toArray();
	}

	private static int sum(int[] values) {
		int total = 0;
		for (int v : values) {
			total += v;
		}
		return total;
	}
}
