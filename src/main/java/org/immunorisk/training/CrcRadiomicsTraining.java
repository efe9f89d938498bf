package org.immunorisk.training;

import org.apache.commons.statistics.distribution.BetaDistribution;
import org.immunorisk.models.trained.GbmArtifact;
import org.immunorisk.models.trained.LogisticArtifact;
import org.immunorisk.training.CrcRadiomicsCohort.Patient;
import org.immunorisk.training.CrcRadiomicsCohort.Series;
import smile.classification.GradientTreeBoost;
import smile.validation.metric.AUC;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The CRC radiomics study's pipeline (seed 004) on the synthetic cohort: for each lesion and series, a nested
 * stratified cross-validation — the outer folds for the estimate, the inner folds to choose how many ranked features
 * and how many boosting rounds — with the whole selection (correlation filter, Mann–Whitney filter, random-forest
 * RFE; {@link RadiomicsSelection}) redone inside every training fold, so no test patient ever informs the features
 * it is scored with. From the pooled out-of-fold probabilities: AUROC with a percentile-bootstrap CI, the Youden-index
 * threshold, and sensitivity, specificity and accuracy there (Clopper–Pearson CIs). The discordance analysis applies
 * each lesion's threshold to its out-of-fold probability (primary on prone CT colonography, liver on contrast CT, as
 * the study) and calls a patient discordant when the two predictions differ. The served model is refit on every
 * patient of one series with features and rounds chosen by a 5-fold CV on all of them.
 */
public final class CrcRadiomicsTraining {

	/** Published figures (seed 004, "Predictivity of machine learning models"). */
	static final Map<Series, Double> PUBLISHED_AUROC = publishedAuroc();
	static final double PUBLISHED_DISCORDANCE_SENSITIVITY = 0.857;
	static final double PUBLISHED_DISCORDANCE_SPECIFICITY = 0.600;
	static final double PUBLISHED_DISCORDANCE_ACCURACY = 0.682;

	private static Map<Series, Double> publishedAuroc() {
		Map<Series, Double> auroc = new EnumMap<>(Series.class);
		auroc.put(Series.PRIMARY_PRONE, 0.701);
		auroc.put(Series.PRIMARY_SUPINE, 0.732);
		auroc.put(Series.LIVER_PLAIN, 0.784);
		auroc.put(Series.LIVER_CONTRAST, 0.812);
		return Collections.unmodifiableMap(auroc);
	}

	/** What to train and how: names for the manifest, the seed, the selection settings and the CV design. */
	public record Config(String id, String version, String title, String intendedUse, String citation, String evidenceLevel,
			long seed, RadiomicsSelection.Settings settings, int outerFolds, int innerFolds, List<Integer> featureCounts,
			List<Integer> boostingRounds, int bootstrapResamples, List<Series> evaluated, Series served) {}

	/** One outer fold: what its inner CV chose and which features its model used. */
	public record Fold(int fold, int tested, int eventsTested, int features, int rounds, double innerAuroc,
			int afterCorrelation, int afterMannWhitney, List<String> selected) {}

	/** Sensitivity, specificity and accuracy at a threshold, with their counts. */
	public record Confusion(int truePositive, int falsePositive, int trueNegative, int falseNegative) {

		double sensitivity() {
			return truePositive / (double) (truePositive + falseNegative);
		}

		double specificity() {
			return trueNegative / (double) (trueNegative + falsePositive);
		}

		double accuracy() {
			return (truePositive + trueNegative) / (double) (truePositive + falsePositive + trueNegative + falseNegative);
		}
	}

	/** The nested CV of one series: out-of-fold probabilities by patient, and what they give. */
	public record SeriesResult(Series series, List<String> patients, int[] labels, double[] probability, double auroc,
			double[] aurocCi, double threshold, Confusion confusion, List<Fold> folds) {}

	/** A choice of the inner CV and the model fitted with it on all the rows given. */
	record Tuned(GradientTreeBoost model, List<Integer> features, int rounds, double innerAuroc, int afterCorrelation,
			int afterMannWhitney) {}

	/** Everything one training run produces. */
	public record Trained(GbmArtifact artifact, byte[] binary, String cohortCsv, Map<Series, SeriesResult> results) {}

	private CrcRadiomicsTraining() {}

