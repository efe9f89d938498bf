package org.immunorisk.models.trained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.immunorisk.features.FeatureDefinitions;
import org.immunorisk.features.FeatureExtractor;
import org.immunorisk.features.FeatureVector;
import org.immunorisk.features.UnitConverter;
import org.immunorisk.models.ModelKind;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.models.RiskModel;
import org.immunorisk.testsupport.ScenarioPatients;
import org.immunorisk.training.IgG4RdCohort;
import org.immunorisk.training.IgG4RdTraining;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The shipped IgG4-RD random forests (study A) as the server serves them, on the test-bundle patients at their
 * work-up dates. Expected probabilities were worked out apart from ImmunoRisk's FHIR extraction and encoding: the
 * shipped Tribuo model files were read with Tribuo alone and given the bundles' values typed in by hand
 * (test-bundles/README.md, trained-model table). A forest's vote cannot be worked out on paper; that is as
 * independent as it gets, and the directions are the ones the bundles are built for.
 */
class TrainedTribuoClassifierTest {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final FeatureExtractor EXTRACTOR = new FeatureExtractor(FeatureDefinitions.fromClasspath(), new UnitConverter());
	private static final List<RiskModel> SHIPPED = TrainedModels.fromClasspath();

	private static RiskModel model(String id) {
		return SHIPPED.stream().filter(m -> m.description().id().equals(id)).findFirst().orElseThrow();
	}

	private static FeatureVector scenario(String scenario, String workUp) {
		return EXTRACTOR.extract(ScenarioPatients.record(scenario), LocalDate.parse(workUp));
	}

	@Test
	void bothForestsShipAsTrainedSyntheticModelsWithDefinedCodesAndInputs() throws IOException {
		Set<String> modelCodes = codes("immunorisk/terminology/CodeSystem-immunorisk-model.json");
		Set<String> outcomeCodes = codes("immunorisk/terminology/CodeSystem-immunorisk-outcome.json");
		Set<String> inputs = new HashSet<>();
		JsonNode definitions = json("immunorisk/features/feature-definitions.json");
		definitions.get("features").forEach(f -> inputs.add(f.get("name").asText()));
		definitions.get("derived").forEach(f -> inputs.add(f.get("name").asText()));
		for (String id : List.of("igg4rd-rf", "igg4rd-rf-no-igg4")) {
			RiskModel m = model(id);
			assertThat(m).isInstanceOf(TrainedTribuoClassifier.class);
			assertThat(m.description().kind()).isEqualTo(ModelKind.TRAINED_MODEL);
			assertThat(m.description().trainedOnSyntheticData()).isTrue();
			assertThat(m.description().intendedUse()).contains("Trained on synthetic data");
			assertThat(modelCodes).contains(id);
			assertThat(outcomeCodes).contains(m.description().outcome());
			assertThat(inputs).containsAll(m.description().inputs());
		}
		assertThat(model("igg4rd-rf").description().inputs()).contains("serum-igg4");
		assertThat(model("igg4rd-rf-no-igg4").description().inputs()).doesNotContain("serum-igg4");
	}

	@Test
	void igg4rdHighIsIgG4RdLikely() {
		// 65 M, pancreas + submandibular + lacrimal, IgG4 850, IgG 2450, IgE 520, eosinophils 0.45, C3 62, C4 6, CRP 1.8:
		// 100 of 100 trees vote IgG4-RD.
		FeatureVector features = scenario("igg4rd-high", "2026-04-14");
		RiskModel forest = model("igg4rd-rf");
		assertThat(forest.isApplicable(features)).isTrue();
		assertThat(model("igg4rd-rf-no-igg4").isApplicable(features)).as("the variant without IgG4 steps aside").isFalse();
		Prediction p = forest.predict(features);
		assertThat(p.computed()).isTrue();
		assertThat(p.probability()).isCloseTo(1.000, within(0.0005));
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(p.category()).isEqualTo("IgG4-RD likely");
		assertThat(p.summary()).contains("probability of IgG4-RD 100%", "synthetic data", "not clinically validated");
		assertThat(p.inputsUsed()).contains("serum-igg4", "igg4rd-organs");
		assertThat(p.factors()).extracting(f -> f.input()).containsExactly("age", "sex", "serum-igg4", "serum-igg", "serum-ige",
				"eosinophils", "c3", "c4", "crp", "igg4rd-organs");
		assertThat(p.factors().get(2).value()).isEqualTo("850 mg/dL");
		assertThat(p.factors().get(2).explanation()).isEqualTo("model input (training serum-igg4 median 267)");
		// Asked for explicitly, the variant without IgG4 still answers (it just does not read the IgG4 on record).
		assertThat(model("igg4rd-rf-no-igg4").predict(features).probability()).isCloseTo(1.000, within(0.0005));
	}

	@Test
	void igg4rdLowIsAMimicker() {
		// 52 F, parotid only, IgG4 48, IgG 2100, IgE 45, eosinophils 0.12, C3 98, C4 22, CRP 1.2 (Sjögren-like): 8 of 100 trees.
		FeatureVector features = scenario("igg4rd-low", "2026-04-21");
		Prediction p = model("igg4rd-rf").predict(features);
		assertThat(p.probability()).isCloseTo(0.080, within(0.0005));
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(p.category()).isEqualTo("mimicker favoured");
		assertThat(model("igg4rd-rf-no-igg4").predict(features).probability()).isCloseTo(0.110, within(0.0005));
	}

