package org.immunorisk.models.trained;

import org.immunorisk.features.Feature;
import org.immunorisk.features.FeatureDefinitions;
import org.immunorisk.features.FeatureExtractor;
import org.immunorisk.features.FeatureVector;
import org.immunorisk.features.UnitConverter;
import org.immunorisk.models.ModelKind;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.testsupport.ScenarioPatients;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The shipped preCIRI21 forest ({@code nsclc-preciri-rsf}) as the server serves it, on the NSCLC test-bundle
 * patients. Expected values were worked out from the bundles and the shipped files, not from this model's output:
 * <ul>
 * <li>missing inputs: the bundles carry osteopontin, CX3CL1, IL-11, IL-6, IL-8, HGF, IL-10, CXCL10, VEGF-A and
 * soluble PD-L1; of the 14 selected cytokines (manifest order) they lack CCL13, MMP-2, IL-4, IL-9, TRAIL, IL-33, CCL4,
 * sCD30 and BAFF; the 7 clinical factors are all there (stage from Condition.stage.summary, NLR = 9.6/1.2 and 3.6/2.0);</li>
 * <li>with those nine set to the manifest's discovery medians, an independent scorer (Python, reading the forest
 * binary and walking every tree: scripts/score-forest.py) gives ensemble mortality 72.7636456320 for nsclc-high
 * (above the threshold 40.6018: high-risk group) and 10.7580966822 for nsclc-low (low-risk group).</li>
 * </ul>
 */
class TrainedSurvivalForestModelTest {

	private static final String ID = "nsclc-preciri-rsf";
	private static final FeatureExtractor EXTRACTOR = new FeatureExtractor(FeatureDefinitions.fromClasspath(), new UnitConverter());
	private static final List<String> NOT_IN_BUNDLES = List.of("plasma-ccl13", "plasma-mmp-2", "plasma-il-4", "plasma-il-9",
			"plasma-trail", "plasma-il-33", "plasma-ccl4", "plasma-scd30", "plasma-baff");

	private static TrainedSurvivalForestModel served;

	/** The model as the registry loads it (read once: a thousand trees). */
	private static synchronized TrainedSurvivalForestModel model() {
		if (served == null) {
			served = (TrainedSurvivalForestModel) TrainedModels.fromClasspath().stream()
					.filter(m -> m.description().id().equals(ID)).findFirst().orElseThrow();
		}
		return served;
	}

	/** The scenario's inputs at its work-up date (test-bundles/README.md). */
	private static FeatureVector scenario(String name) {
		LocalDate workUp = name.equals("nsclc-high") ? LocalDate.of(2026, 6, 8) : LocalDate.of(2026, 6, 15);
		return EXTRACTOR.extract(ScenarioPatients.record(name), workUp);
	}

	/** The scenario's inputs with each input it lacks set to the discovery median: a patient whose panel had them. */
	private static FeatureVector completed(String name) {
		FeatureVector recorded = scenario(name);
		FeatureVector.Builder all = FeatureVector.builder();
		recorded.features().forEach(all::add);
		for (ForestArtifact.Input input : model().artifact().inputs()) {
			if (!recorded.has(input.name())) {
				all.add(new Feature(input.name(), input.discoveryMedian(), input.unit(), List.of("assumed/discovery-median")));
			}
		}
		return all.build();
	}

	@Test
	void theForestShipsAsATrainedSyntheticDemonstration() {
		TrainedSurvivalForestModel model = model();
		assertThat(model.description().kind()).isEqualTo(ModelKind.TRAINED_MODEL);
		assertThat(model.description().trainedOnSyntheticData()).isTrue();
		assertThat(model.description().outcome()).isEqualTo("overall-survival-ici");
		assertThat(model.description().intendedUse()).contains("Trained on synthetic data");
		assertThat(model.description().inputs()).hasSize(21).startsWith("plasma-il-11", "plasma-osteopontin")
				.endsWith("age", "sex", "nsclc-stage", "bmi", "albumin", "nlr", "pdl1-tps");
		assertThat(FeatureDefinitions.fromClasspath().knownNames()).containsAll(model.description().inputs());
	}

