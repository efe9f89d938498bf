package org.immunorisk.training;

import org.immunorisk.models.trained.ForestArtifact;
import org.immunorisk.survival.Concordance;
import org.immunorisk.survival.CoxModel;
import org.immunorisk.survival.Features;
import org.immunorisk.survival.KaplanMeier;
import org.immunorisk.survival.LogRankTest;
import org.immunorisk.survival.RandomSurvivalForest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * The preCIRI pipeline (Wei et al., J Immunother Cancer 2023;11:e006788) on a survival table with a discovery and a
 * validation cohort:
 * <ol>
 * <li>cytokine selection: a random survival forest on every cytokine of the discovery cohort, ranked by OOB
 * permutation importance; the top {@code selectCount} are kept (preCIRI14: 14 of 93);</li>
 * <li>the cytokine forest (preCIRI14) and the cytokine + clinical forest (preCIRI21) grown on the discovery cohort;
 * a Cox model of the clinical factors alone (Efron ties) as the baseline;</li>
 * <li>on the validation cohort: Harrell's C of each model's risk score with a 95% percentile-bootstrap CI; high/low
 * risk groups split at the discovery cohort's median OOB ensemble mortality (a fixed threshold, so the validation
 * cohort never sets its own cut-off); log-rank χ² and p of the groups; hazard ratio high vs low (Cox, one
 * indicator) with its Wald 95% CI; Kaplan–Meier medians per group; calibration of the served forest's survival at
 * 12 months against Kaplan–Meier in tertiles ({@link Calibration#survival}).</li>
 * </ol>
 * The threshold uses OOB mortality because it is what the forest predicts for subjects it did not see, as for a new
 * patient; in-bag mortality on the discovery cohort would be optimistic and sit lower. Deterministic for a seed
 * (every forest and the bootstrap draw from seeds derived from it), so the shipped forest can be reproduced exactly.
 */
public final class SurvivalForestTraining {

	public static final String LIBRARY = "ImmunoRisk org.immunorisk.survival (RandomSurvivalForest: log-rank splitting,"
			+ " Nelson–Aalen leaves, OOB C and permutation importance; CoxModel Efron; Concordance Harrell; LogRankTest)";
	/** Events each cohort needs at least, for a split statistic and a C-index that mean something. */
	public static final int MIN_EVENTS = 10;
	private static final double Z_975 = 1.959963984540054;
	/** Calibration: predicted against Kaplan–Meier survival at 12 months (days), in tertiles of predicted survival. */
	static final double CALIBRATION_HORIZON_DAYS = 365.25;
	static final String CALIBRATION_HORIZON = "12 months";
	static final int CALIBRATION_GROUPS = 3;

	/**
	 * What to train: names for the manifest, the hyper-parameters and the risk-group wording.
	 *
	 * @param selectionTrees trees of the selection forest (more than the final forests: importance of 93 variables
	 *                       on 123 patients is noisy)
	 * @param selectCount    cytokines kept (14)
	 * @param trees          trees of each final forest
	 * @param minNodeSize    nodes of at most this many samples are leaves
	 */
	public record Config(String id, String version, String title, String outcome, String intendedUse, String citation,
			String evidenceLevel, long seed, int selectionTrees, int selectCount, int trees, int minNodeSize,
			int bootstrapResamples, String forestFile, ForestArtifact.RiskGroup highRisk, ForestArtifact.RiskGroup lowRisk) {}

	/** One input column: feature name, unit, encoding (see {@link ForestArtifact.Input}) and one value per subject. */
	public record Column(String name, String unit, String encoding, double[] values) {}

	/** The survival table: cytokine columns (selection pool), clinical columns, survival, and the cohort of each row. */
	public record Table(List<Column> cytokines, List<Column> clinical, double[] time, int[] status, boolean[] discovery) {

		public Table {
			int n = time.length;
			if (status.length != n || discovery.length != n) {
				throw new IllegalArgumentException("time, status and cohort must have one entry per subject");
			}
			for (Column column : concat(cytokines, clinical)) {
				if (column.values().length != n) {
					throw new IllegalArgumentException(column.name() + " has " + column.values().length + " values for " + n + " subjects");
				}
			}
		}
	}

	/** Kaplan–Meier input for one panel of the plot: time, status and risk group (true = high) per subject. */
	public record Groups(String label, double[] time, int[] status, boolean[] high, double chiSquare, double p) {}

	/** The trained model: manifest, forest binary, and the groups to plot. */
	public record Result(ForestArtifact artifact, byte[] forest, List<Groups> plot) {}

	private SurvivalForestTraining() {}

	public static Result train(Config config, Table table, Map<String, Object> dataProvenance) {
		int[] discovery = rows(table.discovery(), true);
		int[] validation = rows(table.discovery(), false);
		int discoveryEvents = events(table.status(), discovery);
		int validationEvents = events(table.status(), validation);
		if (discoveryEvents < MIN_EVENTS || validationEvents < MIN_EVENTS) {
			throw new IllegalArgumentException("Too few events to train and validate a survival forest: " + discoveryEvents
					+ " deaths in the discovery and " + validationEvents + " in the validation cohort (need at least "
					+ MIN_EVENTS + " in each)");
		}
		if (config.selectCount() > table.cytokines().size()) {
			throw new IllegalArgumentException("cannot select " + config.selectCount() + " of " + table.cytokines().size() + " cytokines");
		}
		double[] dTime = pick(table.time(), discovery);
		int[] dStatus = pick(table.status(), discovery);
		double[] vTime = pick(table.time(), validation);
		int[] vStatus = pick(table.status(), validation);
		SplittableRandom seeds = new SplittableRandom(config.seed());
		long selectionSeed = seeds.nextLong();
		long cytokineSeed = seeds.nextLong();
		long combinedSeed = seeds.nextLong();
		long bootstrapSeed = seeds.nextLong();

		// 1. Selection by OOB permutation importance on the discovery cohort.
		RandomSurvivalForest selection = RandomSurvivalForest.builder().trees(config.selectionTrees())
				.minNodeSize(config.minNodeSize()).seed(selectionSeed).importance(true).threads(2)
				.fit(features(table.cytokines(), discovery), dTime, dStatus);
		List<String> ranking = selection.importanceRanking();
		List<Column> selected = new ArrayList<>();
		for (String name : ranking.subList(0, config.selectCount())) {
			selected.add(table.cytokines().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow());
		}
		List<Column> combined = concat(selected, table.clinical());

		// 2. preCIRI14 (cytokines), preCIRI21 (cytokines + clinical), Cox on the clinical factors.
		RandomSurvivalForest cytokineForest = RandomSurvivalForest.builder().trees(config.trees())
				.minNodeSize(config.minNodeSize()).seed(cytokineSeed).threads(2).fit(features(selected, discovery), dTime, dStatus);
		RandomSurvivalForest combinedForest = RandomSurvivalForest.builder().trees(config.trees())
				.minNodeSize(config.minNodeSize()).seed(combinedSeed).importance(true).threads(2)
				.fit(features(combined, discovery), dTime, dStatus);
		String[] clinicalNames = table.clinical().stream().map(Column::name).toArray(String[]::new);
		CoxModel cox = CoxModel.fit(clinicalNames, matrix(table.clinical(), discovery), dTime, dStatus, CoxModel.Ties.EFRON);

		// 3. Validation.
		SplittableRandom bootstrap = new SplittableRandom(bootstrapSeed);
		Evaluation cytokine = evaluate("preCIRI14", cytokineForest, features(selected, validation), dTime, dStatus, vTime,
				vStatus, config.bootstrapResamples(), bootstrap.split());
		Evaluation full = evaluate("preCIRI21", combinedForest, features(combined, validation), dTime, dStatus, vTime,
				vStatus, config.bootstrapResamples(), bootstrap.split());
		double[] coxValidation = Arrays.stream(matrix(table.clinical(), validation)).mapToDouble(cox::linearPredictor).toArray();
		double[] coxCi = bootstrapC(vTime, vStatus, coxValidation, config.bootstrapResamples(), bootstrap.split());

		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("nDiscovery", discovery.length);
		metrics.put("eventsDiscovery", discoveryEvents);
		metrics.put("nValidation", validation.length);
		metrics.put("eventsValidation", validationEvents);
		metrics.put("ciMethod", "C-index: percentile bootstrap of the validation cohort, " + config.bootstrapResamples()
				+ " resamples; hazard ratio: Wald interval of a Cox model with the high-risk indicator");
		metrics.put("riskGroups", "high-risk group: ensemble mortality above the discovery cohort's median OOB ensemble"
				+ " mortality (threshold fixed before validation)");
		metrics.put("preCIRI21", full.metrics(combinedForest));
		metrics.put("preCIRI14", cytokine.metrics(cytokineForest));
		Map<String, Object> coxMetrics = new LinkedHashMap<>();
		coxMetrics.put("inputs", List.of(clinicalNames));
		coxMetrics.put("cDiscoveryApparent", Concordance.ofRisk(dTime, dStatus, cox.linearPredictors()).index());
		coxMetrics.put("cValidation", Concordance.ofRisk(vTime, vStatus, coxValidation).index());
		coxMetrics.put("cValidationCi95", List.of(coxCi[0], coxCi[1]));
		Map<String, Object> coefficients = new LinkedHashMap<>();
		for (int j = 0; j < clinicalNames.length; j++) {
			coefficients.put(clinicalNames[j], cox.coefficients()[j]);
		}
		coxMetrics.put("logHazardRatios", coefficients);
		metrics.put("coxClinical", coxMetrics);
		List<Map<String, Object>> selectedCytokines = new ArrayList<>();
		boolean[] discoveryHigh = cytokine.discoveryHigh();
		for (Column column : selected) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", column.name());
			entry.put("selectionImportance", selection.importance().get(column.name()));
			double[] values = pick(column.values(), discovery);
			entry.put("discoveryMedianHighRisk", median(subset(values, discoveryHigh, true)));
			entry.put("discoveryMedianLowRisk", median(subset(values, discoveryHigh, false)));
			selectedCytokines.add(entry);
		}
		metrics.put("selectedCytokines", selectedCytokines);
		metrics.put("selectionOobC", selection.oobConcordance());
		Map<String, Object> published = new LinkedHashMap<>();
		published.put("highVsLowOsP", "< 0.0001 (high vs low risk, overall survival; CLINICAL.md row D)");
		published.put("cIndex", "none in CLINICAL.md (the paper's abstract reports C-indices; not transcribed here)");
		published.put("cohort", "222 patients: 123 discovery, 99 validation; 93 cytokines, 14 selected");
		metrics.put("published", published);
		metrics.put("calibrationValidation", Calibration.survival("the validation cohort, that of the C-index and risk groups",
				"the served forest's ensemble survival exp(−H(t)), H the cumulative hazard averaged over its " + config.trees()
						+ " trees (Nelson–Aalen leaves)", CALIBRATION_HORIZON_DAYS, CALIBRATION_HORIZON, vTime, vStatus,
				survivalAt(combinedForest, features(combined, validation), CALIBRATION_HORIZON_DAYS), CALIBRATION_GROUPS));

		byte[] forestBytes = bytes(combinedForest);
		List<ForestArtifact.Input> inputs = new ArrayList<>();
		for (Column column : combined) {
			inputs.add(new ForestArtifact.Input(column.name(), column.unit(), column.encoding(), selected.contains(column),
					median(pick(column.values(), discovery))));
		}
		Map<String, Object> provenance = new LinkedHashMap<>(dataProvenance);
		provenance.put("seed", config.seed());
		provenance.put("library", LIBRARY);
		Map<String, Object> hyperParameters = new LinkedHashMap<>();
		hyperParameters.put("selectionTrees", config.selectionTrees());
		hyperParameters.put("selected", config.selectCount());
		hyperParameters.put("selection", "top OOB permutation importance (drop in OOB C) on the discovery cohort");
		hyperParameters.put("trees", config.trees());
		hyperParameters.put("mtry", "floor(sqrt(p))");
		hyperParameters.put("minNodeSize", config.minNodeSize());
		hyperParameters.put("splitRule", "log-rank");
		hyperParameters.put("bootstrap", "n draws with replacement per tree");
		hyperParameters.put("riskThreshold", "median OOB ensemble mortality of the discovery cohort");
		provenance.put("hyperParameters", hyperParameters);
		provenance.put("trainer", "org.immunorisk.training.TrainModels");

		ForestArtifact artifact = new ForestArtifact(ForestArtifact.KIND, config.id(), config.version(), config.title(),
				config.outcome(), config.intendedUse(), config.citation(), config.evidenceLevel(), true, inputs,
				config.forestFile(), sha256(forestBytes), config.trees(), full.threshold(), config.highRisk(), config.lowRisk(),
				provenance, metrics);
		List<Groups> plot = List.of(
				new Groups("Discovery (out-of-bag), n = " + discovery.length, dTime, dStatus, full.discoveryHigh(),
						full.discoveryLogRank().chiSquare(), full.discoveryLogRank().pValue()),
				new Groups("Validation, n = " + validation.length, vTime, vStatus, full.validationHigh(),
						full.validationLogRank().chiSquare(), full.validationLogRank().pValue()));
		return new Result(artifact, forestBytes, plot);
	}

	/**
	 * One forest's validation: its C with CI, the risk groups at the discovery threshold and their survival. Public
	 * so that other pipelines on one table (the local-data command) evaluate a forest the same way.
	 */
	public record Evaluation(double threshold, double cValidation, double[] ci, boolean[] discoveryHigh,
			LogRankTest discoveryLogRank, boolean[] validationHigh, LogRankTest validationLogRank, double[] vTime,
			int[] vStatus) {

		public Map<String, Object> metrics(RandomSurvivalForest forest) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("inputs", forest.names());
			m.put("oobCDiscovery", forest.oobConcordance());
			m.put("cValidation", cValidation);
			m.put("cValidationCi95", List.of(ci[0], ci[1]));
			m.put("riskThreshold", threshold);
			m.put("validationHighRisk", group(true));
			m.put("validationLowRisk", group(false));
			m.put("validationLogRankChiSquare", validationLogRank.chiSquare());
			m.put("validationLogRankP", validationLogRank.pValue());
			double[] hr = hazardRatio(vTime, vStatus, validationHigh);
			m.put("validationHazardRatioHighVsLow", hr[0]);
			m.put("validationHazardRatioCi95", List.of(hr[1], hr[2]));
			m.put("discoveryOobLogRankChiSquare", discoveryLogRank.chiSquare());
			m.put("discoveryOobLogRankP", discoveryLogRank.pValue());
			if (!forest.importance().isEmpty()) {
				Map<String, Object> importance = new LinkedHashMap<>();
				for (String name : forest.importanceRanking()) {
					importance.put(name, forest.importance().get(name));
				}
				m.put("importance", importance);
			}
			return m;
		}

		private Map<String, Object> group(boolean high) {
			double[] t = subset(vTime, validationHigh, high);
			int[] s = subset(vStatus, validationHigh, high);
			Map<String, Object> g = new LinkedHashMap<>();
			g.put("n", t.length);
			g.put("deaths", Arrays.stream(s).sum());
			OptionalDouble median = t.length == 0 ? OptionalDouble.empty() : KaplanMeier.fit(t, s).median();
			g.put("medianOsDays", median.isPresent() ? median.getAsDouble() : null);
			return g;
		}
	}

	/**
	 * Threshold at the median OOB ensemble mortality of the discovery subjects, risk groups on both cohorts, Harrell's
	 * C on the validation cohort with its percentile-bootstrap CI ({@code resamples} draws from {@code random}).
	 */
	public static Evaluation evaluate(String label, RandomSurvivalForest forest, Features validation, double[] dTime,
			int[] dStatus, double[] vTime, int[] vStatus, int resamples, SplittableRandom random) {
		double[] oob = forest.oobMortality();
		for (double value : oob) {
			if (Double.isNaN(value)) {
				throw new IllegalStateException(label + ": a discovery subject was in bag for every tree; grow more trees");
			}
		}
		double threshold = median(oob);
		boolean[] discoveryHigh = above(oob, threshold);
		double[] mortality = forest.mortality(validation);
		boolean[] validationHigh = above(mortality, threshold);
		double c = Concordance.ofRisk(vTime, vStatus, mortality).index();
		return new Evaluation(threshold, c, bootstrapC(vTime, vStatus, mortality, resamples, random), discoveryHigh,
				LogRankTest.of(dTime, dStatus, labels(discoveryHigh)), validationHigh,
				LogRankTest.of(vTime, vStatus, labels(validationHigh)), vTime, vStatus);
	}

	/**
	 * The forest's ensemble survival at {@code horizon}: exp(−H), H the ensemble cumulative hazard at the last training
	 * death time at or before the horizon (0 before the first).
	 */
	static double[] survivalAt(RandomSurvivalForest forest, Features data, double horizon) {
		double[] deathTimes = forest.deathTimes();
		int k = -1;
		while (k + 1 < deathTimes.length && deathTimes[k + 1] <= horizon) {
			k++;
		}
		double[][] hazard = forest.cumulativeHazard(data);
		double[] survival = new double[hazard.length];
		for (int i = 0; i < survival.length; i++) {
			survival[i] = Math.exp(-(k < 0 ? 0 : hazard[i][k]));
		}
		return survival;
	}

	/** Percentile bootstrap of Harrell's C: resample subjects with replacement; a resample without a comparable pair is drawn again. */
	public static double[] bootstrapC(double[] time, int[] status, double[] risk, int resamples, SplittableRandom random) {
		int n = time.length;
		double[] values = new double[resamples];
		int kept = 0;
		while (kept < resamples) {
			double[] t = new double[n];
			int[] s = new int[n];
			double[] r = new double[n];
			for (int i = 0; i < n; i++) {
				int pick = random.nextInt(n);
				t[i] = time[pick];
				s[i] = status[pick];
				r[i] = risk[pick];
			}
			double c = Concordance.ofRisk(t, s, r).index();
			if (!Double.isNaN(c)) {
				values[kept++] = c;
			}
		}
		Arrays.sort(values);
		return new double[] {values[(int) Math.floor(0.025 * (resamples - 1))], values[(int) Math.ceil(0.975 * (resamples - 1))]};
	}

	/** Hazard ratio of the high-risk group with its Wald 95% CI; NaNs when a group is empty. */
	private static double[] hazardRatio(double[] time, int[] status, boolean[] high) {
		int highCount = 0;
		for (boolean h : high) {
			highCount += h ? 1 : 0;
		}
		if (highCount == 0 || highCount == high.length) {
			return new double[] {Double.NaN, Double.NaN, Double.NaN};
		}
		double[][] x = new double[high.length][];
		for (int i = 0; i < high.length; i++) {
			x[i] = new double[] {high[i] ? 1 : 0};
		}
		CoxModel fit = CoxModel.fit(new String[] {"high-risk"}, x, time, status, CoxModel.Ties.EFRON);
		double beta = fit.coefficients()[0];
		double se = fit.standardErrors()[0];
		return new double[] {Math.exp(beta), Math.exp(beta - Z_975 * se), Math.exp(beta + Z_975 * se)};
	}

	public static double median(double[] values) {
		if (values.length == 0) {
			return Double.NaN;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int mid = sorted.length / 2;
		return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	}

	private static boolean[] above(double[] values, double threshold) {
		boolean[] high = new boolean[values.length];
		for (int i = 0; i < values.length; i++) {
			high[i] = values[i] > threshold;
		}
		return high;
	}

	private static String[] labels(boolean[] high) {
		String[] labels = new String[high.length];
		for (int i = 0; i < high.length; i++) {
			labels[i] = high[i] ? "high" : "low";
		}
		return labels;
	}

	public static Features features(List<Column> columns, int[] rows) {
		Features.Builder builder = Features.builder();
		for (Column column : columns) {
			builder.numeric(column.name(), pick(column.values(), rows));
		}
		return builder.build();
	}

	private static double[][] matrix(List<Column> columns, int[] rows) {
		double[][] x = new double[rows.length][columns.size()];
		for (int r = 0; r < rows.length; r++) {
			for (int j = 0; j < columns.size(); j++) {
				x[r][j] = columns.get(j).values()[rows[r]];
			}
		}
		return x;
	}

	/** The forest as {@link RandomSurvivalForest#write} writes it: the bytes a manifest names with their SHA-256. */
	public static byte[] bytes(RandomSurvivalForest forest) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			forest.write(out);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out.toByteArray();
	}

	public static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static int[] rows(boolean[] discovery, boolean wanted) {
		return java.util.stream.IntStream.range(0, discovery.length).filter(i -> discovery[i] == wanted).toArray();
	}

	private static int events(int[] status, int[] rows) {
		int events = 0;
		for (int i : rows) {
			events += status[i];
		}
		return events;
	}

	private static double[] pick(double[] values, int[] rows) {
		return Arrays.stream(rows).mapToDouble(i -> values[i]).toArray();
	}

	private static int[] pick(int[] values, int[] rows) {
		return Arrays.stream(rows).map(i -> values[i]).toArray();
	}

	private static double[] subset(double[] values, boolean[] mask, boolean wanted) {
		return java.util.stream.IntStream.range(0, values.length).filter(i -> mask[i] == wanted).mapToDouble(i -> values[i]).toArray();
	}

	private static int[] subset(int[] values, boolean[] mask, boolean wanted) {
		return java.util.stream.IntStream.range(0, values.length).filter(i -> mask[i] == wanted).map(i -> values[i]).toArray();
	}

	private static <T> List<T> concat(List<T> a, List<T> b) {
		List<T> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}
}
