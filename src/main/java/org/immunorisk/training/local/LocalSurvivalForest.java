package org.immunorisk.training.local;

import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.trained.ForestArtifact;
import org.immunorisk.survival.Concordance;
import org.immunorisk.survival.Features;
import org.immunorisk.survival.RandomSurvivalForest;
import org.immunorisk.training.KaplanMeierPlot;
import org.immunorisk.training.LogisticTraining;
import org.immunorisk.training.NsclcPreciriTraining;
import org.immunorisk.training.SurvivalForestTraining;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The NSCLC pipeline's random survival forest on a site's survival table: a stratified split on the event indicator
 * (the logistic pipeline's rule), one forest on the training part (log-rank splits, Nelson–Aalen leaves, OOB C and
 * permutation importance), and the evaluation {@link SurvivalForestTraining#evaluate} gives the preCIRI forests: risk
 * threshold at the training part's median out-of-bag ensemble mortality, Harrell's C on the held-out part with a
 * bootstrap CI, risk groups, log-rank test and hazard ratio. No variable selection: the site chose its inputs.
 * The manifest is of kind {@code random-survival-forest} with the forest beside it as {@code <id>.rsf}.
 */
final class LocalSurvivalForest {

	/** Renames of the shared evaluation's keys: the preCIRI words (discovery, validation, deaths, OS) do not fit here. */
	private static final Map<String, String> KEYS = Map.ofEntries(
			Map.entry("oobCDiscovery", "oobCTraining"), Map.entry("cValidation", "cHeldOut"),
			Map.entry("cValidationCi95", "cHeldOutCi95"), Map.entry("validationHighRisk", "heldOutHighRisk"),
			Map.entry("validationLowRisk", "heldOutLowRisk"), Map.entry("validationLogRankChiSquare", "heldOutLogRankChiSquare"),
			Map.entry("validationLogRankP", "heldOutLogRankP"),
			Map.entry("validationHazardRatioHighVsLow", "heldOutHazardRatioHighVsLow"),
			Map.entry("validationHazardRatioCi95", "heldOutHazardRatioCi95"),
			Map.entry("discoveryOobLogRankChiSquare", "trainingOobLogRankChiSquare"),
			Map.entry("discoveryOobLogRankP", "trainingOobLogRankP"), Map.entry("deaths", "events"),
			Map.entry("medianOsDays", "medianDays"));

	private static final double DAYS_PER_MONTH = 365.25 / 12;

	private LocalSurvivalForest() {}

	static Trained train(Mapping mapping, LocalData data, LocalDate today, PrintStream out) {
		Mapping.Forest settings = (Mapping.Forest) mapping.pipeline();
		Mapping.Model model = mapping.model();
		int p = mapping.inputs().size();
		if (settings.mtry() > p) {
			throw new LocalTrainingException(mapping.fileName() + ": pipeline.mtry " + settings.mtry() + " is more than the " + p
					+ " inputs (0 means floor(sqrt(p)))");
		}
		int[] status = data.event();
		double[] time = data.timeDays();
		Pipelines.enoughEvents(Mapping.SURVIVAL_FOREST, status, settings.heldOutFraction(), SurvivalForestTraining.MIN_EVENTS, false);
		Pipelines.inputsVary(mapping, data);
		Pipelines.eventsPerInput(status, p, out);

		LogisticTraining.Split split = LogisticTraining.split(status, settings.heldOutFraction(), settings.seed());
		int[] train = split.train().stream().mapToInt(Integer::intValue).toArray();
		int[] test = split.test().stream().mapToInt(Integer::intValue).toArray();
		SplittableRandom seeds = new SplittableRandom(settings.seed());
		long forestSeed = seeds.nextLong();
		long bootstrapSeed = seeds.nextLong();
		List<SurvivalForestTraining.Column> columns = new ArrayList<>();
		for (int j = 0; j < p; j++) {
			Mapping.Input input = mapping.inputs().get(j);
			double[] values = new double[data.rowsUsed()];
			for (int i = 0; i < values.length; i++) {
				values[i] = data.x()[i][j];
			}
			columns.add(new SurvivalForestTraining.Column(input.name(), input.codes() == null ? input.feature().unit() : null,
					input.encoding(), values));
		}
		double[] dTime = pick(time, train);
		int[] dStatus = pick(status, train);
		double[] vTime = pick(time, test);
		int[] vStatus = pick(status, test);
		int mtry = settings.mtry() == 0 ? (int) Math.floor(Math.sqrt(p)) : settings.mtry();
		out.printf(Locale.ROOT, "Training: random survival forest, %d trees (log-rank splits, min node size %d, mtry %d),"
				+ " OOB permutation importance; stratified split on the event, %s held out (seed %d)%n", settings.trees(),
				settings.minNodeSize(), mtry, Numbers.percent(settings.heldOutFraction()), settings.seed());
		Features trainX = SurvivalForestTraining.features(columns, train);
		RandomSurvivalForest forest = RandomSurvivalForest.builder().trees(settings.trees()).minNodeSize(settings.minNodeSize())
				.mtry(settings.mtry()).seed(forestSeed).importance(true).threads(2).fit(trainX, dTime, dStatus);
		out.printf(Locale.ROOT, "Evaluation: out-of-bag C on the training part %.3f; scoring the held-out part (%d rows), bootstrap"
				+ " CI with %d resamples%n", forest.oobConcordance(), test.length, settings.bootstrapResamples());
		SurvivalForestTraining.Evaluation evaluation;
		try {
			evaluation = SurvivalForestTraining.evaluate(model.id(), forest, SurvivalForestTraining.features(columns, test), dTime,
					dStatus, vTime, vStatus, settings.bootstrapResamples(), new SplittableRandom(bootstrapSeed));
		} catch (IllegalStateException | IllegalArgumentException e) {
			throw new LocalTrainingException("The survival forest cannot be evaluated on these data: " + e.getMessage());
		}
		boolean[] trainingHigh = evaluation.discoveryHigh();
		int high = 0;
		for (boolean h : trainingHigh) {
			high += h ? 1 : 0;
		}
		if (high == 0) {
			throw new LocalTrainingException("The survival forest gave every training row the same risk, so it forms no risk groups:"
					+ " with " + train.length + " training rows and min node size " + settings.minNodeSize() + " the trees cannot"
					+ " split, or the inputs do not separate anyone. Lower pipeline.minNodeSize or add data.");
		}

		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("nTraining", train.length);
		metrics.put("eventsTraining", sum(dStatus));
		metrics.put("nHeldOut", test.length);
		metrics.put("eventsHeldOut", sum(vStatus));
		metrics.put("ciMethod", "C-index: percentile bootstrap of the held-out part, " + settings.bootstrapResamples()
				+ " resamples; hazard ratio: Wald interval of a Cox model with the high-risk indicator");
		metrics.put("riskGroups", "high-risk group: ensemble mortality above the training part's median out-of-bag ensemble"
				+ " mortality (threshold fixed before the held-out part is scored)");
		metrics.putAll(renamed(evaluation.metrics(forest)));

		byte[] forestBytes = SurvivalForestTraining.bytes(forest);
		String forestFile = model.id() + ".rsf";
		List<ForestArtifact.Input> inputs = new ArrayList<>();
		for (int j = 0; j < p; j++) {
			Mapping.Input input = mapping.inputs().get(j);
			// The served forest is applicable once an input other than age or sex is on record (RiskModel's default rule;
			// the manifest's field is named "cytokine" after the NSCLC model that introduced it).
			boolean applicability = p == demographic(mapping) || !isDemographic(input.name());
			inputs.add(new ForestArtifact.Input(input.name(), columns.get(j).unit(), input.encoding(), applicability,
					SurvivalForestTraining.median(pick(columns.get(j).values(), train))));
		}
		Map<String, Object> provenance = data.provenance(mapping);
		provenance.put("seed", settings.seed());
		provenance.put("library", SurvivalForestTraining.LIBRARY);
		Map<String, Object> hyperParameters = new LinkedHashMap<>();
		hyperParameters.put("trees", settings.trees());
		hyperParameters.put("mtry", settings.mtry() == 0 ? "floor(sqrt(p)) = " + mtry : settings.mtry());
		hyperParameters.put("minNodeSize", settings.minNodeSize());
		hyperParameters.put("splitRule", "log-rank");
		hyperParameters.put("bootstrap", "n draws with replacement per tree");
		hyperParameters.put("importance", "OOB permutation importance (drop in OOB C)");
		hyperParameters.put("heldOutFraction", settings.heldOutFraction());
		hyperParameters.put("split", "stratified on the event indicator");
		hyperParameters.put("riskThreshold", "median OOB ensemble mortality of the training part");
		hyperParameters.put("bootstrapResamples", settings.bootstrapResamples());
		provenance.put("hyperParameters", hyperParameters);
		provenance.put("trainer", Pipelines.TRAINER);
		provenance.put("trainedOn", today.toString());
		ForestArtifact artifact = new ForestArtifact(ForestArtifact.KIND, model.id(), model.version(), model.title(),
				model.outcome(), model.intendedUse(), Pipelines.citation(mapping, data, today),
				Pipelines.evidence(mapping), model.syntheticData(), inputs, forestFile, SurvivalForestTraining.sha256(forestBytes),
				settings.trees(), evaluation.threshold(), new ForestArtifact.RiskGroup("high", "high-risk group"),
				new ForestArtifact.RiskGroup("low", "low-risk group"), provenance, metrics);
		String manifest;
		try {
			manifest = NsclcPreciriTraining.json(artifact);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		@SuppressWarnings("unchecked")
		List<Double> ci = (List<Double>) metrics.get("cHeldOutCi95");
		out.printf(Locale.ROOT, "Evaluation: held-out C %.3f (95%% CI %.3f-%.3f; n = %d, %d events); high vs low risk log-rank p %s%n",
				(Double) metrics.get("cHeldOut"), ci.get(0), ci.get(1), test.length, sum(vStatus),
				LocalModelCard.p((Double) metrics.get("heldOutLogRankP")));

		// The served model, loaded from these bytes as the server will, must give the held-out C just reported.
		RiskModel served = Pipelines.load(model.id(), manifest, Map.of(forestFile, forestBytes));
		double[] scores = Pipelines.predict(served, mapping, data, split.test()).stream().mapToDouble(Prediction::score).toArray();
		double servedC = Concordance.ofRisk(vTime, vStatus, scores).index();
		if (Math.abs(servedC - (Double) metrics.get("cHeldOut")) > 1e-9) {
			throw new IllegalStateException("the served forest's held-out C " + servedC + " is not the manifest's " + metrics.get("cHeldOut"));
		}
		String km = model.id() + "-km.png";
		List<SurvivalForestTraining.Groups> panels = List.of(
				new SurvivalForestTraining.Groups("Training part (out-of-bag), n = " + train.length, dTime, dStatus,
						evaluation.discoveryHigh(), evaluation.discoveryLogRank().chiSquare(), evaluation.discoveryLogRank().pValue()),
				new SurvivalForestTraining.Groups("Held-out part, n = " + test.length, vTime, vStatus, evaluation.validationHigh(),
						evaluation.validationLogRank().chiSquare(), evaluation.validationLogRank().pValue()));
		byte[] png = KaplanMeierPlot.png(model.id() + ": Kaplan–Meier curves of the risk groups", panels,
				new KaplanMeierPlot.Axes("Months since the index date", "Without the event", "events", horizonMonths(time)));
		String card = LocalModelCard.forest(artifact, data, mapping, km);
		return new Trained(model.id(), List.of(new Trained.File(forestFile, forestBytes)),
				new Trained.File(model.id() + ".md", card.getBytes(StandardCharsets.UTF_8)), List.of(new Trained.File(km, png)),
				new Trained.File(model.id() + ".json", manifest.getBytes(StandardCharsets.UTF_8)));
	}

	private static boolean isDemographic(String name) {
		return name.equals("age") || name.equals("sex");
	}

	private static int demographic(Mapping mapping) {
		return (int) mapping.inputs().stream().filter(i -> isDemographic(i.name())).count();
	}

	/** The plot's time axis: the longest follow-up rounded up to 6 months, at most 10 years (ticks every 6 months). */
	static int horizonMonths(double[] days) {
		double longest = 0;
		for (double d : days) {
			longest = Math.max(longest, d);
		}
		return Math.min(120, Math.max(6, (int) Math.ceil(longest / DAYS_PER_MONTH / 6) * 6));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> renamed(Map<String, Object> metrics) {
		Map<String, Object> out = new LinkedHashMap<>();
		metrics.forEach((key, value) -> {
			Object v = value;
			if (value instanceof Map<?, ?> nested && !key.equals("importance")) {
				v = renamed((Map<String, Object>) nested);
			}
			out.put(KEYS.getOrDefault(key, key), v);
		});
		return out;
	}

	private static double[] pick(double[] values, int[] rows) {
		double[] picked = new double[rows.length];
		for (int r = 0; r < rows.length; r++) {
			picked[r] = values[rows[r]];
		}
		return picked;
	}

	private static int[] pick(int[] values, int[] rows) {
		int[] picked = new int[rows.length];
		for (int r = 0; r < rows.length; r++) {
			picked[r] = values[rows[r]];
		}
		return picked;
	}

	private static int sum(int[] values) {
		int total = 0;
		for (int v : values) {
			total += v;
		}
		return total;
	}
}
