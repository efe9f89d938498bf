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

class AcrEular2013SscClassificationTest {

	private final AcrEular2013SscClassification model = new AcrEular2013SscClassification();

	private static final String[] FINDINGS = {"ssc-skin-thickening-proximal-mcp", "ssc-puffy-fingers",
			"ssc-sclerodactyly", "ssc-digital-tip-ulcers", "ssc-pitting-scars", "ssc-telangiectasia",
			"ssc-abnormal-nailfold-capillaries", "ssc-pah", "ssc-ild", "ssc-raynaud"};

	/** Every finding recorded as absent and every antibody negative, except the inputs named in omit. */
	private static FeatureVector.Builder base(String... omit) {
		Set<String> skip = Set.of(omit);
		FeatureVector.Builder b = FeatureVector.builder();
		for (String finding : FINDINGS) {
			if (!skip.contains(finding)) {
				b.flag(finding, false);
			}
		}
		Object[][] antibodies = {{"anti-centromere", 1.0, 10.0}, {"anti-scl70", 0.1, 1.0}, {"anti-rna-pol3", 2.0, 20.0}};
		for (Object[] a : antibodies) {
			if (!skip.contains(a[0])) {
				b.number((String) a[0], (Double) a[1], "[arb'U]/mL").number(a[0] + "-uln", (Double) a[2], "[arb'U]/mL");
			}
		}
		return b;
	}

	@Test
	void sscHighScores23() {
		Prediction p = model.predict(BundlePatients.sscHigh());
		assertThat(p.computed()).isTrue();
		assertThat(p.score()).isEqualTo(23.0);
		assertThat(p.category()).isEqualTo("classified");
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(points(p, "skin thickening proximal to the MCPs")).isEqualTo(9.0);
		assertThat(points(p, "skin thickening of the fingers")).isEqualTo(4.0);
		assertThat(points(p, "fingertip lesions")).isZero();
		assertThat(points(p, "telangiectasia")).isZero();
		assertThat(points(p, "abnormal nailfold capillaries")).isEqualTo(2.0);
		assertThat(points(p, "PAH and/or ILD")).isEqualTo(2.0);
		assertThat(points(p, "Raynaud phenomenon")).isEqualTo(3.0);
		assertThat(points(p, "SSc-related antibodies")).isEqualTo(3.0);
		assertThat(Factors.sum(p)).isEqualTo(23.0);
		assertThat(p.missingInputs()).isEmpty();
	}

	@Test
	void sscLowScores5() {
		Prediction p = model.predict(BundlePatients.sscLow());
		assertThat(p.score()).isEqualTo(5.0);
		assertThat(p.category()).isEqualTo("not classified");
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(points(p, "skin thickening of the fingers")).isEqualTo(2.0);
		assertThat(points(p, "Raynaud phenomenon")).isEqualTo(3.0);
		assertThat(points(p, "SSc-related antibodies")).isZero();
	}

	@Test
	void eightDoesNotClassifyNineDoes() {
		// puffy fingers 2 + Raynaud 3 + anti-RNAP III 3 = 8
		Prediction eight = model.predict(base().flag("ssc-puffy-fingers", true).flag("ssc-raynaud", true)
				.number("anti-rna-pol3", 40, "[arb'U]/mL").build());
		assertThat(eight.score()).isEqualTo(8.0);
		assertThat(eight.category()).isEqualTo("not classified");
		assertThat(eight.risk()).isEqualTo(RiskLevel.LOW);

		// sclerodactyly 4 + Raynaud 3 + abnormal nailfold capillaries 2 = 9
		Prediction nine = model.predict(base().flag("ssc-sclerodactyly", true).flag("ssc-raynaud", true)
				.flag("ssc-abnormal-nailfold-capillaries", true).build());
		assertThat(nine.score()).isEqualTo(9.0);
		assertThat(nine.category()).isEqualTo("classified");
		assertThat(nine.risk()).isEqualTo(RiskLevel.HIGH);
	}

	@Test
	void skinProximalToMcpsAloneIsSufficient() {
		Prediction p = model.predict(base().flag("ssc-skin-thickening-proximal-mcp", true).build());
		assertThat(p.score()).isEqualTo(9.0);
		assertThat(p.category()).isEqualTo("classified");
	}