	public static Trained train(Config config, List<Patient> cohort) {
		quietSmile();
		String csv = CrcRadiomicsCohort.csv(cohort);
		Map<Series, SeriesResult> results = new EnumMap<>(Series.class);
		for (Series series : config.evaluated()) {
			results.put(series, nestedCv(config, cohort, series));
		}

		FinalModel fit = finalModel(config, cohort);
		Table table = fit.table();
		Tuned tuned = fit.tuned();
		List<String> names = fit.names();
		GradientTreeBoost model = fit.model();
		byte[] binary = fit.binary();
		double[] importance = model.importance();
		double total = Arrays.stream(importance).sum();
		List<GbmArtifact.Input> inputs = new ArrayList<>();
		for (int f = 0; f < names.size(); f++) {
			String column = CrcRadiomicsCohort.FEATURES.get(tuned.features().get(f));
			inputs.add(new GbmArtifact.Input(names.get(f), column, config.served().lesion(), config.served().description(),
					unit(column), total > 0 ? importance[f] / total : 0));
		}
		SeriesResult served = results.get(config.served());
		if (served == null) {
			throw new IllegalArgumentException("the served series " + config.served() + " must be among the evaluated ones");
		}
		// Demonstration bands around the cross-validated Youden threshold, not clinically derived.
		List<LogisticArtifact.RiskBand> bands = List.of(
				new LogisticArtifact.RiskBand(served.threshold(), "low", "TMB-high not predicted"),
				new LogisticArtifact.RiskBand(null, "high", "TMB-high predicted"));

		Map<String, Object> provenance = new LinkedHashMap<>();
		provenance.put("trainingData", "SYNTHETIC: " + CrcRadiomicsCohort.GENERATOR + " (org.immunorisk.training.CrcRadiomicsCohort), "
				+ config.served().description());
		provenance.put("cohortSha256", TrainModels.sha256(csv));
		provenance.put("cohortPatients", cohort.size());
		provenance.put("cohortRows", cohort.stream().mapToInt(p -> p.features().size()).sum());
		provenance.put("rowsUsed", table.patients().size());
		provenance.put("eventsUsed", Arrays.stream(table.y()).sum());
		provenance.put("featuresPerSeries", CrcRadiomicsCohort.FEATURES.size());
		provenance.put("seed", config.seed());
		provenance.put("library", RadiomicsSelection.SMILE + " GradientTreeBoost (binomial deviance) and RandomForest (Gini importance); "
				+ RadiomicsSelection.COMMONS_STATISTICS + " MannWhitneyUTest; Clopper–Pearson from commons-statistics-distribution");
		provenance.put("pipeline", List.of(
				"drop one of each feature pair with |Pearson r| > " + config.settings().correlationCutoff() + " (as caret::findCorrelation, exact)",
				"keep features with two-sided Mann–Whitney U p < " + config.settings().mannWhitneyAlpha() + " (at least "
						+ config.settings().mannWhitneyMinimum() + ", smallest p first)",
				"rank by random-forest recursive feature elimination (" + config.settings().forestTrees() + " trees, drop "
						+ config.settings().eliminationStep() + " of the features per round)",
				"gradient-boosted trees on the top k; k and the number of rounds chosen by inner stratified "
						+ config.innerFolds() + "-fold CV (pooled AUROC)",
				"outer stratified " + config.outerFolds() + "-fold CV for the estimate; Youden-index threshold on the pooled out-of-fold probabilities",
				"XGBoost (the study's) is not available here: Smile's GradientTreeBoost stands in"));
		Map<String, Object> hyperParameters = new LinkedHashMap<>();
		RadiomicsSelection.Settings s = config.settings();
		hyperParameters.put("correlationCutoff", s.correlationCutoff());
		hyperParameters.put("mannWhitneyAlpha", s.mannWhitneyAlpha());
		hyperParameters.put("mannWhitneyMinimum", s.mannWhitneyMinimum());
		hyperParameters.put("forestTrees", s.forestTrees());
		hyperParameters.put("eliminationStep", s.eliminationStep());
		hyperParameters.put("boostMaxDepth", s.boostMaxDepth());
		hyperParameters.put("boostMaxNodes", s.boostMaxNodes());
		hyperParameters.put("boostNodeSize", s.boostNodeSize());
		hyperParameters.put("boostShrinkage", s.boostShrinkage());
		hyperParameters.put("boostSubsample", s.boostSubsample());
		hyperParameters.put("featureCountCandidates", config.featureCounts());
		hyperParameters.put("boostingRoundCandidates", config.boostingRounds());
		hyperParameters.put("outerFolds", config.outerFolds());
		hyperParameters.put("innerFolds", config.innerFolds());
		hyperParameters.put("chosenFeatureCount", tuned.features().size());
		hyperParameters.put("chosenBoostingRounds", tuned.rounds());
		provenance.put("hyperParameters", hyperParameters);
		provenance.put("trainer", "org.immunorisk.training.TrainModels");

		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("estimate", "nested stratified cross-validation, pooled out-of-fold probabilities (one repetition)");
		metrics.put("ciMethod", "AUROC: percentile bootstrap of the out-of-fold probabilities, " + config.bootstrapResamples()
				+ " resamples (selection is not re-run per resample, so the CI is if anything too narrow); proportions:"
				+ " Clopper–Pearson exact. The threshold is chosen on the same probabilities it is applied to, as in the"
				+ " study: sensitivity and specificity there are optimistic.");
		List<Map<String, Object>> perSeries = new ArrayList<>();
		for (SeriesResult r : results.values()) {
			perSeries.add(seriesMetrics(r));
		}
		metrics.put("series", perSeries);
		metrics.put("discordance", discordance(results));
		Map<String, Object> finalModel = new LinkedHashMap<>();
		finalModel.put("series", config.served().code());
		finalModel.put("innerAuroc", tuned.innerAuroc());
		finalModel.put("afterCorrelation", tuned.afterCorrelation());
		finalModel.put("afterMannWhitney", tuned.afterMannWhitney());
		finalModel.put("signalFeaturesOfTheGenerator", CrcRadiomicsCohort.SIGNAL.keySet().stream().sorted().toList());
		metrics.put("finalModel", finalModel);
		metrics.put("calibrationOutOfFold", Calibration.binary("pooled out-of-fold probabilities of the nested cross-validation on "
				+ config.served().description() + " (those of its AUROC): each from the model of the fold that did not see the"
				+ " patient, not from the served model refit on all", served.labels(), served.probability(),
				new Random(RadiomicsSelection.Seeds.of(config.seed(), 8_000))));

		GbmArtifact.Binary file = new GbmArtifact.Binary(config.id() + ".ser",
				"Java serialization of smile.classification.GradientTreeBoost (" + RadiomicsSelection.SMILE + ")", sha256(binary),
				tuned.rounds(), s.boostShrinkage());
		GbmArtifact artifact = new GbmArtifact(GbmArtifact.KIND, config.id(), config.version(), config.title(), "tmb-high",
				config.intendedUse(), config.citation(), config.evidenceLevel(), true, inputs, file, served.threshold(), bands,
				provenance, metrics);
		return new Trained(artifact, binary, csv, results);
	}

