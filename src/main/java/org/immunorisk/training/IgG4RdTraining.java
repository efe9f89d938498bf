package org.immunorisk.training;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.trained.LogisticArtifact;
import org.immunorisk.models.trained.TreeVote;
import org.immunorisk.models.trained.TribuoClassifierArtifact;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.ensemble.BaggingTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import smile.validation.metric.AUC;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Study A's pipeline (IgG4-RD against mimickers from routine data; CLINICAL.md §1 row A) on the synthetic
 * {@link IgG4RdCohort}, with Tribuo: the study's protocol holds out 10% of patients for validation and splits the
 * rest 80/20 into training and test sets (stratified by diagnosis here); on the training set it fits a CART
 * decision tree and a random forest, each with and without serum IgG4; it reports AUROC with a 95% bootstrap CI
 * on the test set and on the held-out validation set, beside the published 0.906 (tree), 0.974 (forest with
 * IgG4) and 0.925 (forest without IgG4).
 *
 * <p>What ships: the two forests, {@value #FOREST} (with serum IgG4) and {@value #FOREST_NO_IGG4} (without, the
 * variant served when serum IgG4 is missing), each a manifest plus its Tribuo model; the CART trees are reported
 * in the forests' metrics and model cards (with the tree itself), not served. Hyper-parameters are fixed in
 * {@link #STUDY}, not tuned: the study's are not given.
 */
public final class IgG4RdTraining {

	public static final long SEED = 20261122L;
	public static final String FOREST = "igg4rd-rf";
	public static final String FOREST_NO_IGG4 = "igg4rd-rf-no-igg4";
	public static final String MODEL_SUFFIX = ".tribuo.pb.gz";
	/** Fewer of either diagnosis and the 10% validation set cannot hold both with a usable CI. */
	static final int MIN_PER_CLASS = 20;

	/** The published AUROCs (CLINICAL.md §1, row A). */
	static final double PUBLISHED_CART = 0.906;
	static final double PUBLISHED_FOREST = 0.974;
	static final double PUBLISHED_FOREST_NO_IGG4 = 0.925;

	/**
	 * Sizes and hyper-parameters. Forest: {@code trees} CART trees grown on bootstrap samples, a fraction
	 * {@code featureFraction} of the features tried at each split (0.2 of 20–21 features: 4, about √p as in
	 * Breiman's forests), nodes with fewer than {@code forestMinChildWeight} patients not split; probability =
	 * share of trees voting IgG4-RD. Tree: depth at most {@code cartMaxDepth}, nodes under
	 * {@code cartMinChildWeight} patients not split, so that it stays readable.
	 */
	public record Config(long seed, List<Integer> groupSizes, double validationFraction, double testFraction, int cartMaxDepth,
			float cartMinChildWeight, int trees, float featureFraction, float forestMinChildWeight, int bootstrapResamples) {}

	public static final Config STUDY = new Config(SEED, Arrays.stream(IgG4RdCohort.SIZE).boxed().toList(), 0.1, 0.2, 4, 10f,
			100, 0.2f, 5f, 2000);

	/** A shipped forest: its manifest, its Tribuo model (protobuf, and gzip as shipped), the cohort and its ROC plot. */
	public record Trained(TribuoClassifierArtifact artifact, byte[] modelProto, byte[] modelFile, String cohortCsv, byte[] rocPng) {}

	private static final String STUDY_A = "ImmunoRisk source study A (IgG4-related disease: non-invasive diagnosis from routine"
			+ " data; CLINICAL.md §1): 602 IgG4-RD vs 204 mimickers; decision tree AUROC 0.906, random forest 0.974 with serum"
			+ " IgG4 and 0.925 without. Trained by ImmunoRisk with Tribuo on a synthetic cohort.";
	private static final String SYNTHETIC_EVIDENCE = "None for patients: a demonstration model trained on synthetic data"
			+ " that follows the study's cohort size and effect directions; not clinically validated.";
	/**
	 * Demonstration bands, not clinically derived. The probabilities carry the study cohort's mix (75% IgG4-RD):
	 * below 50% a mimicker is favoured, 50–80% IgG4-RD is possible, from 80% likely.
	 */
	static final List<LogisticArtifact.RiskBand> BANDS = List.of(
			new LogisticArtifact.RiskBand(0.5, "low", "mimicker favoured"),
			new LogisticArtifact.RiskBand(0.8, "moderate", "IgG4-RD possible"),
			new LogisticArtifact.RiskBand(null, "high", "IgG4-RD likely"));

	/** Held here: java.util.logging keeps loggers weakly, and a collected one would lose its level. */
	private static final Logger BAGGING_LOG = Logger.getLogger(BaggingTrainer.class.getName());

	private IgG4RdTraining() {}

	/** Trains and writes both forests: manifest + model beside it, cohort CSV, model card, ROC and calibration plots. */
	public static void write(Path artifacts, Path data, Path cards) throws IOException {
		for (Trained trained : train(STUDY)) {
			TribuoClassifierArtifact a = trained.artifact();
			Files.writeString(artifacts.resolve(a.id() + ".json"), TrainModels.JSON.writeValueAsString(a) + "\n");
			Files.write(artifacts.resolve(a.modelFile()), trained.modelFile());
			Files.writeString(data.resolve("igg4rd-cohort.csv"), trained.cohortCsv());
			Files.writeString(cards.resolve(a.id() + ".md"), TribuoModelCard.markdown(a));
			Files.write(cards.resolve(a.id() + "-roc.png"), trained.rocPng());
			Files.write(cards.resolve(CalibrationCard.plotFile(a.id())), TribuoModelCard.calibrationPng(a));
			System.out.println(TribuoModelCard.oneLine(a));
		}
	}

	public static List<Trained> train(Config config) {
		BAGGING_LOG.setLevel(Level.WARNING); // one INFO line per tree otherwise
		List<IgG4RdCohort.Patient> cohort = IgG4RdCohort.generate(config.seed(),
				config.groupSizes().stream().mapToInt(Integer::intValue).toArray());
		long cases = cohort.stream().filter(IgG4RdCohort.Patient::igg4rd).count();
		if (cases < MIN_PER_CLASS || cohort.size() - cases < MIN_PER_CLASS) {
			throw new IllegalArgumentException("Too few patients of a diagnosis to train and validate: " + cases + " IgG4-RD and "
					+ (cohort.size() - cases) + " mimickers (need at least " + MIN_PER_CLASS + " of each)");
		}
		String csv = IgG4RdCohort.csv(cohort);
		Split split = split(cohort, config);
		List<Trained> trained = new ArrayList<>();
		for (boolean withIgG4 : new boolean[] {true, false}) {
			trained.add(trainVariant(config, cohort, csv, split, withIgG4));
		}
		return trained;
	}

	/** Row indices of the three sets, each sorted. */
	record Split(List<Integer> training, List<Integer> test, List<Integer> validation) {}

	static Split split(List<IgG4RdCohort.Patient> cohort, Config config) {
		Random random = new Random(config.seed());
		List<Integer> training = new ArrayList<>();
		List<Integer> test = new ArrayList<>();
		List<Integer> validation = new ArrayList<>();
		for (boolean igg4rd : new boolean[] {true, false}) { // stratified: each set keeps the cohort's mix
			List<Integer> rows = new ArrayList<>();
			for (int i = 0; i < cohort.size(); i++) {
				if (cohort.get(i).igg4rd() == igg4rd) {
					rows.add(i);
				}
			}
			Collections.shuffle(rows, random);
			int held = (int) Math.round(rows.size() * config.validationFraction());
			int tested = (int) Math.round((rows.size() - held) * config.testFraction());
			validation.addAll(rows.subList(0, held));
			test.addAll(rows.subList(held, held + tested));
			training.addAll(rows.subList(held + tested, rows.size()));
		}
		Collections.sort(training);
		Collections.sort(test);
		Collections.sort(validation);
		return new Split(training, test, validation);
	}

	/** The model inputs (feature-definitions.json names), with or without serum IgG4. */
	static List<String> inputs(boolean withIgG4) {
		List<String> inputs = new ArrayList<>(List.of("age", "sex", "serum-igg4", "serum-igg", "serum-ige", "eosinophils", "c3", "c4",
				"crp", "igg4rd-organs"));
		if (!withIgG4) {
			inputs.remove("serum-igg4");
		}
		return inputs;
	}

	/** The Tribuo features: labs and age as numbers, male sex, one indicator per organ, and the number of organs. */
	static List<TribuoClassifierArtifact.Feature> features(boolean withIgG4, double[] medians) {
		List<TribuoClassifierArtifact.Feature> features = new ArrayList<>();
		for (String input : inputs(withIgG4)) {
			if (input.equals("sex")) {
				features.add(new TribuoClassifierArtifact.Feature("sex-male", "sex", TribuoClassifierArtifact.Feature.INDICATOR, "male",
						List.of("male", "female"), Double.NaN));
			} else if (input.equals("igg4rd-organs")) {
				for (String organ : IgG4RdCohort.ORGANS) {
					features.add(new TribuoClassifierArtifact.Feature("organ-" + organ, input, TribuoClassifierArtifact.Feature.INDICATOR,
							organ, null, Double.NaN));
				}
				features.add(new TribuoClassifierArtifact.Feature("organ-count", input, TribuoClassifierArtifact.Feature.COUNT, null, null,
						Double.NaN));
			} else {
				features.add(new TribuoClassifierArtifact.Feature(input, input, TribuoClassifierArtifact.Feature.NUMBER, null, null, Double.NaN));
			}
		}
		if (medians != null) {
			for (int j = 0; j < features.size(); j++) {
				TribuoClassifierArtifact.Feature f = features.get(j);
				features.set(j, new TribuoClassifierArtifact.Feature(f.name(), f.input(), f.encoding(), f.code(), f.codes(), medians[j]));
			}
		}
		return features;
	}

	/** A synthetic patient as the served model sees a real one: the inputs FeatureExtractor would give. */
	public static FeatureVector inputsOf(IgG4RdCohort.Patient p) {
		return FeatureVector.builder().number("age", p.age(), "a").code("sex", p.male() ? "male" : "female")
				.number("serum-igg4", p.igg4(), "mg/dL").number("serum-igg", p.igg(), "mg/dL").number("serum-ige", p.ige(), "[IU]/mL")
				.number("eosinophils", p.eosinophils(), "10*3/uL").number("c3", p.c3(), "mg/dL").number("c4", p.c4(), "mg/dL")
				.number("crp", p.crp(), "mg/L").codes("igg4rd-organs", new LinkedHashSet<>(p.organs())).build();
	}

	/** Encodes through the served model's own encoding ({@link TribuoClassifierArtifact.Feature#value}). */
	static double[] encode(IgG4RdCohort.Patient p, List<TribuoClassifierArtifact.Feature> features) {
		FeatureVector inputs = inputsOf(p);
		double[] x = new double[features.size()];
		for (int j = 0; j < x.length; j++) {
			x[j] = features.get(j).value(inputs).orElseThrow();
		}
		return x;
	}

	private static Trained trainVariant(Config config, List<IgG4RdCohort.Patient> cohort, String csv, Split split, boolean withIgG4) {
		String id = withIgG4 ? FOREST : FOREST_NO_IGG4;
		List<TribuoClassifierArtifact.Feature> unscaled = features(withIgG4, null);
		double[][] x = cohort.stream().map(p -> encode(p, unscaled)).toArray(double[][]::new);
		List<TribuoClassifierArtifact.Feature> features = features(withIgG4, medians(x, split.training()));
		String[] names = features.stream().map(TribuoClassifierArtifact.Feature::name).toArray(String[]::new);

		LabelFactory labels = new LabelFactory();
		MutableDataset<Label> training = dataset(cohort, x, names, split.training(), labels, config, "training");
		MutableDataset<Label> test = dataset(cohort, x, names, split.test(), labels, config, "test");
		MutableDataset<Label> validation = dataset(cohort, x, names, split.validation(), labels, config, "validation");

		CARTClassificationTrainer cartTrainer = new CARTClassificationTrainer(config.cartMaxDepth(), config.cartMinChildWeight(), 0.0f,
				1.0f, false, new GiniIndex(), config.seed());
		TreeModel<Label> cart = cartTrainer.train(training);
		CARTClassificationTrainer forestTree = new CARTClassificationTrainer(Integer.MAX_VALUE, config.forestMinChildWeight(), 0.0f,
				config.featureFraction(), false, new GiniIndex(), config.seed());
		RandomForestTrainer<Label> forestTrainer = new RandomForestTrainer<>(forestTree, new VotingCombiner(), config.trees(), config.seed());
		byte[] proto = TribuoArtifacts.reproducibleBytes(forestTrainer.train(training));
		// Evaluate exactly what ships, scored as the server scores it (TreeVote); Tribuo's own predict must agree.
		ModelProto shipped = TribuoArtifacts.parse(proto);
		Model<Label> forest = Model.deserialize(shipped).castModel(Label.class);
		TreeVote vote = TreeVote.of(forest, shipped).orElseThrow(() -> new IllegalStateException("the forest is not a plain vote of trees"));
		ToDoubleFunction<Example<Label>> forestScore = example -> vote.probability(example, IgG4RdCohort.IGG4RD);
		checkAgainstTribuo(forest, test, forestScore);

		Map<String, Object> metrics = new LinkedHashMap<>();
		Evaluation forestTest = evaluate(forestScore, test, config, 1);
		Evaluation forestValidation = evaluate(forestScore, validation, config, 2);
		metrics.put("randomForest", metrics(forestScore, training, forestTest, forestValidation, withIgG4 ? PUBLISHED_FOREST : PUBLISHED_FOREST_NO_IGG4,
				withIgG4 ? "random forest with serum IgG4" : "random forest without serum IgG4"));
		ToDoubleFunction<Example<Label>> cartScore = example -> cart.predict(example).getOutputScores().get(IgG4RdCohort.IGG4RD).getScore();
		Evaluation cartTest = evaluate(cartScore, test, config, 3);
		Evaluation cartValidation = evaluate(cartScore, validation, config, 4);
		Map<String, Object> cartMetrics = metrics(cartScore, training, cartTest, cartValidation, withIgG4 ? PUBLISHED_CART : null,
				withIgG4 ? "decision tree with serum IgG4" : "none published (the study reports its decision tree with serum IgG4 only)");
		cartMetrics.put("tree", rules(cart));
		metrics.put("cart", cartMetrics);
		metrics.put("ciMethod", "percentile bootstrap of the evaluated set, " + config.bootstrapResamples() + " resamples");
		metrics.put("nTraining", split.training().size());
		metrics.put("igg4rdTraining", igg4rd(cohort, split.training()));
		metrics.put("nTest", split.test().size());
		metrics.put("igg4rdTest", igg4rd(cohort, split.test()));
		metrics.put("nValidation", split.validation().size());
		metrics.put("igg4rdValidation", igg4rd(cohort, split.validation()));
		metrics.put("calibrationTest", Calibration.binary("the forest's share of trees voting IgG4-RD on the test set (those of"
				+ " the test AUROC)", forestTest.y(), forestTest.p(), new Random(config.seed() + 5)));
		metrics.put("calibrationValidation", Calibration.binary("the forest's share of trees voting IgG4-RD on the held-out"
				+ " validation set (those of the validation AUROC)", forestValidation.y(), forestValidation.p(), new Random(config.seed() + 6)));

		Map<String, Object> provenance = new LinkedHashMap<>();
		provenance.put("trainingData", "SYNTHETIC: " + IgG4RdCohort.GENERATOR + " (org.immunorisk.training.IgG4RdCohort), 602 IgG4-RD"
				+ " and 204 mimickers (group sizes " + config.groupSizes() + ")");
		provenance.put("seed", config.seed());
		provenance.put("cohortSha256", TrainModels.sha256(csv));
		provenance.put("cohortRows", cohort.size());
		provenance.put("split", "stratified by diagnosis: " + pct(config.validationFraction()) + " held out for validation, the rest "
				+ pct(1 - config.testFraction()) + "/" + pct(config.testFraction()) + " training/test (the study's protocol)");
		provenance.put("library", "Tribuo " + Tribuo.VERSION + ": forest RandomForestTrainer over CARTClassificationTrainer with"
				+ " VotingCombiner, tree CARTClassificationTrainer; forest scored as served (its trees' vote, equal to Tribuo's predict on"
				+ " the test set); AUROC by " + LogisticTraining.SMILE + " AUC, equal to Tribuo's LabelEvaluator for the forest on the test"
				+ " set; bootstrap CI by ImmunoRisk");
		Map<String, Object> hyperParameters = new LinkedHashMap<>();
		hyperParameters.put("trees", config.trees());
		hyperParameters.put("fractionFeaturesInSplit", config.featureFraction());
		hyperParameters.put("forestMinChildWeight", config.forestMinChildWeight());
		hyperParameters.put("forestMaxDepth", "unlimited");
		hyperParameters.put("impurity", "Gini");
		hyperParameters.put("combiner", "majority vote (probability = share of trees)");
		hyperParameters.put("cartMaxDepth", config.cartMaxDepth());
		hyperParameters.put("cartMinChildWeight", config.cartMinChildWeight());
		hyperParameters.put("validationFraction", config.validationFraction());
		hyperParameters.put("testFraction", config.testFraction());
		provenance.put("hyperParameters", hyperParameters);
		provenance.put("modelFileNote", "Tribuo " + Tribuo.VERSION + " protobuf (Model.serialize), gzip; its provenance's date-times read "
				+ TribuoArtifacts.FIXED_TIME + " and its java-version, os-name and os-arch '" + TribuoArtifacts.NOT_RECORDED
				+ "', so that retraining gives the same bytes");
		provenance.put("tribuoProvenance", TribuoArtifacts.provenance(forest.getProvenance(), Set.of(), Set.of("member-provenance")));
		provenance.put("trainer", "org.immunorisk.training.TrainModels");

		String title = withIgG4 ? "IgG4-RD vs mimicker, random forest (demo model)"
				: "IgG4-RD vs mimicker, random forest without serum IgG4 (demo model)";
		String intendedUse = "Research demonstration: probability that a patient with organ involvement typical of IgG4-RD has IgG4-RD"
				+ " rather than a mimicker, from age, sex, the organs involved and routine blood tests ("
				+ (withIgG4 ? "serum IgG4, " : "") + "IgG, IgE, eosinophils, C3, C4, CRP)"
				+ (withIgG4 ? "" : "; the variant for patients whose serum IgG4 has not been measured") + ". Trained on synthetic data;"
				+ " not for diagnosis.";
		TribuoClassifierArtifact artifact = new TribuoClassifierArtifact(TribuoClassifierArtifact.KIND, id, "0.1.0", title,
				"igg4rd-diagnosis", intendedUse, STUDY_A, SYNTHETIC_EVIDENCE, true, inputs(withIgG4), features,
				withIgG4 ? List.of("serum-igg4", "igg4rd-organs") : List.of("igg4rd-organs"),
				withIgG4 ? new TribuoClassifierArtifact.Variant(FOREST_NO_IGG4, List.of("serum-igg4")) : null,
				withIgG4 ? null : new TribuoClassifierArtifact.Variant(FOREST, List.of("serum-igg4")),
				IgG4RdCohort.IGG4RD, id + MODEL_SUFFIX, "Tribuo " + Tribuo.VERSION + " protobuf (Model.serialize), gzip",
				sha256(proto), BANDS, provenance, metrics);
		byte[] png = IgG4RdRocPlot.png(List.of(
				new IgG4RdRocPlot.Curve(forestTest.y(), forestTest.p(), FOREST_TEST, false),
				new IgG4RdRocPlot.Curve(forestValidation.y(), forestValidation.p(), FOREST_VALIDATION, false),
				new IgG4RdRocPlot.Curve(cartTest.y(), cartTest.p(), CART_TEST, true)));
		return new Trained(artifact, proto, TribuoArtifacts.gzip(proto), csv, png);
	}

	static final Color FOREST_TEST = new Color(0, 90, 181);
	static final Color FOREST_VALIDATION = new Color(220, 50, 32);
	static final Color CART_TEST = new Color(90, 90, 90);

	private static MutableDataset<Label> dataset(List<IgG4RdCohort.Patient> cohort, double[][] x, String[] names, List<Integer> rows,
			LabelFactory labels, Config config, String part) {
		List<Example<Label>> examples = new ArrayList<>();
		for (int i : rows) {
			examples.add(new ArrayExample<>(new Label(cohort.get(i).label()), names, x[i]));
		}
		// A fixed creation time: Tribuo records it in the model's provenance.
		SimpleDataSourceProvenance source = new SimpleDataSourceProvenance("SYNTHETIC " + IgG4RdCohort.GENERATOR + " seed " + config.seed()
				+ ", " + part + " set (" + rows.size() + " patients)", OffsetDateTime.parse(TribuoArtifacts.FIXED_TIME), labels);
		return new MutableDataset<>(new ListDataSource<>(examples, labels, source));
	}

	/** Outcomes and predicted probabilities of IgG4-RD on one set, with Smile's AUROC and its bootstrap CI (none without a config). */
	record Evaluation(int[] y, double[] p, double auroc, double[] ci) {}

	private static Evaluation evaluate(ToDoubleFunction<Example<Label>> score, MutableDataset<Label> data, Config config, int stream) {
		int[] y = new int[data.size()];
		double[] p = new double[data.size()];
		int i = 0;
		for (Example<Label> example : data) {
			y[i] = example.getOutput().getLabel().equals(IgG4RdCohort.IGG4RD) ? 1 : 0;
			p[i] = score.applyAsDouble(example);
			i++;
		}
		return new Evaluation(y, p, AUC.of(y, p), config == null ? null
				: LogisticTraining.bootstrapAuc(y, p, config.bootstrapResamples(), new Random(config.seed() + stream)));
	}

	/**
	 * Tribuo's own evaluation of the forest on one set (its LabelEvaluator predicts through Tribuo): each
	 * probability must equal the served score exactly, and its AUROC Smile's.
	 */
	private static void checkAgainstTribuo(Model<Label> forest, MutableDataset<Label> data, ToDoubleFunction<Example<Label>> score) {
		LabelEvaluation tribuo = new LabelEvaluator().evaluate(forest, data);
		List<org.tribuo.Prediction<Label>> predictions = tribuo.getPredictions();
		for (org.tribuo.Prediction<Label> prediction : predictions) {
			double theirs = prediction.getOutputScores().get(IgG4RdCohort.IGG4RD).getScore();
			if (theirs != score.applyAsDouble(prediction.getExample())) {
				throw new IllegalStateException("the served forest score differs from Tribuo's: " + score.applyAsDouble(prediction.getExample())
						+ " vs " + theirs);
			}
		}
		double ours = evaluate(score, data, null, 0).auroc();
		if (Math.abs(tribuo.AUCROC(new Label(IgG4RdCohort.IGG4RD)) - ours) > 1e-9) {
			throw new IllegalStateException("Tribuo and Smile disagree on the AUROC: " + tribuo.AUCROC(new Label(IgG4RdCohort.IGG4RD)) + " vs " + ours);
		}
	}

	private static Map<String, Object> metrics(ToDoubleFunction<Example<Label>> score, MutableDataset<Label> training, Evaluation test,
			Evaluation validation, Double published, String publishedAs) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("published", published);
		m.put("publishedAs", publishedAs);
		m.put("aurocTest", test.auroc());
		m.put("aurocTestCi95", List.of(test.ci()[0], test.ci()[1]));
		m.put("aurocValidation", validation.auroc());
		m.put("aurocValidationCi95", List.of(validation.ci()[0], validation.ci()[1]));
		m.put("aurocTraining", evaluate(score, training, null, 0).auroc());
		return m;
	}

	/** The decision tree as indented rules, for the model card (the study's tree is its interpretable model). */
	static List<String> rules(TreeModel<Label> tree) {
		List<String> lines = new ArrayList<>();
		rules(tree.getRoot(), tree.getFeatureIDMap(), "", lines);
		return lines;
	}

	private static void rules(Node<Label> node, ImmutableFeatureMap features, String indent, List<String> lines) {
		if (node instanceof LeafNode<Label> leaf) {
			Label igg4rd = leaf.getDistribution().get(IgG4RdCohort.IGG4RD);
			lines.add(String.format(Locale.ROOT, "%s→ %s (P(IgG4-RD) %.2f)", indent, leaf.getOutput().getLabel(),
					igg4rd == null ? 0.0 : igg4rd.getScore()));
			return;
		}
		SplitNode<Label> split = (SplitNode<Label>) node;
		String feature = features.get(split.getFeatureID()).getName();
		lines.add(String.format(Locale.ROOT, "%s%s ≤ %s", indent, feature, number(split.splitValue())));
		rules(split.getLessThanOrEqual(), features, indent + "  ", lines);
		lines.add(String.format(Locale.ROOT, "%s%s > %s", indent, feature, number(split.splitValue())));
		rules(split.getGreaterThan(), features, indent + "  ", lines);
	}

	private static String number(double value) {
		return String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
	}

	private static double[] medians(double[][] x, List<Integer> rows) {
		double[] medians = new double[x[0].length];
		for (int j = 0; j < medians.length; j++) {
			double[] column = new double[rows.size()];
			for (int r = 0; r < rows.size(); r++) {
				column[r] = x[rows.get(r)][j];
			}
			Arrays.sort(column);
			int n = column.length;
			medians[j] = n % 2 == 1 ? column[n / 2] : (column[n / 2 - 1] + column[n / 2]) / 2;
		}
		return medians;
	}

	static String sha256(byte[] bytes) {
		try {
			return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
		} catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static int igg4rd(List<IgG4RdCohort.Patient> cohort, List<Integer> rows) {
		return (int) rows.stream().filter(i -> cohort.get(i).igg4rd()).count();
	}

	private static String pct(double fraction) {
		return Math.round(fraction * 100) + "%";
	}
}
