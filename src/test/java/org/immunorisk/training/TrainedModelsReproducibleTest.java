package org.immunorisk.training;

import org.immunorisk.models.trained.LogisticArtifact;
import org.immunorisk.models.trained.TrainedModels;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One command retrains the demonstration models; this retrains them in-process and requires the very bytes that
 * ship (artifact, model card and calibration plot), so a shipped model can always be traced to its seed and code.
 */
class TrainedModelsReproducibleTest {

	@Test
	void retrainingReproducesTheShippedArtifactsAndCards() throws Exception {
		List<TrainModels.Trained> trained = TrainModels.all();
		assertThat(trained).extracting(t -> t.artifact().id()).containsExactly("ra-tnfi-response", "ra-abatacept-response",
				"ra-rapid-progression", "ssc-renal-crisis-cells", "ssc-ild-progression-cells");
		for (TrainModels.Trained t : trained) {
			String shipped;
			try (InputStream in = getClass().getClassLoader().getResourceAsStream(TrainedModels.LOCATION + t.artifact().id() + ".json")) {
				assertThat(in).as("shipped artifact of " + t.artifact().id()).isNotNull();
				shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			assertThat(TrainModels.json(t.artifact())).isEqualTo(shipped);
			assertThat(Files.readString(Path.of("docs/model-cards", t.artifact().id() + ".md")))
					.isEqualTo(ModelCard.markdown(t.artifact()));
			assertThat(Files.readAllBytes(Path.of("docs/model-cards", CalibrationCard.plotFile(t.artifact().id()))))
					.as(t.artifact().id() + " calibration plot").isEqualTo(ModelCard.calibrationPng(t.artifact()));
			// The ROC plot has text (its legend gives the AUROCs) whose rendering depends on the JDK's fonts, so it is not
			// compared byte for byte: it must decode and have the redrawn plot's size; ModelCard.rocPng itself refuses to
			// draw a held-out curve whose AUROC is not the manifest's.
			java.awt.image.BufferedImage roc = javax.imageio.ImageIO.read(Path.of("docs/model-cards", ModelCard.rocFile(t.artifact().id())).toFile());
			java.awt.image.BufferedImage redrawn = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
					ModelCard.rocPng(t.artifact(), t.table())));
			assertThat(roc).as(t.artifact().id() + " ROC plot").isNotNull();
			assertThat(roc.getWidth()).isEqualTo(redrawn.getWidth());
			assertThat(roc.getHeight()).isEqualTo(redrawn.getHeight());
			@SuppressWarnings("unchecked")
			java.util.Map<String, Object> calibration = (java.util.Map<String, Object>) t.artifact().metrics().get("calibrationHeldOut");
			assertThat(calibration).as("calibration on the AUROC's held-out patients")
					.containsEntry("n", t.artifact().metrics().get("nHeldOut")).containsEntry("events", t.artifact().metrics().get("eventsHeldOut"));
			assertThat(t.artifact().provenance().get("cohortSha256")).isEqualTo(TrainModels.sha256(t.cohortCsv()));
		}
	}

	/** The generator's assumed effects (interferon → TNF inhibitor, monocyte → abatacept) are what the fit finds. */
	@Test
	void thePipelineRecoversTheEffectDirectionsItWasGivenNotMore() {
		List<TrainModels.Trained> trained = TrainModels.raBiologicResponse();
		LogisticArtifact tnfi = trained.get(0).artifact();
		LogisticArtifact abatacept = trained.get(1).artifact();
		assertThat(strongest(tnfi)).isEqualTo("interferon-signature");
		assertThat(strongest(abatacept)).isEqualTo("monocyte-signature");
		assertThat(tnfi.inputs().get(0).coefficient()).isPositive();
		assertThat(abatacept.inputs().get(1).coefficient()).isPositive();
		for (LogisticArtifact a : List.of(tnfi, abatacept)) {
			assertThat(a.trainedOnSyntheticData()).isTrue();
			assertThat((Double) a.metrics().get("aurocHeldOut")).isBetween(0.0, 1.0);
			@SuppressWarnings("unchecked")
			List<Double> ci = (List<Double>) a.metrics().get("aurocHeldOutCi95");
			assertThat(ci.get(0)).isLessThanOrEqualTo((Double) a.metrics().get("aurocHeldOut"));
			assertThat(ci.get(1)).isGreaterThanOrEqualTo((Double) a.metrics().get("aurocHeldOut"));
		}
	}

	@Test
	void tooFewEventsIsAClearError() {
		double[][] x = new double[30][1];
		int[] y = new int[30];
		for (int i = 0; i < 30; i++) {
			x[i][0] = i;
			y[i] = i < 3 ? 1 : 0;
		}
		LogisticTraining.Config config = new LogisticTraining.Config("t", "0", "t", "o", "u", "c", "e", List.of("v"), 1, 0, 0.2,
				100, List.of(new LogisticArtifact.RiskBand(null, "high", "h")));
		assertThatThrownBy(() -> LogisticTraining.train(config, new LogisticTraining.Table(x, y), java.util.Map.of()))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Too few events");
	}

	private static String strongest(LogisticArtifact a) {
		return a.inputs().stream().max(java.util.Comparator.comparingDouble(i -> Math.abs(i.coefficient()))).orElseThrow().name();
	}
}
