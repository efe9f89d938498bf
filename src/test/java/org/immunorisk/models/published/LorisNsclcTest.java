package org.immunorisk.models.published;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Contribution;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.junit.jupiter.api.Test;

class LorisNsclcTest {

	private final LorisNsclc model = new LorisNsclc();

	private static FeatureVector patient(double tmb, double pdl1, boolean prior, double albumin, double nlr) {
		return FeatureVector.builder()
				.number("tmb", tmb, "1/1000000{Base}")
				.number("pdl1-tps", pdl1, "%")
				.flag("prior-systemic-therapy", prior)
				.number("albumin", albumin, "g/dL")
				.number("nlr", nlr, "{ratio}")
				.build();
	}

	@Test
	void nsclcHighIs0point267Low() {
		Prediction p = model.predict(BundlePatients.nsclcHigh());
		assertThat(p.computed()).isTrue();
		assertThat(p.probability()).isCloseTo(0.267, within(0.0005));
		assertThat(p.score()).isEqualTo(0.267);
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(p.category()).isEqualTo("low");
		// README arithmetic: S = −1.00987
		double s = p.factors().stream().mapToDouble(Contribution::points).sum();
		assertThat(s).isCloseTo(-1.00987, within(1e-5));
		assertThat(p.inputsUsed()).containsExactly("tmb", "pdl1-tps", "prior-systemic-therapy", "albumin", "nlr");
	}

	@Test
	void nsclcLowIs0point769High() {
		Prediction p = model.predict(BundlePatients.nsclcLow());
		assertThat(p.probability()).isCloseTo(0.769, within(0.0005));
		assertThat(p.score()).isEqualTo(0.769);
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(p.summary()).contains("favourable");
		double s = p.factors().stream().mapToDouble(Contribution::points).sum();
		assertThat(s).isCloseTo(1.20288, within(1e-5));
	}

	@Test
	void tmbIsCappedAt50() {
		double at49 = model.predict(patient(49, 50, false, 4, 3)).probability();
		double at50 = model.predict(patient(50, 50, false, 4, 3)).probability();
		double at80 = model.predict(patient(80, 50, false, 4, 3)).probability();
		assertThat(at50).isGreaterThan(at49);
		assertThat(at80).isEqualTo(at50);
	}

	@Test
	void nlrIsCappedAt25() {
		double at24 = model.predict(patient(10, 50, false, 4, 24)).probability();
		double at25 = model.predict(patient(10, 50, false, 4, 25)).probability();
		double at40 = model.predict(patient(10, 50, false, 4, 40)).probability();
		assertThat(at25).isLessThan(at24);
		assertThat(at40).isEqualTo(at25);
	}

	@Test
	void eachCoefficientActsInItsDirection() {
		double reference = model.predict(patient(10, 50, false, 4, 3)).probability();
		assertThat(model.predict(patient(10, 60, false, 4, 3)).probability()).isGreaterThan(reference);
		assertThat(model.predict(patient(10, 50, true, 4, 3)).probability()).isLessThan(reference);
		assertThat(model.predict(patient(10, 50, false, 4.5, 3)).probability()).isGreaterThan(reference);
		assertThat(model.predict(patient(10, 50, false, 4, 6)).probability()).isLessThan(reference);
	}

	@Test
	void linearPredictorMatchesThePublishedFormulaTermByTerm() {
		// S = 0.0353·20 + 0.0111·10 − 0.375·1 + 0.2924·3.5 − 0.0103·5 − 1.5593
		double expected = 0.706 + 0.111 - 0.375 + 1.0234 - 0.0515 - 1.5593;
		assertThat(LorisNsclc.linearPredictor(20, 10, true, 3.5, 5)).isCloseTo(expected, within(1e-12));
		assertThat(model.predict(patient(20, 10, true, 3.5, 5)).probability())
				.isCloseTo(1 / (1 + Math.exp(-expected)), within(1e-12));
	}

	@Test
	void cutAtOneHalf() {
		// albumin 4, nothing else: S = 0.0111·TPS − 0.3897, zero at TPS ≈ 35.1
		Prediction below = model.predict(patient(0, 35, false, 4, 0));
		Prediction above = model.predict(patient(0, 36, false, 4, 0));
		assertThat(below.probability()).isLessThan(0.5);
		assertThat(below.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(above.probability()).isGreaterThan(0.5);
		assertThat(above.risk()).isEqualTo(RiskLevel.HIGH);
	}

	@Test
	void anyMissingInputMeansNotComputed() {
		FeatureVector v = FeatureVector.builder()
				.number("tmb", 10, "1/1000000{Base}")
				.number("pdl1-tps", 50, "%")
				.number("albumin", 4, "g/dL")
				.build();
		Prediction p = model.predict(v);
		assertThat(p.computed()).isFalse();
		assertThat(p.probability()).isNull();
		assertThat(p.missingInputs()).containsExactly("prior-systemic-therapy", "nlr");
	}

	@Test
	void applicableToNsclcImmunotherapyWorkUpOnly() {
		assertThat(model.isApplicable(BundlePatients.nsclcHigh())).isTrue();
		assertThat(model.isApplicable(BundlePatients.crcHigh())).isFalse();
		assertThat(model.isApplicable(BundlePatients.raHigh())).isFalse();
	}
}
