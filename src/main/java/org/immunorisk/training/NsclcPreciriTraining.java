package org.immunorisk.training;

import org.immunorisk.models.trained.ForestArtifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * NSCLC study D: the preCIRI random survival forests (Wei et al., J Immunother Cancer 2023;11:e006788) trained on
 * the synthetic {@link NsclcCytokineCohort}, and the files that ship: the manifest and forest binary of
 * {@code nsclc-preciri-rsf} (preCIRI21: the 14 selected cytokines and the 7 clinical factors), its model card and
 * Kaplan–Meier plot, and the cohort CSV.
 *
 * <p>Size of the shipped forest: 1000 trees with min node size 15 (randomForestSRC's default node size for survival;
 * the study used R) keep the binary near 0.8 MB and scoring one patient well under a millisecond; ranger's node size 3
 * would make the file about three times larger for no gain on 123 patients.
 *
 * <p>Selection forest: 3000 trees. Permutation importance of 93 variables on 123 patients is noisy; over 4 seeds the
 * top 14 shared on average 8.2 cytokines between two seeds with 1000 trees, 9.5 with 3000 and 10.2 with 5000 (IL-11,
 * IL-8 and osteopontin always first). 3000 is the compromise with training time; the count was chosen from this
 * stability, not from which cytokines or metrics came out.
 */
public final class NsclcPreciriTraining {

	public static final long SEED = 20230711L; // the paper's publication date (J Immunother Cancer, 11 July 2023)
	public static final String ID = "nsclc-preciri-rsf";
	static final String FOREST_FILE = ID + ".rsf";
	static final String PLOT_FILE = ID + "-km.png";

	private static final String CITATION = "Wei F, Azuma K, Nakahara Y, et al. Machine learning for prediction of"
			+ " immunotherapeutic outcome in non-small-cell lung cancer based on circulating cytokine signatures."
			+ " J Immunother Cancer 2023;11:e006788 (preCIRI14/preCIRI21). Pipeline reimplemented by ImmunoRisk and"
			+ " trained on a synthetic cohort.";
	private static final String EVIDENCE = "None for patients: a demonstration model trained on synthetic data that"
			+ " follows the study's cohort sizes and effect directions; not clinically validated.";

	/** Everything one training run produces. */
	public record Trained(ForestArtifact artifact, byte[] forest, String cohortCsv, String card, byte[] plot) {}

	private NsclcPreciriTraining() {}

	public static SurvivalForestTraining.Config config() {
		return new SurvivalForestTraining.Config(ID, "0.1.0",
				"preCIRI21 random survival forest, overall survival on immune checkpoint inhibitors (NSCLC, demo model)",
				"overall-survival-ici",
				"Research demonstration: high or low risk of death on anti-PD-1/PD-L1 therapy for advanced NSCLC, from 14"
						+ " baseline plasma cytokines and 7 clinical factors, measured before the first dose. Trained on"
						+ " synthetic data; not for treatment decisions.",
				CITATION, EVIDENCE, SEED, 3000, 14, 1000, 15, 2000, FOREST_FILE,
				new ForestArtifact.RiskGroup("high", "high-risk group"), new ForestArtifact.RiskGroup("low", "low-risk group"));
	}

	public static Trained train() {
		return train(NsclcCytokineCohort.generate(SEED), config());
	}

	public static Trained train(List<NsclcCytokineCohort.Patient> cohort, SurvivalForestTraining.Config config) {
		String csv = NsclcCytokineCohort.csv(cohort);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("trainingData", "SYNTHETIC: " + NsclcCytokineCohort.GENERATOR + " (org.immunorisk.training.NsclcCytokineCohort),"
				+ " discovery cohort for training, validation cohort for the metrics");
		data.put("generatorSeed", SEED);
		data.put("cohortSha256", TrainModels.sha256(csv));
		data.put("cohortRows", cohort.size());
		SurvivalForestTraining.Result result = SurvivalForestTraining.train(config, table(cohort), data);
		byte[] plot = KaplanMeierPlot.png("preCIRI21 risk groups (synthetic data)", result.plot());
		return new Trained(result.artifact(), result.forest(), csv, ForestModelCard.markdown(result.artifact(), PLOT_FILE), plot);
	}

