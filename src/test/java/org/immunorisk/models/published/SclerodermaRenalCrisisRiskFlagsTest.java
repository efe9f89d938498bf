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

class SclerodermaRenalCrisisRiskFlagsTest {

	private final SclerodermaRenalCrisisRiskFlags model = new SclerodermaRenalCrisisRiskFlags();

	/** All seven flags recorded and negative, except the inputs named in omit. */
	private static FeatureVector.Builder base(String... omit) {
		Set<String> skip = Set.of(omit);
		FeatureVector.Builder b = FeatureVector.builder();
		for (String flag : new String[] {"ssc-diffuse-cutaneous", "ssc-rapid-skin-progression", "ssc-new-anaemia",
				"ssc-recent-cardiac-event"}) {
			if (!skip.contains(flag)) {
				b.flag(flag, false);
			}
		}
		if (!skip.contains("ssc-disease-duration")) {
			b.number("ssc-disease-duration", 10, "a");
		}
		if (!skip.contains("anti-rna-pol3")) {
			b.number("anti-rna-pol3", 2, "[arb'U]/mL").number("anti-rna-pol3-uln", 20, "[arb'U]/mL");
		}
		if (!skip.contains("prednisone-dose")) {
			b.number("prednisone-dose", 0, "mg/d");
		}
		return b;
	}

	@Test
	void sscHighHasFiveOfSevenFlags() {
		Prediction p = model.predict(BundlePatients.sscHigh());
		assertThat(p.computed()).isTrue();
		assertThat(p.score()).isEqualTo(5.0);
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(points(p, "diffuse cutaneous disease")).isEqualTo(1.0);
		assertThat(points(p, "rapid skin progression")).isEqualTo(1.0);
		assertThat(points(p, "disease duration < 4 years")).isEqualTo(1.0);
		assertThat(points(p, "anti-RNA polymerase III positive")).isEqualTo(1.0);
		assertThat(points(p, "prednisone > 15 mg/day")).isEqualTo(1.0);
		assertThat(points(p, "new anaemia")).isZero();
		assertThat(points(p, "recent cardiac event")).isZero();
		assertThat(p.missingInputs()).isEmpty();
		assertThat(p.summary()).contains("5 of 7").contains("proteinuria").contains("DLCO").contains("hypertension")
				.contains("no validated score");
	}

	@Test
	void sscLowHasNoFlag() {
		Prediction p = model.predict(BundlePatients.sscLow());
		assertThat(p.score()).isEqualTo(0.0);
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(p.category()).isEqualTo("no flag");
		assertThat(p.summary()).contains("0 of 7");
	}

	@ParameterizedTest(name = "{0} years flagged {1}")
	@CsvSource({"0.8,1", "3.99,1", "4.0,0", "7.5,0"})
	void diseaseDurationCutOffIsFourYears(double years, double flagged) {
		Prediction p = model.predict(base().number("ssc-disease-duration", years, "a").build());
		assertThat(points(p, "disease duration < 4 years")).isEqualTo(flagged);
		assertThat(Factors.factor(p, "disease duration < 4 years").explanation()).contains("not a published cut-off");
	}

	@ParameterizedTest(name = "prednisone {0} mg/d flagged {1}")
	@CsvSource({"0,0", "15,0", "15.5,1", "20,1"})
	void prednisoneAbove15(double dose, double flagged) {
		assertThat(points(model.predict(base().number("prednisone-dose", dose, "mg/d").build()), "prednisone > 15 mg/day"))
				.isEqualTo(flagged);
	}

	@ParameterizedTest(name = "anti-RNAP III {0} (ULN 20) flagged {1}")
	@CsvSource({"20,0", "21,1"})
	void antiRnaPolymeraseIII(double value, double flagged) {
		assertThat(points(model.predict(base().number("anti-rna-pol3", value, "[arb'U]/mL").build()),
				"anti-RNA polymerase III positive")).isEqualTo(flagged);
	}

	@Test
	void bandsAreNoneOneToTwoAndThreeOrMore() {
		assertThat(model.predict(base().build()).risk()).isEqualTo(RiskLevel.LOW);
		assertThat(model.predict(base().flag("ssc-new-anaemia", true).build()).risk()).isEqualTo(RiskLevel.MODERATE);
		Prediction two = model.predict(base().flag("ssc-new-anaemia", true).flag("ssc-recent-cardiac-event", true).build());
		assertThat(two.score()).isEqualTo(2.0);
		assertThat(two.risk()).isEqualTo(RiskLevel.MODERATE);
		Prediction three = model.predict(base().flag("ssc-new-anaemia", true).flag("ssc-recent-cardiac-event", true)
				.flag("ssc-diffuse-cutaneous", true).build());
		assertThat(three.score()).isEqualTo(3.0);
		assertThat(three.risk()).isEqualTo(RiskLevel.HIGH);
	}

	@Test
	void missingFlagsThatCannotChangeTheBandAreReported() {
		Prediction p = model.predict(base("ssc-new-anaemia", "prednisone-dose").flag("ssc-diffuse-cutaneous", true)
				.flag("ssc-rapid-skin-progression", true).number("ssc-disease-duration", 1, "a").build());
		assertThat(p.computed()).isTrue();
		assertThat(p.score()).isEqualTo(3.0);
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(p.missingInputs()).containsExactly("prednisone-dose", "ssc-new-anaemia");
	}

	@Test
	void missingFlagsThatCouldChangeTheBandMakeItNotComputed() {
		Prediction p = model.predict(base("prednisone-dose").build());
		assertThat(p.computed()).isFalse();
		assertThat(p.risk()).isNull();
		assertThat(p.missingInputs()).containsExactly("prednisone-dose");
	}

	@Test
	void prednisoneAloneDoesNotMakeItApplicable() {
		assertThat(model.isApplicable(FeatureVector.builder().number("prednisone-dose", 20, "mg/d").build())).isFalse();
		assertThat(model.isApplicable(BundlePatients.sscLow())).isTrue();
	}
}