	/** The served model and what it was chosen from. */
	record FinalModel(Table table, Tuned tuned, List<String> names, GradientTreeBoost model, byte[] binary) {}

	/**
	 * The served model: all patients of the served series, features and boosting rounds chosen by a CV on all of them,
	 * refit with the feature names it is served under. (Cheap beside the nested CV: tests retrain it in full.)
	 */
	static FinalModel finalModel(Config config, List<Patient> cohort) {
		quietSmile();
		Table table = table(cohort, config.served());
		int events = Arrays.stream(table.y()).sum();
		if (events < config.innerFolds() || table.y().length - events < config.innerFolds()) {
			throw new IllegalArgumentException("Too few events to choose the served model's features by " + config.innerFolds()
					+ "-fold CV: " + events + " TMB-high and " + (table.y().length - events) + " TMB-low lesions");
		}
		Tuned tuned = tune(table.x(), table.y(), all(table), config, RadiomicsSelection.Seeds.of(config.seed(), 9_000));
		List<String> names = tuned.features().stream().map(j -> inputName(config.served(), CrcRadiomicsCohort.FEATURES.get(j))).toList();
		GradientTreeBoost model = RadiomicsSelection.boost(table.x(), table.y(), all(table), tuned.features(), names, tuned.rounds(),
				config.settings(), RadiomicsSelection.Seeds.of(config.seed(), 9_001));
		return new FinalModel(table, tuned, names, model, serialise(model));
	}

