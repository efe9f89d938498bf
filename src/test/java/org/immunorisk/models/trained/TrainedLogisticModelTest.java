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
		assertThat(TrainedModels.fromClasspath()).extracting(m -> m.description().id())
				.containsExactly("igg4rd-rf-no-igg4", "igg4rd-rf", "ra-abatacept-response", "ra-tnfi-response");
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
