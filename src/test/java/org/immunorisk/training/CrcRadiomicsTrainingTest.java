package org.immunorisk.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.immunorisk.models.trained.GbmArtifact;
import org.immunorisk.models.trained.TrainedModels;
import org.immunorisk.training.CrcRadiomicsCohort.Patient;
import org.immunorisk.training.CrcRadiomicsCohort.Series;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The CRC radiomics pipeline (study E). The full nested CV of the shipped configuration takes minutes on a shared
 * 2-core machine, so by default these tests retrain the served model in full (its binary must come out byte for byte)
 * and run the nested CV in a reduced configuration twice (same bytes both times); the shipped manifest's metrics are
 * checked against a full retrain only with {@code -Dimmunorisk.retrain.full=true}.
 */
class CrcRadiomicsTrainingTest {

	private static final String ID = "crc-tmb-radiomics";

	/** Fewer trees, candidates and inner folds, two series (those of the discordance analysis): seconds, not minutes. */
	static CrcRadiomicsTraining.Config reduced() {
		CrcRadiomicsTraining.Config full = TrainModels.crcTmbRadiomicsConfig();
		return new CrcRadiomicsTraining.Config(full.id(), full.version(), full.title(), full.intendedUse(), full.citation(),
				full.evidenceLevel(), full.seed(), new RadiomicsSelection.Settings(0.9, 0.05, 3, 20, 0.34, 3, 4, 3, 0.1, 0.8), 5, 3,
				List.of(1, 2), List.of(20), 200, List.of(Series.PRIMARY_PRONE, Series.LIVER_CONTRAST), Series.PRIMARY_PRONE);
	}

	private static byte[] shipped(String file) throws IOException {
		try (InputStream in = CrcRadiomicsTrainingTest.class.getClassLoader().getResourceAsStream(TrainedModels.LOCATION + file)) {
			assertThat(in).as("shipped " + file).isNotNull();
			return in.readAllBytes();
		}
	}

	private static GbmArtifact shippedManifest() throws IOException {
		return new ObjectMapper().readValue(shipped(ID + ".json"), GbmArtifact.class);
	}

	@Test
	void theCohortFollowsThePublishedCounts() {
		List<Patient> cohort = CrcRadiomicsCohort.generate(TrainModels.CRC_RADIOMICS_SEED);
		assertThat(cohort).hasSize(24);
		assertThat(cohort.stream().filter(Patient::primaryHigh)).hasSize(8);
		assertThat(cohort.stream().filter(Patient::liverHigh)).hasSize(5);
		assertThat(cohort.stream().filter(Patient::discordant)).hasSize(7);
		assertThat(cohort.stream().filter(p -> p.primaryHigh() && !p.liverHigh())).hasSize(5);
		List<Patient> noContrast = cohort.stream().filter(p -> !p.features().containsKey(Series.LIVER_CONTRAST)).toList();
		assertThat(noContrast).hasSize(2).allMatch(p -> !p.primaryHigh() && !p.liverHigh() && p.features().size() == 1);
		assertThat(cohort).allMatch(p -> p.features().values().stream().allMatch(x -> x.length == 1037));
		// Heavy correlation: most features have a partner with |r| > 0.9 somewhere, so the filter drops many.
		CrcRadiomicsTraining.Table plain = CrcRadiomicsTraining.table(cohort, Series.LIVER_PLAIN);
		int[] rows = java.util.stream.IntStream.range(0, 24).toArray();
		assertThat(RadiomicsSelection.uncorrelated(plain.x(), rows, 0.9)).hasSizeBetween(300, 700);
	}

	@Test
	void selectionStepsDoWhatTheySay() {
		double[][] x = new double[12][4];
		int[] y = new int[12];
		for (int i = 0; i < 12; i++) {
			y[i] = i < 6 ? 1 : 0;
			x[i][0] = i;                    // perfectly separates the classes (ranks) and
			x[i][1] = 2 * i + 1;            // is a copy of it (r = 1): one of the two goes
			x[i][2] = (i * 7) % 5;          // noise
			x[i][3] = (i % 2 == 0 ? 1 : -1) * i; // noise
		}
		int[] rows = java.util.stream.IntStream.range(0, 12).toArray();
		List<Integer> kept = RadiomicsSelection.uncorrelated(x, rows, 0.9);
		assertThat(kept).hasSize(3).containsAnyOf(0, 1).contains(2, 3);
		List<Integer> significant = RadiomicsSelection.mannWhitney(x, y, rows, kept, 0.05, 1);
		assertThat(significant).hasSize(1).first().isIn(0, 1);
		// Youden: the threshold between the classes' scores separates them perfectly.
		double[] p = {0.9, 0.8, 0.7, 0.4, 0.3, 0.2};
		int[] truth = {1, 1, 1, 0, 0, 0};
		assertThat(CrcRadiomicsTraining.youden(truth, p)).isCloseTo(0.55, within(1e-12));
		assertThat(CrcRadiomicsTraining.confusion(truth, p, 0.55).accuracy()).isEqualTo(1.0);
		// Clopper–Pearson of 6/7 (the published discordance sensitivity): R's binom.test gives 0.4213 to 0.9964.
		assertThat(CrcRadiomicsTraining.clopperPearson(6, 7).get(0)).isCloseTo(0.4213, within(1e-4));
		assertThat(CrcRadiomicsTraining.clopperPearson(6, 7).get(1)).isCloseTo(0.9964, within(1e-4));
		// Stratified folds: 5 events in 5 folds, one each.
		int[] labels = new int[22];
		for (int i = 0; i < 5; i++) {
			labels[i * 4] = 1;
		}
		int[][] folds = CrcRadiomicsTraining.stratifiedFolds(labels, java.util.stream.IntStream.range(0, 22).toArray(), 5, 1);
		for (int[] fold : folds) {
			assertThat(java.util.Arrays.stream(fold).map(r -> labels[r]).sum()).isEqualTo(1);
			assertThat(fold.length).isBetween(4, 5);
		}
	}

