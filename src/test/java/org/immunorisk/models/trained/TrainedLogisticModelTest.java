package org.immunorisk.models.trained;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.ModelKind;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.models.RiskModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The shipped RA biologic-response models as the server serves them. Expected probabilities were worked out by
 * hand from the artifact's coefficients for the test bundles' signature scores (test-bundles/README.md):
 * ra-high (interferon 2.6, monocyte 0.4, PRIME 1.2) and ra-low (0.2, −0.3, −0.5).
 */
class TrainedLogisticModelTest {

	private static RiskModel model(String id) {
		return TrainedModels.fromClasspath().stream().filter(m -> m.description().id().equals(id)).findFirst().orElseThrow();
	}

	private static FeatureVector signatures(double interferon, double monocyte, double primeCell) {
		return FeatureVector.builder().number("interferon-signature", interferon, "{score}", "Observation/ifn")
				.number("monocyte-signature", monocyte, "{score}", "Observation/mono")
				.number("prime-cell-signature", primeCell, "{score}", "Observation/prime").build();
	}

	@Test
	void bothModelsShipAndSayTheyAreSyntheticDemonstrations() {
		assertThat(TrainedModels.fromClasspath()).filteredOn(TrainedLogisticModel.class::isInstance)
				.extracting(m -> m.description().id()).containsExactly("ra-abatacept-response", "ra-rapid-progression",
						"ra-tnfi-response", "ssc-ild-progression-cells", "ssc-renal-crisis-cells");
		for (RiskModel m : TrainedModels.fromClasspath()) {
			assertThat(m.description().trainedOnSyntheticData()).isTrue();
			assertThat(m.description().kind()).isEqualTo(ModelKind.TRAINED_MODEL);
			assertThat(m.description().intendedUse()).contains("Trained on synthetic data");
		}
	}

	@Test
	void highInterferonSignatureMeansAPoorTnfInhibitorResponseIsLikely() {
		Prediction p = model("ra-tnfi-response").predict(signatures(2.6, 0.4, 1.2));
		assertThat(p.probability()).isCloseTo(0.9207, within(0.0005));
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(p.category()).isEqualTo("poor response likely");
		assertThat(p.summary()).contains("synthetic data", "not clinically validated");
		assertThat(p.factors()).extracting(f -> f.input()).containsExactly("interferon-signature", "monocyte-signature",
				"prime-cell-signature");
		assertThat(p.factors().get(0).points()).isCloseTo(2.210, within(0.005)); // its log-odds term
	}

	@Test
	void lowSignaturesAndTheAbataceptModel() {
		assertThat(model("ra-tnfi-response").predict(signatures(0.2, -0.3, -0.5)).probability()).isCloseTo(0.3923, within(0.0005));
		Prediction abatacept = model("ra-abatacept-response").predict(signatures(2.6, 0.4, 1.2));
		assertThat(abatacept.probability()).isCloseTo(0.4719, within(0.0005));
		assertThat(abatacept.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(abatacept.category()).isEqualTo("poor response not predicted");
	}

	/** ssc-high: EGR1-high CD14+ 31.5 %, CXCR3-high CD8+ 27 %; ssc-low: 4.2 % and 6.1 % (test-bundles/README.md). */
	@Test
	void sscCellStateFractions() {
		FeatureVector high = FeatureVector.builder().number("egr1-high-cd14-monocyte-fraction", 31.5, "%", "Observation/a")
				.number("cxcr3-high-cd8-t-cell-fraction", 27.0, "%", "Observation/b").build();
		FeatureVector low = FeatureVector.builder().number("egr1-high-cd14-monocyte-fraction", 4.2, "%", "Observation/a")
				.number("cxcr3-high-cd8-t-cell-fraction", 6.1, "%", "Observation/b").build();
		assertThat(model("ssc-renal-crisis-cells").predict(high).probability()).isCloseTo(0.3363, within(0.0005));
		assertThat(model("ssc-renal-crisis-cells").predict(high).risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(model("ssc-renal-crisis-cells").predict(low).probability()).isCloseTo(0.0416, within(0.0005));
		assertThat(model("ssc-ild-progression-cells").predict(high).probability()).isCloseTo(0.6398, within(0.0005));
		assertThat(model("ssc-ild-progression-cells").predict(low).risk()).isEqualTo(RiskLevel.LOW);
	}

	/** ra-high: PRIME 1.2, CRP 28 mg/L → 0.315 (moderate); ra-low: −0.5, 2.1 mg/L → 0.232 (low). */
	@Test
	void rapidRadiographicProgression() {
		FeatureVector high = FeatureVector.builder().number("prime-cell-signature", 1.2, "{score}", "Observation/p")
				.number("crp", 28, "mg/L", "Observation/c").build();
		Prediction p = model("ra-rapid-progression").predict(high);
		assertThat(p.probability()).isCloseTo(0.3145, within(0.0005));
		assertThat(p.risk()).isEqualTo(RiskLevel.MODERATE);
	}

	@Test
	void aMissingSignatureIsReportedNotImputed() {
		FeatureVector partial = FeatureVector.builder().number("interferon-signature", 2.6, "{score}", "Observation/ifn").build();
		RiskModel tnfi = model("ra-tnfi-response");
		assertThat(tnfi.isApplicable(partial)).isTrue();
		Prediction p = tnfi.predict(partial);
		assertThat(p.computed()).isFalse();
		assertThat(p.missingInputs()).isEqualTo(List.of("monocyte-signature", "prime-cell-signature"));
		assertThat(tnfi.isApplicable(FeatureVector.empty())).isFalse();
	}
}
