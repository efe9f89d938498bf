package org.immunorisk.training;

import org.immunorisk.models.trained.ForestArtifact;
import org.immunorisk.models.trained.TrainedModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Retrains the preCIRI forests in-process (the full shipped configuration: about 10 s on two idle cores, longer on a
 * loaded machine) and requires the very bytes that ship: manifest, forest binary, model card and calibration plot. The
 * Kaplan–Meier PNG is checked for its size only: its text is rasterised with the platform's fonts.
 */
class NsclcPreciriTrainingTest {

	private static NsclcPreciriTraining.Trained trained;

	@BeforeAll
	static void retrain() {
		trained = NsclcPreciriTraining.train();
	}

	private static byte[] shipped(String file) throws Exception {
		try (InputStream in = NsclcPreciriTrainingTest.class.getClassLoader().getResourceAsStream(TrainedModels.LOCATION + file)) {
			assertThat(in).as("shipped " + file).isNotNull();
			return in.readAllBytes();
		}
	}

	@Test
	void retrainingReproducesTheShippedManifestForestAndCard() throws Exception {
		ForestArtifact a = trained.artifact();
		assertThat(NsclcPreciriTraining.json(a)).isEqualTo(new String(shipped(a.id() + ".json"), StandardCharsets.UTF_8));
		assertThat(Arrays.equals(trained.forest(), shipped(a.forest()))).as("forest binary identical").isTrue();
		assertThat(trained.forest().length).as("shipped forest stays small").isLessThan(5_000_000);
		assertThat(Files.readString(Path.of("docs/model-cards", a.id() + ".md"))).isEqualTo(trained.card());
		assertThat(a.provenance().get("cohortSha256")).isEqualTo(TrainModels.sha256(trained.cohortCsv()));
		BufferedImage plot = ImageIO.read(new ByteArrayInputStream(trained.plot()));
		BufferedImage shippedPlot = ImageIO.read(Path.of("docs/model-cards", NsclcPreciriTraining.PLOT_FILE).toFile());
		assertThat(plot.getWidth()).isEqualTo(shippedPlot.getWidth());
		assertThat(plot.getHeight()).isEqualTo(shippedPlot.getHeight());
		// The calibration plot has no text: byte for byte.
		assertThat(Files.readAllBytes(Path.of("docs/model-cards", CalibrationCard.plotFile(a.id())))).isEqualTo(ForestModelCard.calibrationPng(a));
	}

	@Test
	void theCohortFollowsThePublishedSizes() {
		List<NsclcCytokineCohort.Patient> cohort = NsclcCytokineCohort.generate(NsclcPreciriTraining.SEED);
		assertThat(cohort).hasSize(222);
		assertThat(cohort.stream().filter(NsclcCytokineCohort.Patient::discovery)).hasSize(123);
		assertThat(NsclcCytokineCohort.PANEL).hasSize(93);
		assertThat(NsclcCytokineCohort.PANEL.stream().map(NsclcCytokineCohort.Analyte::name).distinct()).hasSize(93);
		for (NsclcCytokineCohort.Patient p : cohort) {
			assertThat(p.days()).isPositive();
			assertThat(Arrays.stream(p.cytokines()).allMatch(c -> c > 0)).as(p.id() + " concentrations are positive").isTrue();
		}
		assertThat(NsclcCytokineCohort.csv(cohort).lines()).hasSize(223);
	}

	/** What the pipeline finds on the synthetic cohort, in the directions the generator was given (not more). */
	@Test
	@SuppressWarnings("unchecked")
	void thePipelineFindsTheStrongestAssumedCytokinesAndSeparatesRisk() {
		ForestArtifact a = trained.artifact();
		List<String> selected = a.inputs().stream().filter(ForestArtifact.Input::cytokine).map(ForestArtifact.Input::name).toList();
		assertThat(selected).hasSize(14).contains("plasma-osteopontin", "plasma-il-11");
		Map<String, Object> full = (Map<String, Object>) a.metrics().get("preCIRI21");
		double c = (Double) full.get("cValidation");
		List<Double> ci = (List<Double>) full.get("cValidationCi95");
		assertThat(c).isGreaterThan(0.5);
		assertThat(ci.get(0)).isLessThanOrEqualTo(c);
		assertThat(ci.get(1)).isGreaterThanOrEqualTo(c);
		assertThat((Double) full.get("validationLogRankP")).isLessThan(0.05);
		assertThat((Double) full.get("validationHazardRatioHighVsLow")).isGreaterThan(1);
		assertThat(a.riskThreshold()).isEqualTo((Double) full.get("riskThreshold"));
		assertThat(a.trainedOnSyntheticData()).isTrue();
	}

	@Test
	void tooFewDeathsIsAClearError() {
		int n = 40;
		double[] time = new double[n];
		int[] status = new int[n];
		boolean[] discovery = new boolean[n];
		double[] values = new double[n];
		for (int i = 0; i < n; i++) {
			time[i] = 30 + i;
			status[i] = i % 8 == 0 ? 1 : 0; // 5 deaths in all
			discovery[i] = i < 20;
			values[i] = i;
		}
		SurvivalForestTraining.Table table = new SurvivalForestTraining.Table(
				List.of(new SurvivalForestTraining.Column("plasma-il-11", "pg/mL", "value", values)), List.of(), time, status, discovery);
		assertThatThrownBy(() -> SurvivalForestTraining.train(NsclcPreciriTraining.config(), table, Map.of()))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Too few events");
	}
}
