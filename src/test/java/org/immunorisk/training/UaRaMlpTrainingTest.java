package org.immunorisk.training;

import org.immunorisk.models.trained.MlpArtifact;
import org.immunorisk.models.trained.TrainedModels;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Study B's pipeline: retraining reproduces the shipped manifest and model card byte for byte (the full
 * configuration: about 5 s), the synthetic cohorts have the properties their generator's comment promises, and a
 * development cohort with too few progressions is refused.
 */
class UaRaMlpTrainingTest {

	/** One retraining shared by the tests (the pipeline is deterministic, so sharing hides nothing). */
	private static UaRaMlpTraining.Trained trained;

	private static synchronized UaRaMlpTraining.Trained trained() {
		if (trained == null) {
			trained = UaRaMlpTraining.uaToRa();
		}
		return trained;
	}

	@Test
	void retrainingReproducesTheShippedManifestAndCard() throws Exception {
		MlpArtifact a = trained().artifact();
		String shipped;
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(TrainedModels.LOCATION + "ua-ra-mlp.json")) {
			assertThat(in).as("shipped manifest").isNotNull();
			shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(TrainModels.JSON.writeValueAsString(a) + "\n").isEqualTo(shipped);
		assertThat(Files.readString(Path.of("docs/model-cards/ua-ra-mlp.md"))).isEqualTo(UaRaModelCard.markdown(a));
		@SuppressWarnings("unchecked")
		Map<String, Object> development = (Map<String, Object>) a.provenance().get("developmentCohort");
		@SuppressWarnings("unchecked")
		Map<String, Object> external = (Map<String, Object>) a.provenance().get("externalCohort");
		assertThat(development.get("sha256")).isEqualTo(TrainModels.sha256(trained().developmentCsv()));
		assertThat(external.get("sha256")).isEqualTo(TrainModels.sha256(trained().externalCsv()));
		// The ROC plot is regenerated with the card; its text depends on the machine's fonts, so only its shape is checked.
		BufferedImage roc = ImageIO.read(Path.of("docs/model-cards/ua-ra-mlp-roc.png").toFile());
		assertThat(roc.getWidth()).isEqualTo(UaRaRocPlot.SIZE);
		assertThat(roc.getHeight()).isEqualTo(UaRaRocPlot.SIZE);
		// The calibration plot has no text: byte for byte.
		assertThat(Files.readAllBytes(Path.of("docs/model-cards/ua-ra-mlp-calibration.png"))).isEqualTo(UaRaModelCard.calibrationPng(a));
		@SuppressWarnings("unchecked")
		Map<String, Object> calibration = (Map<String, Object>) a.metrics().get("calibrationExternal");
		@SuppressWarnings("unchecked")
		Map<String, Object> mlp = (Map<String, Object>) ((Map<String, Object>) a.metrics().get("external")).get("mlp");
		assertThat(calibration).containsEntry("n", mlp.get("n")).containsEntry("events", mlp.get("events"));
	}

	/**
	 * Smile's generator is global to the thread: the pipeline must reseed it before every network, whatever ran
	 * before. A small configuration (10 epochs, same code path) keeps this quick; the full one is checked above.
	 */
	@Test
	void trainingTwiceInOneJvmGivesTheSameBytesWhateverUsedSmilesGeneratorBefore() throws Exception {
		List<UndifferentiatedArthritisCohort.Patient> development = UndifferentiatedArthritisCohort.generate(
				UndifferentiatedArthritisCohort.KURAMA, 5);
		List<UndifferentiatedArthritisCohort.Patient> external = UndifferentiatedArthritisCohort.generate(
				UndifferentiatedArthritisCohort.ANSWER, 6);
		MlpTraining.Hyper small = new MlpTraining.Hyper(List.of(16, 8), 10, 20, 0.01, 0.9, 0.01);
		String first = TrainModels.JSON.writeValueAsString(UaRaMlpTraining.train(development, external, small, 5).artifact());
		smile.math.MathEx.setSeed(1); // disturb Smile's generator
		smile.math.MathEx.random();
		String second = TrainModels.JSON.writeValueAsString(UaRaMlpTraining.train(development, external, small, 5).artifact());
		assertThat(second).isEqualTo(first);
		String weights = TrainModels.JSON.writeValueAsString(UaRaMlpTraining.train(development, external, small, 5).artifact().layers());
		String otherSeed = TrainModels.JSON.writeValueAsString(UaRaMlpTraining.train(development, external, small, 7).artifact().layers());
		assertThat(otherSeed).as("the seed reaches the network's weights").isNotEqualTo(weights);
	}

