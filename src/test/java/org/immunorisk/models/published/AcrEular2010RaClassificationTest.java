package org.immunorisk.models.published;

import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.models.published.Factors.points;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcrEular2010RaClassificationTest {

	private final AcrEular2010RaClassification model = new AcrEular2010RaClassification();

	/**
	 * Every item recorded, each scoring 0 (1 large joint, seronegative, normal CRP and ESR, 2 weeks), except the
	 * inputs named in {@code omit}, which are left out.
	 */
	private static FeatureVector.Builder base(String... omit) {
		java.util.Set<String> skip = java.util.Set.of(omit);
		FeatureVector.Builder b = FeatureVector.builder();
		Object[][] values = {
				{"small-joints-involved", 0.0, "1"}, {"large-joints-involved", 1.0, "1"},
				{"rheumatoid-factor", 5.0, "[IU]/mL"}, {"rheumatoid-factor-uln", 15.0, "[IU]/mL"},
				{"anti-ccp", 1.0, "[arb'U]/mL"}, {"anti-ccp-uln", 4.5, "[arb'U]/mL"},
				{"crp", 1.0, "mg/L"}, {"crp-uln", 3.0, "mg/L"},
				{"esr", 10.0, "mm/h"}, {"esr-uln", 20.0, "mm/h"},
				{"symptom-duration", 2.0, "wk"}};
		for (Object[] v : values) {
			if (!skip.contains(v[0])) {
				b.number((String) v[0], (Double) v[1], (String) v[2]);
			}
		}
		return b;
	}

	@Test
	void raHighScores10() {
		Prediction p = model.predict(BundlePatients.raHigh());
		assertThat(p.computed()).isTrue();
		assertThat(p.score()).isEqualTo(10.0);
		assertThat(p.category()).isEqualTo("classified");
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(points(p, "joint involvement")).isEqualTo(5.0);
		assertThat(points(p, "serology")).isEqualTo(3.0);
		assertThat(points(p, "acute-phase reactants")).isEqualTo(1.0);
		assertThat(points(p, "symptom duration")).isEqualTo(1.0);
		assertThat(p.missingInputs()).isEmpty();
		assertThat(p.inputsUsed()).containsExactlyInAnyOrder("small-joints-involved", "large-joints-involved",
				"rheumatoid-factor", "rheumatoid-factor-uln", "anti-ccp", "anti-ccp-uln", "crp", "crp-uln", "esr",
				"esr-uln", "symptom-duration");
	}

	@Test
	void raLowScores1() {
		Prediction p = model.predict(BundlePatients.raLow());
		assertThat(p.score()).isEqualTo(1.0);
		assertThat(p.category()).isEqualTo("not classified");
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(points(p, "joint involvement")).isEqualTo(1.0);
		assertThat(points(p, "serology")).isZero();
		assertThat(points(p, "acute-phase reactants")).isZero();
		assertThat(points(p, "symptom duration")).isZero();
	}

	/** ra-convertible-units: CRP 2.8 mg/dL with ULN 0.3 mg/dL arrives converted as 28 mg/L, ULN 3. */
	@Test
	void acutePhaseReadsEachResultAgainstItsOwnLimit() {
		// The bug README describes: a value left in mg/dL (2.8) against a fixed 3 mg/L would drop CRP; ESR keeps 1.
		FeatureVector crpOnly = base().number("crp", 2.8, "mg/dL").number("crp-uln", 0.3, "mg/dL").build();
		assertThat(points(model.predict(crpOnly), "acute-phase reactants")).isEqualTo(1.0);
	}

	@ParameterizedTest(name = "{0} small + {1} large = {2}")
	@CsvSource({"0,0,0", "0,1,0", "0,2,1", "0,10,1", "1,0,2", "3,0,2", "3,7,2", "4,0,3", "10,0,3", "4,6,3",
			"10,1,5", "3,8,5", "1,10,5", "11,0,5", "20,4,5"})
	void jointInvolvement(int small, int large, double expected) {
		Prediction p = model.predict(base().number("small-joints-involved", small, "1")
				.number("large-joints-involved", large, "1").build());
		assertThat(points(p, "joint involvement")).isEqualTo(expected);
	}

	@ParameterizedTest(name = "RF {0}, anti-CCP {1} = {2}")
	@CsvSource({"15,4.5,0", "15.1,0,2", "45,0,2", "45.1,0,3", "0,4.6,2", "0,13.5,2", "0,13.6,3", "30,20,3",
			"100,4,3"})
	void serology(double rf, double ccp, double expected) {
		Prediction p = model.predict(base().number("rheumatoid-factor", rf, "[IU]/mL").number("anti-ccp", ccp, "[arb'U]/mL")
				.build());
		assertThat(points(p, "serology")).isEqualTo(expected);
	}

	@ParameterizedTest(name = "CRP {0} (ULN 3), ESR {1} (ULN 20) = {2}")
	@CsvSource({"3,20,0", "3.1,20,1", "3,21,1", "10,40,1"})
	void acutePhaseReactants(double crp, double esr, double expected) {
		Prediction p = model.predict(base().number("crp", crp, "mg/L").number("esr", esr, "mm/h").build());
		assertThat(points(p, "acute-phase reactants")).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} weeks = {1}")
	@CsvSource({"5.9,0", "6,1", "52,1"})
	void symptomDuration(double weeks, double expected) {
		assertThat(points(model.predict(base().number("symptom-duration", weeks, "wk").build()), "symptom duration"))
				.isEqualTo(expected);
	}

	@Test
	void fivePointsDoNotClassifySixDo() {
		// 4–10 small joints 3 + low-positive RF 2 = 5
		Prediction five = model.predict(base().number("small-joints-involved", 4, "1").number("rheumatoid-factor", 20, "[IU]/mL")
				.build());
		assertThat(five.score()).isEqualTo(5.0);
		assertThat(five.category()).isEqualTo("not classified");
		assertThat(five.risk()).isEqualTo(RiskLevel.LOW);

		Prediction six = model.predict(base().number("small-joints-involved", 4, "1").number("rheumatoid-factor", 20, "[IU]/mL")
				.number("symptom-duration", 6, "wk").build());
		assertThat(six.score()).isEqualTo(6.0);
		assertThat(six.category()).isEqualTo("classified");
		assertThat(six.risk()).isEqualTo(RiskLevel.HIGH);
	}

	// --- missing inputs ------------------------------------------------------------------------------------------

	@Test
	void missingItemsThatCouldCrossSixMakeItNotComputed() {
		FeatureVector v = FeatureVector.builder()
				.number("small-joints-involved", 4, "1").number("large-joints-involved", 0, "1")
				.number("crp", 10, "mg/L").number("crp-uln", 3, "mg/L")
				.number("symptom-duration", 8, "wk")
				.build();
		Prediction p = model.predict(v);
		// 3 + 1 + 1 = 5; serology could add 3
		assertThat(p.computed()).isFalse();
		assertThat(p.risk()).isNull();
		assertThat(p.missingInputs()).containsExactly("rheumatoid-factor", "anti-ccp");
		assertThat(p.summary()).contains("5 points from available items").contains("up to 8");
	}

	@Test
	void missingItemsThatCannotChangeTheClassificationAreReported() {
		FeatureVector classified = FeatureVector.builder()
				.number("small-joints-involved", 12, "1").number("large-joints-involved", 0, "1")
				.number("rheumatoid-factor", 20, "[IU]/mL").number("rheumatoid-factor-uln", 15, "[IU]/mL")
				.build();
		Prediction p = model.predict(classified);
		assertThat(p.score()).isEqualTo(7.0);
		assertThat(p.category()).isEqualTo("classified");
		assertThat(p.missingInputs()).containsExactly("anti-ccp", "crp", "esr", "symptom-duration");
		assertThat(p.summary()).contains("at least 7");

		FeatureVector notClassified = FeatureVector.builder()
				.number("small-joints-involved", 0, "1").number("large-joints-involved", 1, "1")
				.number("rheumatoid-factor", 5, "[IU]/mL").number("rheumatoid-factor-uln", 15, "[IU]/mL")
				.number("anti-ccp", 1, "[arb'U]/mL").number("anti-ccp-uln", 4.5, "[arb'U]/mL")
				.number("symptom-duration", 10, "wk")
				.build();
		Prediction q = model.predict(notClassified);
		assertThat(q.score()).isEqualTo(1.0);
		assertThat(q.category()).isEqualTo("not classified");
		assertThat(q.missingInputs()).containsExactly("crp", "esr");
	}

	@Test
	void aSecondTestIsNotNeededOnceOneSettlesTheItem() {
		// RF high positive settles serology; an abnormal CRP settles the acute-phase item
		Prediction p = model.predict(base("anti-ccp", "anti-ccp-uln", "esr", "esr-uln")
				.number("rheumatoid-factor", 100, "[IU]/mL").number("crp", 9, "mg/L").build());
		assertThat(points(p, "serology")).isEqualTo(3.0);
		assertThat(points(p, "acute-phase reactants")).isEqualTo(1.0);
		assertThat(p.missingInputs()).isEmpty();
		assertThat(p.score()).isEqualTo(4.0);
	}

	@Test
	void valueWithoutItsUpperLimitIsMissingTheLimit() {
		Prediction p = model.predict(base("rheumatoid-factor-uln").number("rheumatoid-factor", 50, "[IU]/mL").build());
		assertThat(p.missingInputs()).containsExactly("rheumatoid-factor-uln");
	}

	@Test
	void missingJointCountSpansItsRange() {
		Prediction p = model.predict(base("small-joints-involved").number("rheumatoid-factor", 100, "[IU]/mL")
				.number("crp", 9, "mg/L").number("symptom-duration", 8, "wk").build());
		// 0 (1 large) + 3 + 1 + 1 = 5; small joints could add up to 5
		assertThat(p.computed()).isFalse();
		assertThat(p.missingInputs()).containsExactly("small-joints-involved");
	}

	@Test
	void applicableWithJointOrSerologyDataOnly() {
		assertThat(model.isApplicable(BundlePatients.raLow())).isTrue();
		assertThat(model.isApplicable(BundlePatients.nsclcHigh())).isFalse();
		assertThat(model.isApplicable(BundlePatients.noDomainData())).isFalse();
	}
}