	@ParameterizedTest(name = "{0} alone = {1}")
	@CsvSource({"ssc-puffy-fingers,skin thickening of the fingers,2", "ssc-sclerodactyly,skin thickening of the fingers,4",
			"ssc-digital-tip-ulcers,fingertip lesions,2", "ssc-pitting-scars,fingertip lesions,3",
			"ssc-telangiectasia,telangiectasia,2", "ssc-abnormal-nailfold-capillaries,abnormal nailfold capillaries,2",
			"ssc-pah,PAH and/or ILD,2", "ssc-ild,PAH and/or ILD,2", "ssc-raynaud,Raynaud phenomenon,3"})
	void itemWeights(String finding, String item, double expected) {
		Prediction p = model.predict(base().flag(finding, true).build());
		assertThat(points(p, item)).isEqualTo(expected);
		assertThat(p.score()).isEqualTo(expected);
	}

	@Test
	void eachItemCountsItsHighestWeightOnce() {
		Prediction p = model.predict(base().flag("ssc-puffy-fingers", true).flag("ssc-sclerodactyly", true)
				.flag("ssc-digital-tip-ulcers", true).flag("ssc-pitting-scars", true)
				.flag("ssc-pah", true).flag("ssc-ild", true).build());
		assertThat(points(p, "skin thickening of the fingers")).isEqualTo(4.0);
		assertThat(points(p, "fingertip lesions")).isEqualTo(3.0);
		assertThat(points(p, "PAH and/or ILD")).isEqualTo(2.0);
		assertThat(p.score()).isEqualTo(9.0);
	}

	@ParameterizedTest(name = "{0} {1} (ULN {2}) = {3}")
	@CsvSource({"anti-centromere,10,10,0", "anti-centromere,10.5,10,3", "anti-scl70,1.0,1.0,0", "anti-scl70,1.2,1.0,3",
			"anti-rna-pol3,20,20,0", "anti-rna-pol3,21,20,3"})
	void sscAntibodies(String antibody, double value, double uln, double expected) {
		Prediction p = model.predict(base().number(antibody, value, "[arb'U]/mL").number(antibody + "-uln", uln, "[arb'U]/mL")
				.build());
		assertThat(points(p, "SSc-related antibodies")).isEqualTo(expected);
	}

	@Test
	void severalPositiveAntibodiesStillScoreThree() {
		Prediction p = model.predict(base().number("anti-scl70", 5, "[arb'U]/mL").number("anti-rna-pol3", 90, "[arb'U]/mL")
				.build());
		assertThat(points(p, "SSc-related antibodies")).isEqualTo(3.0);
	}

	// --- missing inputs ------------------------------------------------------------------------------------------

	@Test
	void missingFindingsThatCouldReachNineMakeItNotComputed() {
		Prediction p = model.predict(base("ssc-skin-thickening-proximal-mcp").build());
		assertThat(p.computed()).isFalse();
		assertThat(p.missingInputs()).containsExactly("ssc-skin-thickening-proximal-mcp");
	}

	@Test
	void missingFindingsThatCannotReachNineAreReported() {
		// 0 + telangiectasia 2 + Raynaud 3 at most = 5 < 9
		Prediction p = model.predict(base("ssc-telangiectasia", "ssc-raynaud").build());
		assertThat(p.computed()).isTrue();
		assertThat(p.category()).isEqualTo("not classified");
		assertThat(p.missingInputs()).containsExactly("ssc-telangiectasia", "ssc-raynaud");
	}

	@Test
	void aLowerWeightSubItemIsNotNeededOnceTheHigherOneIsPresent() {
		Prediction p = model.predict(base("ssc-puffy-fingers").flag("ssc-sclerodactyly", true).build());
		assertThat(p.missingInputs()).isEmpty();
		assertThat(points(p, "skin thickening of the fingers")).isEqualTo(4.0);
	}

	@Test
	void missingAntibodyIsReportedUnlessAnotherIsPositive() {
		Prediction missing = model.predict(base("anti-rna-pol3").flag("ssc-sclerodactyly", true).flag("ssc-raynaud", true)
				.build());
		assertThat(missing.computed()).isFalse(); // 7, up to 10
		assertThat(missing.missingInputs()).containsExactly("anti-rna-pol3");

		Prediction settled = model.predict(base("anti-rna-pol3").number("anti-scl70", 3, "[arb'U]/mL").build());
		assertThat(settled.missingInputs()).isEmpty();
		assertThat(points(settled, "SSc-related antibodies")).isEqualTo(3.0);
	}
}