	@Test
	void theServedModelRetrainsToTheShippedBinaryAndTheCardToTheManifest() throws Exception {
		GbmArtifact manifest = shippedManifest();
		CrcRadiomicsTraining.FinalModel fit = CrcRadiomicsTraining.finalModel(TrainModels.crcTmbRadiomicsConfig(),
				CrcRadiomicsCohort.generate(TrainModels.CRC_RADIOMICS_SEED));
		assertThat(fit.binary()).isEqualTo(shipped(manifest.binary().file()));
		assertThat(CrcRadiomicsTraining.sha256(fit.binary())).isEqualTo(manifest.binary().sha256());
		assertThat(fit.names()).isEqualTo(manifest.inputs().stream().map(GbmArtifact.Input::name).toList());
		assertThat(manifest.provenance().get("cohortSha256"))
				.isEqualTo(TrainModels.sha256(CrcRadiomicsCohort.csv(CrcRadiomicsCohort.generate(TrainModels.CRC_RADIOMICS_SEED))));
		assertThat(Files.readString(Path.of("docs/model-cards", ID + ".md"))).isEqualTo(CrcRadiomicsModelCard.markdown(manifest));
		assertThat(Files.readAllBytes(Path.of("docs/model-cards", CalibrationCard.plotFile(ID)))).isEqualTo(CrcRadiomicsModelCard.calibrationPng(manifest));
		assertThat(manifest.trainedOnSyntheticData()).isTrue();
		assertThat(manifest.threshold()).isBetween(0.0, 1.0);
	}

	@Test
	void aReducedConfigurationRetrainsToTheSameBytesAndSaneMetrics() throws Exception {
		List<Patient> cohort = CrcRadiomicsCohort.generate(TrainModels.CRC_RADIOMICS_SEED);
		CrcRadiomicsTraining.Trained first = CrcRadiomicsTraining.train(reduced(), cohort);
		CrcRadiomicsTraining.Trained second = CrcRadiomicsTraining.train(reduced(), CrcRadiomicsCohort.generate(TrainModels.CRC_RADIOMICS_SEED));
		assertThat(CrcRadiomicsTraining.json(second.artifact())).isEqualTo(CrcRadiomicsTraining.json(first.artifact()));
		assertThat(second.binary()).isEqualTo(first.binary());
		for (CrcRadiomicsTraining.SeriesResult r : first.results().values()) {
			assertThat(r.auroc()).isBetween(0.0, 1.0);
			assertThat(r.aurocCi()[0]).isLessThanOrEqualTo(r.auroc());
			assertThat(r.aurocCi()[1]).isGreaterThanOrEqualTo(r.auroc());
			assertThat(r.folds()).hasSize(5).allMatch(f -> f.eventsTested() >= 1 && f.selected().size() <= 2);
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> discordance = (Map<String, Object>) first.artifact().metrics().get("discordance");
		assertThat(discordance).containsEntry("n", 22).containsEntry("discordant", 7);
		@SuppressWarnings("unchecked")
		Map<String, Object> calibration = (Map<String, Object>) first.artifact().metrics().get("calibrationOutOfFold");
		CrcRadiomicsTraining.SeriesResult served = first.results().get(Series.PRIMARY_PRONE);
		assertThat(calibration).as("calibration on the served series' out-of-fold probabilities")
				.containsEntry("n", served.labels().length).containsEntry("events", java.util.Arrays.stream(served.labels()).sum());
	}

	@Test
	void tooFewTmbHighLesionsIsAClearError() {
		List<Patient> fewHigh = new ArrayList<>();
		for (Patient p : CrcRadiomicsCohort.generate(TrainModels.CRC_RADIOMICS_SEED)) {
			// Only the first two primaries stay TMB-high: too few for 5 stratified folds.
			boolean keep = fewHigh.stream().filter(Patient::primaryHigh).count() < 2 && p.primaryHigh();
			fewHigh.add(new Patient(p.id(), keep ? p.tmbPrimary() : 3.0, p.tmbLiver(), p.features()));
		}
		assertThatThrownBy(() -> CrcRadiomicsTraining.train(reduced(), fewHigh))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Too few events").hasMessageContaining("2 TMB-high");
		assertThatThrownBy(() -> CrcRadiomicsTraining.finalModel(reduced(), fewHigh))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Too few events");
	}

	@Test
	@EnabledIfSystemProperty(named = "immunorisk.retrain.full", matches = "true")
	void theFullPipelineReproducesTheShippedManifestBinaryAndCard() throws Exception {
		CrcRadiomicsTraining.Trained trained = TrainModels.crcTmbRadiomics();
		assertThat(CrcRadiomicsTraining.json(trained.artifact())).isEqualTo(new String(shipped(ID + ".json"), StandardCharsets.UTF_8));
		assertThat(trained.binary()).isEqualTo(shipped(ID + ".ser"));
		assertThat(Files.readString(Path.of("docs/model-cards", ID + ".md"))).isEqualTo(CrcRadiomicsModelCard.markdown(trained.artifact()));
	}
}
