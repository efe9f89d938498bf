package org.immunorisk.models.published;

import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.models.published.Factors.points;

import java.util.Set;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeidenPredictionRuleTest {

	private final LeidenPredictionRule model = new LeidenPredictionRule();

	/**
	 * Every item recorded; only age scores (50 × 0.02 = 1): male, no small joint, asymmetric, lower extremities
	 * only, VAS 0, no tender or swollen joint, CRP 0, RF and anti-CCP negative. Inputs in {@code omit} are left
	 * out.
	 */
	private static FeatureVector.Builder base(String... omit) {
		Set<String> skip = Set.of(omit);
		FeatureVector.Builder b = FeatureVector.builder();
		if (!skip.contains("age")) {
			b.number("age", 50, "a");
		}
		if (!skip.contains("sex")) {
			b.code("sex", "male");
		}
		if (!skip.contains("joints-symmetric")) {
			b.flag("joints-symmetric", false);
		}
		if (!skip.contains("joint-distribution")) {
			b.code("joint-distribution", "lower-only");
		}
		Object[][] numbers = {
				{"small-joints-involved", 0.0, "1"}, {"morning-stiffness-vas", 0.0, "mm"},
				{"tender-joint-count", 0.0, "1"}, {"swollen-joint-count", 0.0, "1"}, {"crp", 0.0, "mg/L"},
				{"rheumatoid-factor", 5.0, "[IU]/mL"}, {"rheumatoid-factor-uln", 15.0, "[IU]/mL"},
				{"anti-ccp", 1.0, "[arb'U]/mL"}, {"anti-ccp-uln", 4.5, "[arb'U]/mL"}};
		for (Object[] v : numbers) {
			if (!skip.contains(v[0])) {
				b.number((String) v[0], (Double) v[1], (String) v[2]);
			}
		}
		return b;
	}

	@Test
	void raHighScores11point66High() {
		Prediction p = model.predict(BundlePatients.raHigh());
		assertThat(p.computed()).isTrue();
		assertThat(p.score()).isEqualTo(11.66);
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(p.category()).isEqualTo("high");
		assertThat(p.probability()).isNull();
		assertThat(points(p, "age")).isEqualTo(1.16);
		assertThat(points(p, "sex")).isEqualTo(1.0);
		assertThat(points(p, "small joints of hands or feet")).isEqualTo(0.5);
		assertThat(points(p, "symmetric")).isEqualTo(0.5);
		assertThat(points(p, "distribution")).isEqualTo(1.5);
		assertThat(points(p, "morning stiffness")).isEqualTo(2.0);
		assertThat(points(p, "tender joints")).isEqualTo(1.0);
		assertThat(points(p, "swollen joints")).isEqualTo(0.5);
		assertThat(points(p, "CRP")).isEqualTo(0.5);
		assertThat(points(p, "RF")).isEqualTo(1.0);
		assertThat(points(p, "anti-CCP")).isEqualTo(2.0);
		assertThat(p.missingInputs()).isEmpty();
		assertThat(p.summary()).contains("11.66");
	}

	@Test
	void raLowScores0point68Low() {
		Prediction p = model.predict(BundlePatients.raLow());
		assertThat(p.score()).isEqualTo(0.68);
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(p.category()).isEqualTo("low");
		assertThat(Factors.sum(p)).isEqualTo(0.68, org.assertj.core.data.Offset.offset(1e-9));
	}

	/** The README's unit bug: CRP 2.8 read in mg/L instead of 28 mg/L gives 11.16. */
	@Test
	void crpInTheWrongUnitWouldLoseHalfAPoint() {
		FeatureVector.Builder b = FeatureVector.builder();
		BundlePatients.raHigh().features().forEach(b::add);
		b.number("crp", 2.8, "mg/L");
		assertThat(model.predict(b.build()).score()).isEqualTo(11.16);
	}

	// --- thresholds ---------------------------------------------------------------------------------------------

	@Test
	void sixIsLowSixAndAHalfToSevenAndAHalfIntermediateEightIsHigh() {
		FeatureVector.Builder b = base().code("sex", "female").code("joint-distribution", "upper-and-lower")
				.number("anti-ccp", 9, "[arb'U]/mL").number("small-joints-involved", 2, "1");
		Prediction six = model.predict(b.build());
		assertThat(six.score()).isEqualTo(6.0);
		assertThat(six.risk()).isEqualTo(RiskLevel.LOW);

		Prediction sixAndAHalf = model.predict(b.flag("joints-symmetric", true).build());
		assertThat(sixAndAHalf.score()).isEqualTo(6.5);
		assertThat(sixAndAHalf.risk()).isEqualTo(RiskLevel.MODERATE);
		assertThat(sixAndAHalf.category()).isEqualTo("intermediate");

		Prediction sevenAndAHalf = model.predict(b.number("tender-joint-count", 4, "1")
				.number("swollen-joint-count", 4, "1").build());
		assertThat(sevenAndAHalf.score()).isEqualTo(7.5);
		assertThat(sevenAndAHalf.risk()).isEqualTo(RiskLevel.MODERATE);

		Prediction justBelowEight = model.predict(b.number("crp", 5, "mg/L").number("age", 49, "a").build());
		assertThat(justBelowEight.score()).isEqualTo(7.98);
		assertThat(justBelowEight.risk()).isEqualTo(RiskLevel.MODERATE);

		Prediction eight = model.predict(b.number("age", 50, "a").build());
		assertThat(eight.score()).isEqualTo(8.0);
		assertThat(eight.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(eight.category()).isEqualTo("high");
	}

	// --- every item ------------------------------------------------------------------------------------------------

	@ParameterizedTest(name = "age {0} = {1}")
	@CsvSource({"18,0.36", "50,1.0", "85,1.7"})
	void age(double years, double expected) {
		assertThat(points(model.predict(base().number("age", years, "a").build()), "age")).isEqualTo(expected);
	}

	@ParameterizedTest(name = "sex {0} = {1}")
	@CsvSource({"female,1", "male,0"})
	void sex(String sex, double expected) {
		assertThat(points(model.predict(base().code("sex", sex).build()), "sex")).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} small joints = {1}")
	@CsvSource({"0,0", "1,0.5", "12,0.5"})
	void smallJoints(double count, double expected) {
		assertThat(points(model.predict(base().number("small-joints-involved", count, "1").build()),
				"small joints of hands or feet")).isEqualTo(expected);
	}

	@Test
	void symmetry() {
		assertThat(points(model.predict(base().flag("joints-symmetric", true).build()), "symmetric")).isEqualTo(0.5);
		assertThat(points(model.predict(base().build()), "symmetric")).isZero();
	}

	@ParameterizedTest(name = "{0} = {1}")
	@CsvSource({"lower-only,0", "upper-only,1", "upper-and-lower,1.5"})
	void distribution(String code, double expected) {
		assertThat(points(model.predict(base().code("joint-distribution", code).build()), "distribution"))
				.isEqualTo(expected);
	}

	@ParameterizedTest(name = "VAS {0} mm = {1}")
	@CsvSource({"0,0", "25,0", "25.5,1", "26,1", "90,1", "90.5,2", "91,2", "100,2"})
	void morningStiffness(double mm, double expected) {
		assertThat(points(model.predict(base().number("morning-stiffness-vas", mm, "mm").build()), "morning stiffness"))
				.isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} joints = {1}")
	@CsvSource({"3,0", "4,0.5", "10,0.5", "11,1", "28,1"})
	void tenderAndSwollenJointCounts(double count, double expected) {
		Prediction p = model.predict(base().number("tender-joint-count", count, "1")
				.number("swollen-joint-count", count, "1").build());
		assertThat(points(p, "tender joints")).isEqualTo(expected);
		assertThat(points(p, "swollen joints")).isEqualTo(expected);
	}

	@ParameterizedTest(name = "CRP {0} mg/L = {1}")
	@CsvSource({"0,0", "4.9,0", "5,0.5", "50,0.5", "50.5,1.5", "51,1.5", "200,1.5"})
	void crp(double mgPerL, double expected) {
		assertThat(points(model.predict(base().number("crp", mgPerL, "mg/L").build()), "CRP")).isEqualTo(expected);
	}

	@ParameterizedTest(name = "RF {0} (ULN 15) = {1}")
	@CsvSource({"15,0", "15.5,1"})
	void rheumatoidFactor(double value, double expected) {
		assertThat(points(model.predict(base().number("rheumatoid-factor", value, "[IU]/mL").build()), "RF"))
				.isEqualTo(expected);
	}

	@ParameterizedTest(name = "anti-CCP {0} (ULN 4.5) = {1}")
	@CsvSource({"4.5,0", "4.6,2"})
	void antiCcp(double value, double expected) {
		assertThat(points(model.predict(base().number("anti-ccp", value, "[arb'U]/mL").build()), "anti-CCP"))
				.isEqualTo(expected);
	}

	// --- missing inputs --------------------------------------------------------------------------------------------

	@Test
	void withoutAgeNothingIsComputed() {
		Prediction p = model.predict(base("age").build());
		assertThat(p.computed()).isFalse();
		assertThat(p.missingInputs()).containsExactly("age");
	}

	@Test
	void missingItemsThatCannotLeaveTheLowBandAreReported() {
		// 1 (age) + at most 2 (anti-CCP) + 1.5 (CRP) = 4.5 ≤ 6
		Prediction p = model.predict(base("anti-ccp", "anti-ccp-uln", "crp").build());
		assertThat(p.computed()).isTrue();
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(p.score()).isEqualTo(1.0);
		assertThat(p.missingInputs()).containsExactly("crp", "anti-ccp");
	}

	@Test
	void missingItemsThatCouldChangeTheBandMakeItNotComputed() {
		// 1 + female 1 + upper-and-lower 1.5 + symmetric 0.5 + small 0.5 = 4.5; anti-CCP could make 6.5
		Prediction p = model.predict(base("anti-ccp").code("sex", "female").code("joint-distribution", "upper-and-lower")
				.flag("joints-symmetric", true).number("small-joints-involved", 3, "1").build());
		assertThat(p.computed()).isFalse();
		assertThat(p.risk()).isNull();
		assertThat(p.missingInputs()).containsExactly("anti-ccp");
	}

	@Test
	void unknownSexIsNotGuessed() {
		Prediction p = model.predict(base().code("sex", "unknown").build());
		assertThat(p.missingInputs()).containsExactly("sex");
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
	}

	@Test
	void applicableWithJointOrSerologyDataOnly() {
		assertThat(model.isApplicable(BundlePatients.raHigh())).isTrue();
		assertThat(model.isApplicable(BundlePatients.nsclcHigh())).isFalse();
		assertThat(model.isApplicable(BundlePatients.noDomainData())).isFalse();
	}
}