	/** The cohort as the pipeline's table: the 93 cytokines (pg/mL) and the 7 clinical factors, as the served model reads them. */
	static SurvivalForestTraining.Table table(List<NsclcCytokineCohort.Patient> cohort) {
		int n = cohort.size();
		List<SurvivalForestTraining.Column> cytokines = new ArrayList<>();
		for (int j = 0; j < NsclcCytokineCohort.PANEL.size(); j++) {
			double[] values = new double[n];
			for (int i = 0; i < n; i++) {
				values[i] = cohort.get(i).cytokines()[j];
			}
			cytokines.add(new SurvivalForestTraining.Column(NsclcCytokineCohort.PANEL.get(j).feature(), "pg/mL", "value", values));
		}
		List<SurvivalForestTraining.Column> clinical = List.of(
				column("age", "a", "value", cohort, NsclcCytokineCohort.Patient::age),
				column("sex", null, "male=1,female=0", cohort, p -> p.sex().equals("male") ? 1 : 0),
				column("nsclc-stage", null, "value", cohort, p -> p.stage()),
				column("bmi", "kg/m2", "value", cohort, NsclcCytokineCohort.Patient::bmi),
				column("albumin", "g/dL", "value", cohort, NsclcCytokineCohort.Patient::albumin),
				column("nlr", "{ratio}", "value", cohort, NsclcCytokineCohort.Patient::nlr),
				column("pdl1-tps", "%", "value", cohort, NsclcCytokineCohort.Patient::pdl1Tps));
		double[] time = cohort.stream().mapToDouble(NsclcCytokineCohort.Patient::days).toArray();
		int[] status = cohort.stream().mapToInt(NsclcCytokineCohort.Patient::status).toArray();
		boolean[] discovery = new boolean[n];
		for (int i = 0; i < n; i++) {
			discovery[i] = cohort.get(i).discovery();
		}
		return new SurvivalForestTraining.Table(cytokines, clinical, time, status, discovery);
	}

	private static SurvivalForestTraining.Column column(String name, String unit, String encoding,
			List<NsclcCytokineCohort.Patient> cohort, java.util.function.ToDoubleFunction<NsclcCytokineCohort.Patient> value) {
		return new SurvivalForestTraining.Column(name, unit, encoding, cohort.stream().mapToDouble(value).toArray());
	}

	/** Trains and writes manifest, forest, card, plots and cohort CSV (the one call in {@link TrainModels#main}). */
	public static void write(Path artifacts, Path data, Path cards) throws IOException {
		Trained trained = train();
		ForestArtifact a = trained.artifact();
		Files.writeString(artifacts.resolve(a.id() + ".json"), json(a));
		Files.write(artifacts.resolve(a.forest()), trained.forest());
		Files.writeString(data.resolve("nsclc-cytokine-cohort.csv"), trained.cohortCsv());
		Files.writeString(cards.resolve(a.id() + ".md"), trained.card());
		Files.write(cards.resolve(PLOT_FILE), trained.plot());
		Files.write(cards.resolve(CalibrationCard.plotFile(a.id())), ForestModelCard.calibrationPng(a));
		@SuppressWarnings("unchecked")
		Map<String, Object> full = (Map<String, Object>) a.metrics().get("preCIRI21");
		System.out.printf(Locale.ROOT, "%-24s C validation %.3f, log-rank high vs low p = %.2g, forest %d bytes%n", a.id(),
				(Double) full.get("cValidation"), (Double) full.get("validationLogRankP"), trained.forest().length);
	}

	/** The manifest as shipped (pretty JSON, trailing newline). */
	public static String json(ForestArtifact artifact) throws IOException {
		return TrainModels.JSON.writeValueAsString(artifact) + "\n";
	}
}