	@Test
	void theScenarioPatientsLackNineSelectedCytokinesAndAreNotScored() {
		for (String name : List.of("nsclc-high", "nsclc-low")) {
			FeatureVector features = scenario(name);
			assertThat(model().isApplicable(features)).as(name).isTrue();
			Prediction p = model().predict(features);
			assertThat(p.computed()).as(name).isFalse();
			assertThat(p.missingInputs()).as(name).isEqualTo(NOT_IN_BUNDLES);
			assertThat(p.summary()).contains("not computed", "not imputed", "synthetic data", "not clinically validated");
		}
		FeatureVector high = scenario("nsclc-high");
		assertThat(high.number("nsclc-stage")).contains(4.0);
		assertThat(high.number("plasma-osteopontin")).contains(142000.0);
		assertThat(high.number("plasma-il-6")).contains(24.5); // LOINC 26881-3 with the cytokine profile
		assertThat(scenario("nsclc-low").number("nsclc-stage")).contains(3.0);
	}

	@Test
	void withTheMissingCytokinesSuppliedTheHighScenarioIsInTheHighRiskGroup() {
		Prediction p = model().predict(completed("nsclc-high"));
		assertThat(p.computed()).isTrue();
		assertThat(p.score()).isCloseTo(72.7636456320, within(1e-8));
		assertThat(p.probability()).isNull();
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(p.category()).isEqualTo("high-risk group");
		assertThat(p.summary()).contains("ensemble mortality 72.76", "high-risk group", "synthetic data", "not clinically validated");
		assertThat(p.inputsUsed()).hasSize(21);
		assertThat(p.factors()).filteredOn(f -> f.input().equals("plasma-osteopontin")).singleElement()
				.satisfies(f -> assertThat(f.explanation()).startsWith("above the training (discovery) cohort's median"));
		assertThat(p.factors()).filteredOn(f -> f.input().equals("sex")).singleElement()
				.satisfies(f -> assertThat(f.value()).isEqualTo("male"));
	}

	@Test
	void withTheMissingCytokinesSuppliedTheLowScenarioIsInTheLowRiskGroup() {
		Prediction p = model().predict(completed("nsclc-low"));
		assertThat(p.score()).isCloseTo(10.7580966822, within(1e-8));
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(p.category()).isEqualTo("low-risk group");
	}

	@Test
	void aSexTheTrainingDataDidNotHaveIsMissingNotGuessed() {
		FeatureVector.Builder other = FeatureVector.builder();
		completed("nsclc-high").features().stream().filter(f -> !f.name().equals("sex")).forEach(other::add);
		other.code("sex", "unknown", "Patient/x");
		Prediction p = model().predict(other.build());
		assertThat(p.computed()).isFalse();
		assertThat(p.missingInputs()).containsExactly("sex");
	}

	@Test
	void onlyPatientsWithACytokineOnRecordAreInItsDomain() {
		// ra-high has albumin, neutrophils and lymphocytes (so NLR), but no plasma cytokine.
		FeatureVector ra = EXTRACTOR.extract(ScenarioPatients.record("ra-high"), LocalDate.of(2026, 5, 12));
		assertThat(ra.has("nlr")).isTrue();
		assertThat(model().isApplicable(ra)).isFalse();
		assertThat(model().isApplicable(FeatureVector.empty())).isFalse();
	}

	@Test
	void aForestThatIsNotTheTrainedOneIsRefused() throws IOException {
		ForestArtifact shipped = model().artifact();
		byte[] forest;
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(TrainedModels.LOCATION + shipped.forest())) {
			forest = in.readAllBytes();
		}
		forest[forest.length - 1] ^= 1; // one bit of the last leaf's hazard
		assertThatThrownBy(() -> TrainedSurvivalForestModel.load(shipped, name -> new ByteArrayInputStream(forest)))
				.isInstanceOf(IOException.class).hasMessageContaining("SHA-256");
	}
}
