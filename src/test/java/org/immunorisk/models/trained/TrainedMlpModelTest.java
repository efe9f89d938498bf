package org.immunorisk.models.trained;

import org.immunorisk.features.Feature;
import org.immunorisk.features.FeatureDefinitions;
import org.immunorisk.features.FeatureExtractor;
import org.immunorisk.features.FeatureVector;
import org.immunorisk.features.UnitConverter;
import org.immunorisk.models.Contribution;
import org.immunorisk.models.ModelKind;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.models.RiskModel;
import org.immunorisk.testsupport.ScenarioPatients;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The shipped UA → RA network (ua-ra-mlp 0.1.0) as the server serves it, on the test-bundle patients read through
 * the feature extractor. Expected values were computed outside this code: a numpy forward pass over the shipped
 * manifest's weights (test-bundles/README.md, trained-model table): ra-high log-odds 1.3250, probability 0.7900
 * (high); ra-low −2.3346, 0.0883 (low); ra-convertible-units the same as ra-high.
 */
class TrainedMlpModelTest {

	private static final FeatureExtractor EXTRACTOR = new FeatureExtractor(FeatureDefinitions.fromClasspath(), new UnitConverter());

	private static RiskModel model() {
		return TrainedModels.fromClasspath().stream().filter(m -> m.description().id().equals("ua-ra-mlp")).findFirst().orElseThrow();
	}

	private static FeatureVector scenario(String name, LocalDate workUp) {
		return EXTRACTOR.extract(ScenarioPatients.record(name), workUp);
	}

	private static FeatureVector raHigh() {
		return scenario("ra-high", LocalDate.of(2026, 5, 12));
	}

	@Test
	void shipsAsASyntheticDemonstrationModelOfItsKind() {
		RiskModel model = model();
		assertThat(model).isInstanceOf(TrainedMlpModel.class);
		assertThat(model.description().kind()).isEqualTo(ModelKind.TRAINED_MODEL);
		assertThat(model.description().trainedOnSyntheticData()).isTrue();
		assertThat(model.description().outcome()).isEqualTo("ua-progression-to-ra");
		assertThat(model.description().intendedUse()).contains("Trained on synthetic data");
		assertThat(((TrainedMlpModel) model).artifact().kind()).isEqualTo("smile-mlp");
	}

	@Test
	void raHighIsPredictedToProgress() {
		Prediction p = model().predict(raHigh());
		assertThat(p.computed()).isTrue();
		assertThat(p.probability()).isCloseTo(0.7900, within(0.0005));
		assertThat(p.score()).isNull();
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(p.category()).isEqualTo("progression to RA predicted");
		assertThat(p.summary()).contains("synthetic data", "not clinically validated");
		assertThat(p.inputsUsed()).hasSize(14).contains("anti-ccp", "joint-distribution");
		// occlusion: anti-CCP 180 U/mL moves the log-odds most (numpy: +0.4195), RF next (+0.1657)
		Contribution strongest = p.factors().stream().max(Comparator.comparingDouble(Contribution::points)).orElseThrow();
		assertThat(strongest.input()).isEqualTo("anti-ccp");
		assertThat(strongest.points()).isCloseTo(0.4195, within(0.0005));
	}

	@Test
	void raLowIsNotAndConvertibleUnitsChangeNothing() {
		Prediction low = model().predict(scenario("ra-low", LocalDate.of(2026, 5, 26)));
		assertThat(low.probability()).isCloseTo(0.0883, within(0.0005));
		assertThat(low.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(low.category()).isEqualTo("progression to RA not predicted");
		Prediction converted = model().predict(scenario("ra-convertible-units", LocalDate.of(2026, 5, 12)));
		assertThat(converted.probability()).isCloseTo(model().predict(raHigh()).probability(), within(1e-9));
		assertThat(converted.risk()).isEqualTo(RiskLevel.HIGH);
	}

	@Test
	void aMissingInputIsReportedNotImputed() {
		FeatureVector.Builder partial = FeatureVector.builder();
		for (Feature f : raHigh().features()) {
			if (!f.name().equals("anti-ccp") && !f.name().equals("esr")) {
				partial.add(f);
			}
		}
		partial.missing("esr", "unit mmol/h cannot be converted to mm/h");
		Prediction p = model().predict(partial.build());
		assertThat(p.computed()).isFalse();
		assertThat(p.probability()).isNull();
		assertThat(p.missingInputs()).containsExactly("esr", "anti-ccp");
		assertThat(p.summary()).contains("esr (unit mmol/h cannot be converted to mm/h)", "anti-ccp (not recorded)", "not imputed");
	}

	@Test
	void aCodeTheModelNeverSawIsNotReadAsZero() {
		FeatureVector.Builder other = FeatureVector.builder();
		raHigh().features().forEach(other::add);
		other.code("sex", "other", "Patient/x");
		Prediction p = model().predict(other.build());
		assertThat(p.computed()).isFalse();
		assertThat(p.missingInputs()).containsExactly("sex");
		assertThat(p.summary()).contains("code 'other' is not one the model was trained on");
	}

	@Test
	void appliesOnlyToPatientsWithJointOrRaSerologyData() {
		RiskModel model = model();
		assertThat(model.isApplicable(raHigh())).isTrue();
		assertThat(model.isApplicable(FeatureVector.empty())).isFalse();
		FeatureVector crpOnly = FeatureVector.builder().number("age", 60, "a").code("sex", "male").number("crp", 12, "mg/L").build();
		assertThat(model.isApplicable(crpOnly)).isFalse();
		assertThat(model.isApplicable(scenario("igg4rd-high", LocalDate.of(2026, 4, 14)))).isFalse();
	}

	@Test
	void aManifestWhoseLayersDoNotFitIsRefused() {
		MlpArtifact shipped = ((TrainedMlpModel) model()).artifact();
		List<MlpArtifact.Layer> layers = List.of(shipped.layers().get(1), shipped.layers().get(2)); // 8-wide layer after 15 inputs
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MlpArtifact(shipped.kind(), shipped.id(), shipped.version(),
				shipped.title(), shipped.outcome(), shipped.intendedUse(), shipped.citation(), shipped.evidenceLevel(), true,
				shipped.inputs(), layers, shipped.riskBands(), shipped.provenance(), shipped.metrics()))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expects 16 inputs, the one below gives 15");
	}
}
