package org.immunorisk.training;

import org.immunorisk.models.trained.TrainedModels;
import org.immunorisk.models.trained.TribuoClassifierArtifact;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Study A's pipeline: retraining the shipped configuration reproduces the shipped manifests, Tribuo model files,
 * model cards and ROC plots byte for byte (the full configuration trains in a few seconds, so it is the one
 * checked); the cohort has the published size and the assumed directions; the split follows the protocol; and
 * a cohort too small to validate is refused.
 */
class IgG4RdTrainingTest {

	private static List<IgG4RdTraining.Trained> trained;

	@BeforeAll
	static void retrain() {
		trained = IgG4RdTraining.train(IgG4RdTraining.STUDY);
	}

	@Test
	@SuppressWarnings("unchecked")
	void retrainingReproducesTheShippedManifestsModelsCardsAndPlots() throws IOException {
		assertThat(trained).extracting(t -> t.artifact().id()).containsExactly("igg4rd-rf", "igg4rd-rf-no-igg4");
		for (IgG4RdTraining.Trained t : trained) {
			TribuoClassifierArtifact a = t.artifact();
			assertThat(TrainModels.JSON.writeValueAsString(a) + "\n").as(a.id() + " manifest")
					.isEqualTo(new String(shipped(a.id() + ".json"), StandardCharsets.UTF_8));
			byte[] shippedModel = shipped(a.modelFile());
			try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(shippedModel))) {
				assertThat(in.readAllBytes()).as(a.id() + " Tribuo protobuf").isEqualTo(t.modelProto());
			}
			// The gzip container too; a JDK whose zlib compresses differently would fail only here, with identical models.
			assertThat(t.modelFile()).as(a.id() + " model file").isEqualTo(shippedModel);
			assertThat(IgG4RdTraining.sha256(t.modelProto())).isEqualTo(a.modelSha256());
			assertThat(Files.readString(Path.of("docs/model-cards", a.id() + ".md"))).isEqualTo(TribuoModelCard.markdown(a));
			assertThat(Files.readAllBytes(Path.of("docs/model-cards", a.id() + "-roc.png"))).as(a.id() + " ROC plot").isEqualTo(t.rocPng());
			assertThat(Files.readAllBytes(Path.of("docs/model-cards", CalibrationCard.plotFile(a.id())))).as(a.id() + " calibration plot")
					.isEqualTo(TribuoModelCard.calibrationPng(a));
			assertThat((Map<String, Object>) a.metrics().get("calibrationTest")).containsEntry("n", a.metrics().get("nTest"))
					.containsEntry("events", a.metrics().get("igg4rdTest"));
			assertThat((Map<String, Object>) a.metrics().get("calibrationValidation")).containsEntry("n", a.metrics().get("nValidation"))
					.containsEntry("events", a.metrics().get("igg4rdValidation"));
			assertThat(a.provenance().get("cohortSha256")).isEqualTo(TrainModels.sha256(t.cohortCsv()));
		}
	}

	@Test
	void theShippedFileKeepsTribuosProvenanceWithoutTimeOrHost() {
		Model<?> forest = TribuoArtifacts.read(trained.get(0).modelProto());
		assertThat(forest.getProvenance().getTrainingTime().toString()).isEqualTo(TribuoArtifacts.FIXED_TIME);
		assertThat(forest.getProvenance().getJavaVersion()).isEqualTo(TribuoArtifacts.NOT_RECORDED);
		assertThat(forest.getProvenance().getTrainerProvenance().toString()).contains("RandomForestTrainer", "numMembers=100",
				"seed=" + IgG4RdTraining.SEED);
		assertThat(forest.validate(Label.class)).isTrue();
		@SuppressWarnings("unchecked")
		Map<String, Object> provenance = (Map<String, Object>) trained.get(0).artifact().provenance().get("tribuoProvenance");
		assertThat(provenance).containsEntry("member-provenance-count", 100).containsEntry("tribuo-version", "4.3.2");
	}

	@Test
	void theCohortHasThePublishedSizeAndTheAssumedDirections() {
		List<IgG4RdCohort.Patient> cohort = IgG4RdCohort.generate(IgG4RdTraining.SEED);
		assertThat(cohort).hasSize(806);
		assertThat(cohort.stream().filter(IgG4RdCohort.Patient::igg4rd)).hasSize(602);
		assertThat(cohort).allSatisfy(p -> assertThat(p.organs()).isNotEmpty());
		List<IgG4RdCohort.Patient> cases = cohort.stream().filter(IgG4RdCohort.Patient::igg4rd).toList();
		List<IgG4RdCohort.Patient> mimickers = cohort.stream().filter(p -> !p.igg4rd()).toList();
		assertThat(median(cases, IgG4RdCohort.Patient::igg4)).isGreaterThan(3 * median(mimickers, IgG4RdCohort.Patient::igg4));
		assertThat(median(cases, IgG4RdCohort.Patient::ige)).isGreaterThan(median(mimickers, IgG4RdCohort.Patient::ige));
		assertThat(median(cases, IgG4RdCohort.Patient::c3)).isLessThan(median(mimickers, IgG4RdCohort.Patient::c3));
		assertThat(median(cases, IgG4RdCohort.Patient::crp)).isLessThan(median(mimickers, IgG4RdCohort.Patient::crp));
		assertThat(IgG4RdCohort.csv(cohort)).startsWith("id,group,label,age,sex,igg4_mg_dl").hasLineCount(807);
		assertThat(IgG4RdCohort.generate(IgG4RdTraining.SEED)).isEqualTo(cohort); // seeded
	}

	@Test
	void theSplitFollowsTheProtocolAndTheTreeSplitsFirstOnSerumIgG4() {
		Map<String, Object> metrics = trained.get(0).artifact().metrics();
		// IgG4-RD 602 → 60 validation, 108 test, 434 training; mimickers 204 → 20, 37, 147
		assertThat(metrics).containsEntry("nValidation", 80).containsEntry("igg4rdValidation", 60)
				.containsEntry("nTest", 145).containsEntry("igg4rdTest", 108).containsEntry("nTraining", 581).containsEntry("igg4rdTraining", 434);
		@SuppressWarnings("unchecked")
		Map<String, Object> cart = (Map<String, Object>) metrics.get("cart");
		@SuppressWarnings("unchecked")
		List<String> tree = (List<String>) cart.get("tree");
		assertThat(tree.get(0)).startsWith("serum-igg4 ≤ ");
		for (IgG4RdTraining.Trained t : trained) {
			@SuppressWarnings("unchecked")
			Map<String, Object> forest = (Map<String, Object>) t.artifact().metrics().get("randomForest");
			for (String set : List.of("Test", "Validation")) {
				double auroc = (Double) forest.get("auroc" + set);
				@SuppressWarnings("unchecked")
				List<Double> ci = (List<Double>) forest.get("auroc" + set + "Ci95");
				assertThat(ci.get(0)).isLessThanOrEqualTo(auroc);
				assertThat(ci.get(1)).isGreaterThanOrEqualTo(auroc);
			}
		}
	}

	@Test
	void aCohortTooSmallToValidateIsAClearError() {
		IgG4RdTraining.Config tiny = new IgG4RdTraining.Config(1, List.of(100, 5, 4, 3, 2, 1), 0.1, 0.2, 4, 10f, 10, 0.2f, 5f, 100);
		assertThatThrownBy(() -> IgG4RdTraining.train(tiny)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("Too few patients").hasMessageContaining("15 mimickers");
	}

	private static byte[] shipped(String name) throws IOException {
		try (InputStream in = IgG4RdTrainingTest.class.getClassLoader().getResourceAsStream(TrainedModels.LOCATION + name)) {
			assertThat(in).as("shipped " + name).isNotNull();
			return in.readAllBytes();
		}
	}

	private static double median(List<IgG4RdCohort.Patient> patients, java.util.function.ToDoubleFunction<IgG4RdCohort.Patient> value) {
		double[] values = patients.stream().mapToDouble(value).sorted().toArray();
		return values[values.length / 2];
	}
}