	@Test
	void theManifestSaysWhatTheServerNeeds() {
		MlpArtifact a = trained().artifact();
		assertThat(a.kind()).isEqualTo("smile-mlp");
		assertThat(a.trainedOnSyntheticData()).isTrue();
		assertThat(a.inputs()).hasSize(15);
		assertThat(a.layers()).extracting(l -> l.bias().length).containsExactly(16, 8, 1);
		assertThat(a.layers()).extracting(MlpArtifact.Layer::activation).containsExactly("relu", "relu", "sigmoid");
		assertThat(a.inputs().stream().map(MlpArtifact.Input::feature).distinct()).containsExactly("age", "sex", "tender-joint-count",
				"swollen-joint-count", "small-joints-involved", "large-joints-involved", "joints-symmetric", "joint-distribution",
				"morning-stiffness-vas", "symptom-duration", "crp", "esr", "rheumatoid-factor", "anti-ccp");
		@SuppressWarnings("unchecked")
		Map<String, Object> hyper = (Map<String, Object>) a.provenance().get("hyperParameters");
		assertThat(hyper.get("epochs")).isEqualTo(200);
		assertThat(UaRaMlpTraining.WEIGHT_DECAY_GRID).contains((Double) hyper.get("weightDecay"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void metricsCarryTheirCisAndThePublishedFiguresBesideThem() {
		Map<String, Object> m = trained().artifact().metrics();
		Map<String, Object> external = (Map<String, Object>) m.get("external");
		for (String part : List.of("mlp", "mlpSeronegative", "leiden", "leidenSeronegative")) {
			Map<String, Object> metrics = (Map<String, Object>) external.get(part);
			double accuracy = (Double) metrics.get("accuracy");
			List<Double> accuracyCi = (List<Double>) metrics.get("accuracyCi95");
			double auroc = (Double) metrics.get("auroc");
			List<Double> aurocCi = (List<Double>) metrics.get("aurocCi95");
			assertThat(accuracyCi.get(0)).as(part).isLessThanOrEqualTo(accuracy);
			assertThat(accuracyCi.get(1)).as(part).isGreaterThanOrEqualTo(accuracy);
			assertThat(aurocCi.get(0)).as(part).isLessThanOrEqualTo(auroc);
			assertThat(aurocCi.get(1)).as(part).isGreaterThanOrEqualTo(auroc);
			assertThat(auroc).as(part + ": better than chance on data built with a signal").isGreaterThan(0.6);
		}
		assertThat(((Map<String, Object>) external.get("mlp")).get("n")).isEqualTo(400);
		Map<String, Object> published = (Map<String, Object>) m.get("published");
		assertThat(published).containsEntry("trainingAccuracy", 0.85).containsEntry("trainingAuroc", 0.89)
				.containsEntry("externalAccuracy", 0.75).containsEntry("externalAccuracySeronegative", 0.77);
	}

	@Test
	void wilsonIntervalMatchesAWorkedExample() {
		// 82 of 100, z = 1.96: centre (0.82 + 3.8415/200) / 1.038415 = 0.80816;
		// half-width 1.96 / 1.038415 · √(0.82 · 0.18 / 100 + 3.8415 / 40000) = 0.07484 → 0.7333–0.8830
		List<Double> ci = UaRaMlpTraining.wilson(82, 100);
		assertThat(ci.get(0)).isCloseTo(0.7333, within(0.0002));
		assertThat(ci.get(1)).isCloseTo(0.8830, within(0.0002));
	}

	@Test
	void theCohortsAreMixedAsTheGeneratorSays() {
		List<UndifferentiatedArthritisCohort.Patient> kurama = UndifferentiatedArthritisCohort.generate(UndifferentiatedArthritisCohort.KURAMA,
				UaRaMlpTraining.SEED);
		List<UndifferentiatedArthritisCohort.Patient> answer = UndifferentiatedArthritisCohort.generate(UndifferentiatedArthritisCohort.ANSWER,
				UaRaMlpTraining.SEED + 1);
		assertThat(kurama).hasSize(300);
		assertThat(answer).hasSize(400);
		assertThat(share(kurama, UndifferentiatedArthritisCohort.Patient::progressed)).isBetween(0.25, 0.35);
		assertThat(share(answer, UndifferentiatedArthritisCohort.Patient::seronegative))
				.isGreaterThan(share(kurama, UndifferentiatedArthritisCohort.Patient::seronegative) + 0.05);
		assertThat(answer.stream().mapToInt(UndifferentiatedArthritisCohort.Patient::age).average().orElseThrow())
				.isGreaterThan(kurama.stream().mapToInt(UndifferentiatedArthritisCohort.Patient::age).average().orElseThrow() + 3);
		// Leiden directions: anti-CCP positive and female patients progress more often
		List<UndifferentiatedArthritisCohort.Patient> both = new java.util.ArrayList<>(kurama);
		both.addAll(answer);
		assertThat(rate(both, p -> p.antiCcp() > UndifferentiatedArthritisCohort.ACPA_ULN))
				.isGreaterThan(rate(both, p -> p.antiCcp() <= UndifferentiatedArthritisCohort.ACPA_ULN) + 0.3);
		assertThat(rate(both, UndifferentiatedArthritisCohort.Patient::female))
				.isGreaterThan(rate(both, p -> !p.female()));
		// every synthetic patient has every input the served model and the Leiden rule read
		assertThat(kurama.get(0).features().features()).hasSize(16);
	}

	@Test
	void theOutcomeInterceptIsTheOneThatGivesThirtyPercentProgression() {
		assertThat(UndifferentiatedArthritisCohort.solveIntercept()).isCloseTo(UndifferentiatedArthritisCohort.OUTCOME_INTERCEPT, within(0.05));
	}

	@Test
	void tooFewProgressionsIsAClearError() {
		List<UndifferentiatedArthritisCohort.Patient> cohort = UndifferentiatedArthritisCohort.generate(UndifferentiatedArthritisCohort.KURAMA,
				UaRaMlpTraining.SEED);
		List<UndifferentiatedArthritisCohort.Patient> fewEvents = new java.util.ArrayList<>(
				cohort.stream().filter(p -> !p.progressed()).toList());
		fewEvents.addAll(cohort.stream().filter(UndifferentiatedArthritisCohort.Patient::progressed).limit(9).toList());
		assertThatThrownBy(() -> UaRaMlpTraining.train(fewEvents, cohort, UaRaMlpTraining.HYPER, 1))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Too few events").hasMessageContaining("9 progressions");
	}

	private static double share(List<UndifferentiatedArthritisCohort.Patient> cohort,
			java.util.function.Predicate<UndifferentiatedArthritisCohort.Patient> test) {
		return (double) cohort.stream().filter(test).count() / cohort.size();
	}

	private static double rate(List<UndifferentiatedArthritisCohort.Patient> cohort,
			java.util.function.Predicate<UndifferentiatedArthritisCohort.Patient> group) {
		List<UndifferentiatedArthritisCohort.Patient> members = cohort.stream().filter(group).toList();
		return share(members, UndifferentiatedArthritisCohort.Patient::progressed);
	}
}
