package org.immunorisk.models.published;

import static org.assertj.core.api.Assertions.assertThat;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IgG4RdComprehensiveDiagnosis2020Test {

	private final IgG4RdComprehensiveDiagnosis2020 model = new IgG4RdComprehensiveDiagnosis2020();

	/** A fully recorded patient: each pathology item given explicitly. */
	private static FeatureVector patient(boolean swelling, double igg4, boolean infiltrate, double ratio, double cells,
			boolean storiform) {
		return FeatureVector.builder()
				.flag("organ-swelling-mass", swelling)
				.number("serum-igg4", igg4, "mg/dL")
				.flag("dense-lymphoplasmacytic-infiltrate-fibrosis", infiltrate)
				.number("tissue-igg4-igg-ratio", ratio, "%")
				.number("tissue-igg4-cells-hpf", cells, "/[HPF]")
				.flag("storiform-fibrosis-or-obliterative-phlebitis", storiform)
				.build();
	}

	// --- test-bundle patients ---------------------------------------------------------------------------------

	@Test
	void igg4rdHighIsDefinite() {
		Prediction p = model.predict(BundlePatients.igg4rdHigh());
		assertThat(p.computed()).isTrue();
		assertThat(p.category()).isEqualTo("definite");
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(p.missingInputs()).isEmpty();
		assertThat(Factors.factor(p, "(3) pathology, 2 of 3").value()).isEqualTo("3 of 3 met");
		assertThat(p.inputsUsed()).contains("organ-swelling-mass", "serum-igg4",
				"dense-lymphoplasmacytic-infiltrate-fibrosis", "storiform-fibrosis-or-obliterative-phlebitis");
	}

	@Test
	void igg4rdLowFulfilsNoCategory() {
		Prediction p = model.predict(BundlePatients.igg4rdLow());
		assertThat(p.computed()).isTrue();
		assertThat(p.category()).isEqualTo("not fulfilled");
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(p.summary()).contains("no biopsy recorded");
	}

	@Test
	void igg4rdMissingIgg4IsNotDeterminable() {
		Prediction p = model.predict(BundlePatients.igg4rdMissingIgg4());
		assertThat(p.computed()).isFalse();
		assertThat(p.category()).isNull();
		assertThat(p.risk()).isNull();
		assertThat(p.missingInputs()).containsExactly("serum-igg4");
		assertThat(p.summary()).contains("not determinable").contains("serum-igg4").contains("possible")
				.contains("not fulfilled");
	}

	// --- categories ---------------------------------------------------------------------------------------------

	@ParameterizedTest(name = "swelling {0}, IgG4 {1}, pathology {2}/{3}/{4}/{5} → {6}")
	@CsvSource({
			"true,136,true,50,20,false,definite",
			"true,136,true,30,20,true,definite",
			"true,136,false,50,20,true,definite",
			"true,100,true,50,20,false,probable",
			"true,200,false,30,5,false,possible",
			"true,135,false,30,5,true,not fulfilled",
			"false,500,true,80,80,true,not fulfilled",
			"true,135.1,true,40,11,false,possible",
			"true,135.1,true,41,10,false,possible",
			"true,135.1,true,40.1,10.1,false,definite"})
	void categories(boolean swelling, double igg4, boolean infiltrate, double ratio, double cells, boolean storiform,
			String expected) {
		Prediction p = model.predict(patient(swelling, igg4, infiltrate, ratio, cells, storiform));
		assertThat(p.computed()).isTrue();
		assertThat(p.category()).isEqualTo(expected);
		assertThat(p.risk()).isEqualTo(switch (expected) {
			case "definite", "probable" -> RiskLevel.HIGH;
			case "possible" -> RiskLevel.MODERATE;
			default -> RiskLevel.LOW;
		});
	}

	@Test
	void serumIgG4CutOffIsStrictlyAbove135() {
		assertThat(model.predict(patient(true, 135, false, 0, 0, false)).category()).isEqualTo("not fulfilled");
		assertThat(model.predict(patient(true, 135.5, false, 0, 0, false)).category()).isEqualTo("possible");
	}

	@Test
	void noBiopsyWithSwellingAndHighIgG4IsPossibleAndSaysHistologyCouldChangeIt() {
		FeatureVector v = FeatureVector.builder().flag("organ-swelling-mass", true).number("serum-igg4", 400, "mg/dL")
				.build();
		Prediction p = model.predict(v);
		assertThat(p.category()).isEqualTo("possible");
		assertThat(p.missingInputs()).isEmpty();
		assertThat(p.summary()).contains("histology could change the category");
	}

	// --- missing inputs ------------------------------------------------------------------------------------------

	@Test
	void biopsyWithMissingItemsThatCouldDecideIsNotComputed() {
		FeatureVector v = FeatureVector.builder()
				.flag("organ-swelling-mass", true)
				.number("serum-igg4", 400, "mg/dL")
				.flag("dense-lymphoplasmacytic-infiltrate-fibrosis", true)
				.build();
		Prediction p = model.predict(v);
		assertThat(p.computed()).isFalse();
		assertThat(p.missingInputs()).containsExactlyInAnyOrder("tissue-igg4-igg-ratio", "tissue-igg4-cells-hpf",
				"storiform-fibrosis-or-obliterative-phlebitis");
		assertThat(p.summary()).contains("definite or possible");
	}

	@Test
	void missingItemsThatCannotChangeTheCategoryAreReportedButTheCategoryStands() {
		// no organ swelling: no category whatever IgG4 is
		FeatureVector v = FeatureVector.builder()
				.flag("organ-swelling-mass", false)
				.flag("dense-lymphoplasmacytic-infiltrate-fibrosis", true)
				.flag("storiform-fibrosis-or-obliterative-phlebitis", true)
				.build();
		Prediction p = model.predict(v);
		assertThat(p.computed()).isTrue();
		assertThat(p.category()).isEqualTo("not fulfilled");
		assertThat(p.missingInputs()).containsExactly("serum-igg4");
	}

	@Test
	void twoPathologyItemsMetDecideCriterionThreeDespiteAMissingThird() {
		FeatureVector v = FeatureVector.builder()
				.flag("organ-swelling-mass", true)
				.number("serum-igg4", 80, "mg/dL")
				.flag("dense-lymphoplasmacytic-infiltrate-fibrosis", true)
				.flag("storiform-fibrosis-or-obliterative-phlebitis", true)
				.build();
		Prediction p = model.predict(v);
		assertThat(p.category()).isEqualTo("probable");
		// the staining item is not needed once two items are met
		assertThat(p.missingInputs()).isEmpty();
	}

	@Test
	void oneStainingValueBelowItsCutOffSettlesTheStainingItem() {
		FeatureVector v = FeatureVector.builder()
				.flag("organ-swelling-mass", true)
				.number("serum-igg4", 80, "mg/dL")
				.flag("dense-lymphoplasmacytic-infiltrate-fibrosis", true)
				.flag("storiform-fibrosis-or-obliterative-phlebitis", false)
				.number("tissue-igg4-igg-ratio", 20, "%")
				.build();
		Prediction p = model.predict(v);
		assertThat(p.category()).isEqualTo("not fulfilled");
		assertThat(p.missingInputs()).isEmpty();
	}

	@Test
	void missingOrganSwellingIsReported() {
		FeatureVector v = FeatureVector.builder().number("serum-igg4", 400, "mg/dL").build();
		Prediction p = model.predict(v);
		assertThat(p.computed()).isFalse();
		assertThat(p.missingInputs()).containsExactly("organ-swelling-mass");
	}
}