	/**
	 * Writes the manifest and the binary beside it, the cohort CSV, the model card, its ROC and calibration plots, and prints the
	 * metrics beside the published figures.
	 */
	public static void write(Trained trained, Path artifacts, Path data, Path cards) throws IOException {
		GbmArtifact a = trained.artifact();
		Files.writeString(artifacts.resolve(a.id() + ".json"), json(a));
		Files.write(artifacts.resolve(a.binary().file()), trained.binary());
		Files.writeString(data.resolve("crc-radiomics-cohort.csv"), trained.cohortCsv());
		Files.writeString(cards.resolve(a.id() + ".md"), CrcRadiomicsModelCard.markdown(a));
		Files.write(cards.resolve(a.id() + "-roc.png"), RocPlot.png(trained.results().values().stream().map(r ->
				new RocPlot.Curve(String.format(java.util.Locale.ROOT, "%s, %s: AUROC %.2f (n %d)", r.series().lesion(),
						r.series().phase(), r.auroc(), r.labels().length),
						r.labels(), r.probability())).toList(), a.id() + ": nested-CV ROC on synthetic data"));
		Files.write(cards.resolve(CalibrationCard.plotFile(a.id())), CrcRadiomicsModelCard.calibrationPng(a));
		for (SeriesResult r : trained.results().values()) {
			System.out.printf(java.util.Locale.ROOT, "%-24s %-15s AUROC %.3f (95%% CI %.3f–%.3f), n = %d, published %.3f%n", a.id(),
					r.series().code(), r.auroc(), r.aurocCi()[0], r.aurocCi()[1], r.labels().length, PUBLISHED_AUROC.get(r.series()));
		}
		System.out.println(a.id() + " discordance " + a.metrics().get("discordance"));
	}

	/** The manifest as shipped (pretty JSON, trailing newline). */
	public static String json(GbmArtifact artifact) throws IOException {
		return TrainModels.JSON.writeValueAsString(artifact) + "\n";
	}

	/** Feature name of a PyRadiomics column of one series, as in feature-definitions.json. */
	public static String inputName(Series series, String column) {
		String[] parts = column.split("_", 2);
		String image = parts[0].startsWith("log-") ? parts[0].toLowerCase(java.util.Locale.ROOT) : parts[0];
		return "crc-" + series.code() + "-" + image + "_" + parts[1];
	}

	/** UCUM unit of a PyRadiomics column as the scales of {@link CrcRadiomicsCohort} give it. */
	static String unit(String column) {
		String[] parts = column.split("_", 3);
		if (parts[1].equals("shape")) {
			return switch (parts[2]) {
				case "MeshVolume", "VoxelVolume" -> "mm3";
				case "SurfaceArea" -> "mm2";
				case "SurfaceVolumeRatio" -> "/mm";
				case "Sphericity", "Elongation", "Flatness" -> "1";
				default -> "mm";
			};
		}
		boolean intensity = parts[1].equals("firstorder") && List.of("Minimum", "10Percentile", "Mean", "Median", "RootMeanSquared",
				"90Percentile", "Maximum").contains(parts[2]);
		return intensity ? "[hnsf'U]" : "1";
	}

	/** One series as a table: the patients imaged in it, their 1037 features and TMB-high labels. */
	record Table(List<String> patients, double[][] x, int[] y) {}

	static Table table(List<Patient> cohort, Series series) {
		List<Patient> imaged = cohort.stream().filter(p -> p.features().containsKey(series)).toList();
		double[][] x = imaged.stream().map(p -> p.features().get(series)).toArray(double[][]::new);
		int[] y = imaged.stream().mapToInt(p -> p.high(series) ? 1 : 0).toArray();
		return new Table(imaged.stream().map(Patient::id).toList(), x, y);
	}

	private static int[] all(Table table) {
		int[] rows = new int[table.y().length];
		for (int i = 0; i < rows.length; i++) {
			rows[i] = i;
		}
		return rows;
	}

