package org.immunorisk.models.published;

import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.models.published.Factors.points;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LungImmunePrognosticIndexTest {

	private final LungImmunePrognosticIndex model = new LungImmunePrognosticIndex();

	private static FeatureVector patient(double dnlr, double ldh) {
		return FeatureVector.builder().number("dnlr", dnlr, "{ratio}").number("ldh", ldh, "U/L")
				.number("ldh-uln", 222, "U/L").build();
	}

	@Test
	void nsclcHighIsPoor() {
		Prediction p = model.predict(BundlePatients.nsclcHigh());
		assertThat(p.computed()).isTrue();
		assertThat(p.score()).isEqualTo(2.0);
		assertThat(p.category()).isEqualTo("poor");
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(points(p, "dNLR")).isEqualTo(1.0);
		assertThat(points(p, "LDH")).isEqualTo(1.0);
		assertThat(p.inputsUsed()).containsExactly("dnlr", "ldh", "ldh-uln");
	}

	@Test
	void nsclcLowIsGood() {
		Prediction p = model.predict(BundlePatients.nsclcLow());
		assertThat(p.score()).isEqualTo(0.0);
		assertThat(p.category()).isEqualTo("good");
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
	}

	@ParameterizedTest(name = "dNLR {0}, LDH {1} (ULN 222) = {2}")
	@CsvSource({"3,222,0", "3.01,222,1", "3,223,1", "3.01,223,2", "1.2,500,1"})
	void boundaries(double dnlr, double ldh, double expected) {
		Prediction p = model.predict(patient(dnlr, ldh));
		assertThat(p.score()).isEqualTo(expected);
		assertThat(p.risk()).isEqualTo(expected == 0 ? RiskLevel.LOW : expected == 1 ? RiskLevel.MODERATE : RiskLevel.HIGH);
		assertThat(p.category()).isEqualTo(expected == 0 ? "good" : expected == 1 ? "intermediate" : "poor");
	}

	@Test
	void bothItemsAreRequired() {
		Prediction noLdh = model.predict(FeatureVector.builder().number("dnlr", 5, "{ratio}").build());
		assertThat(noLdh.computed()).isFalse();
		assertThat(noLdh.missingInputs()).containsExactly("ldh");

		Prediction noUln = model.predict(FeatureVector.builder().number("dnlr", 1, "{ratio}").number("ldh", 300, "U/L").build());
		assertThat(noUln.computed()).isFalse();
		assertThat(noUln.missingInputs()).containsExactly("ldh-uln");

		Prediction noDnlr = model.predict(FeatureVector.builder().number("ldh", 300, "U/L").number("ldh-uln", 222, "U/L")
				.missing("dnlr", "white cell count missing").build());
		assertThat(noDnlr.computed()).isFalse();
		assertThat(noDnlr.missingInputs()).containsExactly("dnlr");
		assertThat(noDnlr.summary()).contains("white cell count missing");
	}

	@Test
	void applicableToNsclcImmunotherapyWorkUpOnly() {
		assertThat(model.isApplicable(BundlePatients.nsclcLow())).isTrue();
		assertThat(model.isApplicable(BundlePatients.raHigh())).isFalse();
		assertThat(model.isApplicable(BundlePatients.crcHigh())).isFalse();
	}
}