	@Test
	void withoutSerumIgG4TheVariantTrainedWithoutItApplies() {
		// 70 M, pancreas + submandibular, IgG 1980, IgE 310, eosinophils 0.38, C3 88, C4 19, CRP 2.5; IgG4 not measured.
		FeatureVector features = scenario("igg4rd-missing-igg4", "2026-05-19");
		RiskModel forest = model("igg4rd-rf");
		RiskModel withoutIgG4 = model("igg4rd-rf-no-igg4");
		assertThat(forest.isApplicable(features)).isFalse();
		assertThat(withoutIgG4.isApplicable(features)).isTrue();
		Prediction missing = forest.predict(features);
		assertThat(missing.computed()).isFalse();
		assertThat(missing.missingInputs()).containsExactly("serum-igg4");
		assertThat(missing.summary()).contains("not imputed", "igg4rd-rf-no-igg4");
		Prediction p = withoutIgG4.predict(features);
		assertThat(p.probability()).isCloseTo(0.960, within(0.0005)); // 96 of 100 trees
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(p.category()).isEqualTo("IgG4-RD likely");
		assertThat(p.inputsUsed()).doesNotContain("serum-igg4");
	}

	@Test
	void patientsOutsideTheIgG4RdWorkUpGetNeitherForest() {
		for (String scenario : List.of("ra-high", "ssc-high", "nsclc-high", "no-domain-data")) {
			FeatureVector features = EXTRACTOR.extract(ScenarioPatients.record(scenario), LocalDate.of(2026, 10, 1));
			assertThat(model("igg4rd-rf").isApplicable(features)).as(scenario).isFalse();
			assertThat(model("igg4rd-rf-no-igg4").isApplicable(features)).as(scenario).isFalse();
		}
	}

	@Test
	void missingInputsAreReportedNotImputed() {
		FeatureVector partial = FeatureVector.builder().number("serum-igg4", 400, "mg/dL", "Observation/igg4")
				.codes("igg4rd-organs", Set.of("pancreas"), "Observation/organ").number("age", 60, "a").code("sex", "other").build();
		RiskModel forest = model("igg4rd-rf");
		assertThat(forest.isApplicable(partial)).isTrue();
		Prediction p = forest.predict(partial);
		assertThat(p.computed()).isFalse();
		// sex "other": the model knows male and female only, so it is missing rather than counted as not male
		assertThat(p.missingInputs()).containsExactly("sex", "serum-igg", "serum-ige", "eosinophils", "c3", "c4", "crp");
		assertThat(p.summary()).doesNotContain("igg4rd-rf-no-igg4"); // IgG4 is there: no variant to point to
	}

	/** The served score walks the trees itself (for speed); it must give exactly Tribuo's vote share on every patient. */
	@Test
	void theDirectTreeWalkGivesExactlyTribuosPrediction() {
		List<IgG4RdCohort.Patient> cohort = IgG4RdCohort.generate(IgG4RdTraining.SEED);
		for (String id : List.of("igg4rd-rf", "igg4rd-rf-no-igg4")) {
			TrainedTribuoClassifier forest = (TrainedTribuoClassifier) model(id);
			assertThat(forest.walksTreesDirectly()).as(id).isTrue();
			for (IgG4RdCohort.Patient patient : cohort) {
				FeatureVector features = IgG4RdTraining.inputsOf(patient);
				assertThat(forest.predict(features).probability()).as(id + " " + patient.id()).isEqualTo(forest.tribuoProbability(features));
			}
		}
	}

	@Test
	void scoringOnePatientTakesWellUnderAMillisecond() {
		FeatureVector features = scenario("igg4rd-high", "2026-04-14");
		RiskModel forest = model("igg4rd-rf");
		for (int i = 0; i < 2000; i++) {
			forest.predict(features); // warm-up
		}
		int n = 2000;
		java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
		long start = threads.getCurrentThreadCpuTime(); // CPU time: a busy build machine stretches wall time, not this
		for (int i = 0; i < n; i++) {
			forest.predict(features);
		}
		double micros = (threads.getCurrentThreadCpuTime() - start) / 1e3 / n;
		// about 45 µs measured (the trees' vote plus the factors); Tribuo's own predict alone takes about 650 µs
		assertThat(micros).as("µs of CPU per prediction").isLessThan(1000);
	}

	@Test
	void aModelFileThatIsNotTheTrainedOneIsRefused() throws IOException {
		TribuoClassifierArtifact artifact = ((TrainedTribuoClassifier) model("igg4rd-rf")).artifact();
		byte[] other;
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(TrainedModels.LOCATION + "igg4rd-rf-no-igg4.tribuo.pb.gz")) {
			other = in.readAllBytes();
		}
		assertThatThrownBy(() -> TrainedTribuoClassifier.load(artifact, name -> new ByteArrayInputStream(other)))
				.isInstanceOf(IllegalStateException.class).hasMessageContaining("is not the model the manifest describes");
	}

	private static Set<String> codes(String resource) throws IOException {
		Set<String> codes = new HashSet<>();
		json(resource).get("concept").forEach(c -> codes.add(c.get("code").asText()));
		return codes;
	}

	private static JsonNode json(String resource) throws IOException {
		try (InputStream in = TrainedTribuoClassifierTest.class.getClassLoader().getResourceAsStream(resource)) {
			return JSON.readTree(in);
		}
	}
}