	static SeriesResult nestedCv(Config config, List<Patient> cohort, Series series) {
		Table table = table(cohort, series);
		int[] y = table.y();
		int events = Arrays.stream(y).sum();
		if (events < config.outerFolds() || y.length - events < config.outerFolds()) {
			throw new IllegalArgumentException("Too few events for " + config.outerFolds() + "-fold stratified CV of " + series.code()
					+ ": " + events + " TMB-high and " + (y.length - events) + " TMB-low lesions (need at least "
					+ config.outerFolds() + " of each, so that every test fold holds both)");
		}
		long seed = RadiomicsSelection.Seeds.of(config.seed(), series.ordinal());
		int[][] folds = stratifiedFolds(y, all(table), config.outerFolds(), seed);
		double[] probability = new double[y.length];
		List<Fold> report = new ArrayList<>();
		for (int f = 0; f < folds.length; f++) {
			int[] test = folds[f];
			int[] train = complement(y.length, test);
			Tuned tuned = tune(table.x(), y, train, config, RadiomicsSelection.Seeds.of(seed, 100 + f));
			double[] p = RadiomicsSelection.probabilities(tuned.model(), table.x(), test, tuned.features(), null);
			int eventsTested = 0;
			for (int i = 0; i < test.length; i++) {
				probability[test[i]] = p[i];
				eventsTested += y[test[i]];
			}
			report.add(new Fold(f + 1, test.length, eventsTested, tuned.features().size(), tuned.rounds(), tuned.innerAuroc(),
					tuned.afterCorrelation(), tuned.afterMannWhitney(),
					tuned.features().stream().map(CrcRadiomicsCohort.FEATURES::get).toList()));
		}
		double auroc = AUC.of(y, probability);
		double[] ci = LogisticTraining.bootstrapAuc(y, probability, config.bootstrapResamples(), new Random(seed));
		double threshold = youden(y, probability);
		return new SeriesResult(series, table.patients(), y, probability, auroc, ci, threshold, confusion(y, probability, threshold), report);
	}

	/**
	 * The inner CV on {@code rows}: selection on each inner training part, boosted trees on its top k for every
	 * candidate k and number of rounds, pooled AUROC on the inner test parts; the best (ties: fewer features, then
	 * fewer rounds) is refit on all {@code rows}.
	 */
	static Tuned tune(double[][] x, int[] y, int[] rows, Config config, long seed) {
		int[][] folds = stratifiedFolds(y, rows, config.innerFolds(), seed);
		List<Integer> counts = config.featureCounts();
		List<Integer> rounds = config.boostingRounds();
		double[][][] pooled = new double[counts.size()][rounds.size()][rows.length];
		int[] position = new int[y.length];
		for (int i = 0; i < rows.length; i++) {
			position[rows[i]] = i;
		}
		for (int g = 0; g < folds.length; g++) {
			int[] test = folds[g];
			int[] train = minus(rows, test);
			RadiomicsSelection.Ranking ranking = RadiomicsSelection.rank(x, y, train, config.settings(), RadiomicsSelection.Seeds.of(seed, g));
			for (int c = 0; c < counts.size(); c++) {
				List<Integer> top = ranking.ranked().subList(0, Math.min(counts.get(c), ranking.ranked().size()));
				for (int t = 0; t < rounds.size(); t++) {
					GradientTreeBoost model = RadiomicsSelection.boost(x, y, train, top, null, rounds.get(t), config.settings(),
							RadiomicsSelection.Seeds.of(seed, 1_000 + 100L * g + 10L * c + t));
					double[] p = RadiomicsSelection.probabilities(model, x, test, top, null);
					for (int i = 0; i < test.length; i++) {
						pooled[c][t][position[test[i]]] = p[i];
					}
				}
			}
		}
		int[] labels = Arrays.stream(rows).map(r -> y[r]).toArray();
		int bestCount = 0;
		int bestRounds = 0;
		double best = Double.NEGATIVE_INFINITY;
		for (int c = 0; c < counts.size(); c++) {
			for (int t = 0; t < rounds.size(); t++) {
				double auroc = AUC.of(labels, pooled[c][t]);
				if (auroc > best + 1e-12) { // candidates are in increasing order: ties keep the smaller model
					best = auroc;
					bestCount = c;
					bestRounds = t;
				}
			}
		}
		RadiomicsSelection.Ranking ranking = RadiomicsSelection.rank(x, y, rows, config.settings(), RadiomicsSelection.Seeds.of(seed, 99));
		List<Integer> top = List.copyOf(ranking.ranked().subList(0, Math.min(counts.get(bestCount), ranking.ranked().size())));
		GradientTreeBoost model = RadiomicsSelection.boost(x, y, rows, top, null, rounds.get(bestRounds), config.settings(),
				RadiomicsSelection.Seeds.of(seed, 999));
		return new Tuned(model, top, rounds.get(bestRounds), best, ranking.afterCorrelation(), ranking.afterMannWhitney());
	}

	/**
	 * Stratified folds: each class shuffled on its own and dealt round the folds, the deal carrying on from one class
	 * to the next so fold sizes differ by one at most. (Smile's stratified split does not shuffle within a class and
	 * gives the last fold the remainder: with 5 events in 5 folds that can leave folds without one.)
	 */
	static int[][] stratifiedFolds(int[] y, int[] rows, int k, long seed) {
		Random random = new Random(seed);
		List<List<Integer>> folds = new ArrayList<>();
		for (int f = 0; f < k; f++) {
			folds.add(new ArrayList<>());
		}
		int dealt = 0;
		for (int label : new int[] {1, 0}) {
			List<Integer> members = new ArrayList<>();
			for (int r : rows) {
				if (y[r] == label) {
					members.add(r);
				}
			}
			Collections.shuffle(members, random);
			for (int r : members) {
				folds.get(dealt++ % k).add(r);
			}
		}
		int[][] out = new int[k][];
		for (int f = 0; f < k; f++) {
			out[f] = folds.get(f).stream().mapToInt(Integer::intValue).sorted().toArray();
		}
		return out;
	}

	private static int[] complement(int n, int[] test) {
		boolean[] out = new boolean[n];
		for (int r : test) {
			out[r] = true;
		}
		return java.util.stream.IntStream.range(0, n).filter(r -> !out[r]).toArray();
	}

	private static int[] minus(int[] rows, int[] test) {
		java.util.Set<Integer> out = new java.util.HashSet<>();
		for (int r : test) {
			out.add(r);
		}
		return Arrays.stream(rows).filter(r -> !out.contains(r)).toArray();
	}

	/**
	 * The threshold maximising the Youden index (sensitivity + specificity − 1), predicting TMB-high at or above it;
	 * placed half-way between the lowest probability called high and the next lower one, as R's pROC reports it. Ties
	 * keep the highest threshold.
	 */
	static double youden(int[] y, double[] p) {
		double[] distinct = Arrays.stream(p).distinct().sorted().toArray();
		double bestJ = Double.NEGATIVE_INFINITY;
		double best = distinct[distinct.length - 1];
		for (int i = distinct.length - 1; i >= 0; i--) {
			Confusion c = confusion(y, p, distinct[i]);
			double j = c.sensitivity() + c.specificity() - 1;
			if (j > bestJ + 1e-12) {
				bestJ = j;
				best = i == 0 ? distinct[0] : (distinct[i] + distinct[i - 1]) / 2;
			}
		}
		return best;
	}

	static Confusion confusion(int[] y, double[] p, double threshold) {
		int tp = 0;
		int fp = 0;
		int tn = 0;
		int fn = 0;
		for (int i = 0; i < y.length; i++) {
			boolean called = p[i] >= threshold;
			if (y[i] == 1) {
				if (called) {
					tp++;
				} else {
					fn++;
				}
			} else if (called) {
				fp++;
			} else {
				tn++;
			}
		}
		return new Confusion(tp, fp, tn, fn);
	}

	/** Clopper–Pearson exact 95% interval of x successes in n. */
	static List<Double> clopperPearson(int x, int n) {
		double lower = x == 0 ? 0 : BetaDistribution.of(x, n - x + 1).inverseCumulativeProbability(0.025);
		double upper = x == n ? 1 : BetaDistribution.of(x + 1, n - x).inverseCumulativeProbability(0.975);
		return List.of(lower, upper);
	}

	private static Map<String, Object> seriesMetrics(SeriesResult r) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("series", r.series().code());
		m.put("description", r.series().description());
		m.put("n", r.labels().length);
		m.put("events", Arrays.stream(r.labels()).sum());
		m.put("auroc", r.auroc());
		m.put("aurocCi95", List.of(r.aurocCi()[0], r.aurocCi()[1]));
		m.put("publishedAuroc", PUBLISHED_AUROC.get(r.series()));
		m.put("youdenThreshold", r.threshold());
		proportions(m, r.confusion());
		List<Map<String, Object>> folds = new ArrayList<>();
		for (Fold f : r.folds()) {
			Map<String, Object> fold = new LinkedHashMap<>();
			fold.put("fold", f.fold());
			fold.put("tested", f.tested());
			fold.put("eventsTested", f.eventsTested());
			fold.put("afterCorrelation", f.afterCorrelation());
			fold.put("afterMannWhitney", f.afterMannWhitney());
			fold.put("innerAuroc", f.innerAuroc());
			fold.put("boostingRounds", f.rounds());
			fold.put("selected", f.selected());
			folds.add(fold);
		}
		m.put("outerFolds", folds);
		return m;
	}

	private static void proportions(Map<String, Object> m, Confusion c) {
		m.put("truePositive", c.truePositive());
		m.put("falsePositive", c.falsePositive());
		m.put("trueNegative", c.trueNegative());
		m.put("falseNegative", c.falseNegative());
		m.put("sensitivity", c.sensitivity());
		m.put("sensitivityCi95", clopperPearson(c.truePositive(), c.truePositive() + c.falseNegative()));
		m.put("specificity", c.specificity());
		m.put("specificityCi95", clopperPearson(c.trueNegative(), c.trueNegative() + c.falsePositive()));
		m.put("accuracy", c.accuracy());
		int n = c.truePositive() + c.falsePositive() + c.trueNegative() + c.falseNegative();
		m.put("accuracyCi95", clopperPearson(c.truePositive() + c.trueNegative(), n));
	}

	/**
	 * Discordance as the study assessed it: the primary's call (prone CT colonography) and the liver's call (contrast
	 * CT), each at its own Youden threshold, differ. Patients with both series only.
	 */
	static Map<String, Object> discordance(Map<Series, SeriesResult> results) {
		Map<String, Object> m = new LinkedHashMap<>();
		SeriesResult primary = results.get(Series.PRIMARY_PRONE);
		SeriesResult liver = results.get(Series.LIVER_CONTRAST);
		if (primary == null || liver == null) {
			m.put("computed", false);
			return m;
		}
		List<Integer> truth = new ArrayList<>();
		List<Double> called = new ArrayList<>();
		for (int i = 0; i < primary.patients().size(); i++) {
			int j = liver.patients().indexOf(primary.patients().get(i));
			if (j < 0) {
				continue;
			}
			boolean primaryHigh = primary.probability()[i] >= primary.threshold();
			boolean liverHigh = liver.probability()[j] >= liver.threshold();
			truth.add(primary.labels()[i] != liver.labels()[j] ? 1 : 0);
			called.add(primaryHigh != liverHigh ? 1.0 : 0.0);
		}
		int[] y = truth.stream().mapToInt(Integer::intValue).toArray();
		double[] p = called.stream().mapToDouble(Double::doubleValue).toArray();
		m.put("computed", true);
		m.put("rule", "discordant when the primary (prone) and liver (contrast) calls at their Youden thresholds differ");
		m.put("n", y.length);
		m.put("discordant", Arrays.stream(y).sum());
		proportions(m, confusion(y, p, 0.5));
		m.put("publishedSensitivity", PUBLISHED_DISCORDANCE_SENSITIVITY);
		m.put("publishedSpecificity", PUBLISHED_DISCORDANCE_SPECIFICITY);
		m.put("publishedAccuracy", PUBLISHED_DISCORDANCE_ACCURACY);
		return m;
	}

	/**
	 * Smile logs every tree it grows at INFO (millions of lines for one nested CV, and most of the run time when the
	 * host's logging is at its default): WARN and above only, when the logging is logback (as in this project).
	 */
	static void quietSmile() {
		if (org.slf4j.LoggerFactory.getLogger("smile") instanceof ch.qos.logback.classic.Logger smile) {
			smile.setLevel(ch.qos.logback.classic.Level.WARN);
		}
	}

	static byte[] serialise(GradientTreeBoost model) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(model);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return bytes.toByteArray();
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
