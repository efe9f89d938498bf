package org.immunorisk.models.published;

import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.models.published.Factors.factor;
import static org.immunorisk.models.published.Factors.points;

import java.util.Set;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcrEular2019IgG4RdClassificationTest {

	private final AcrEular2019IgG4RdClassification model = new AcrEular2019IgG4RdClassification();

	/** Entry met (pancreas), no exclusion, IgG4 normal (0), complement normal (0): every domain scores 0. */
	private static FeatureVector.Builder base() {
		return FeatureVector.builder()
				.codes("igg4rd-organs", Set.of("pancreas"), "Observation/organ")
				.number("serum-igg4-uln-multiple", 0.5, "1", "Observation/igg4")
				.flag("hypocomplementemia", false, "Observation/c3");
	}

	// --- test-bundle patients (test-bundles/README.md) -----------------------------------------------------

	@Test
	void igg4rdHighScores69AndIsClassified() {
		Prediction p = model.predict(BundlePatients.igg4rdHigh());

		assertThat(p.computed()).isTrue();
		assertThat(p.score()).isEqualTo(69.0);
		assertThat(p.category()).isEqualTo("classified");
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(p.missingInputs()).isEmpty();
		assertThat(points(p, "histopathology")).isEqualTo(13.0);
		assertThat(points(p, "immunostaining")).isEqualTo(14.0);
		assertThat(points(p, "serum IgG4")).isEqualTo(11.0);
		assertThat(points(p, "glands")).isEqualTo(14.0);
		assertThat(points(p, "chest")).isEqualTo(0.0);
		assertThat(points(p, "pancreas and biliary tree")).isEqualTo(11.0);
		assertThat(points(p, "kidney")).isEqualTo(6.0);
		assertThat(points(p, "retroperitoneum")).isEqualTo(0.0);
		assertThat(Factors.sum(p)).isEqualTo(69.0);
		assertThat(p.inputsUsed()).contains("igg4rd-organs", "serum-igg4-uln-multiple", "hypocomplementemia",
				"tissue-igg4-igg-ratio", "tissue-igg4-cells-hpf", "igg4rd-gland-sets", "igg4rd-pancreas-biliary");
		assertThat(p.summary()).contains("69").contains("classified");
	}

	@Test
	void igg4rdLowIsExcludedWithoutScoringInclusionItems() {
		Prediction p = model.predict(BundlePatients.igg4rdLow());

		assertThat(p.computed()).isTrue();
		assertThat(p.category()).isEqualTo("excluded");
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(p.score()).isNull();
		assertThat(factor(p, "exclusion criterion").value()).isEqualTo("positive-ssa-ssb");
		assertThat(p.inputsUsed()).contains("igg4rd-exclusions");
		assertThat(p.summary()).contains("positive-ssa-ssb").contains("not classified");
	}

	@Test
	void igg4rdLowWithoutItsExclusionWouldScoreSix() {
		FeatureVector withoutExclusion = FeatureVector.builder()
				.codes("igg4rd-organs", Set.of("salivary-gland"))
				.number("igg4rd-gland-sets", 1, "1")
				.number("serum-igg4-uln-multiple", 48.0 / 135, "1")
				.flag("hypocomplementemia", false)
				.build();
		Prediction p = model.predict(withoutExclusion);
		assertThat(p.score()).isEqualTo(6.0);
		assertThat(p.category()).isEqualTo("not classified");
	}

	@Test
	void igg4rdMissingIgg4Gives14PointsAndReportsIgG4MissingWithoutGuessing() {
		Prediction p = model.predict(BundlePatients.igg4rdMissingIgg4());

		assertThat(p.computed()).isTrue();
		assertThat(p.score()).isEqualTo(14.0);
		assertThat(p.category()).isEqualTo("indeterminate");
		assertThat(p.risk()).isEqualTo(RiskLevel.MODERATE);
		assertThat(p.missingInputs()).containsExactly("serum-igg4");
		assertThat(points(p, "glands")).isEqualTo(6.0);
		assertThat(points(p, "pancreas and biliary tree")).isEqualTo(8.0);
		assertThat(points(p, "kidney")).isEqualTo(0.0);
		assertThat(points(p, "serum IgG4")).isNull();
		assertThat(factor(p, "serum IgG4").explanation()).contains("could add up to 11");
		assertThat(p.summary()).contains("14 points from available items").contains("serum-igg4")
				.doesNotContain("not classified");
	}

	// --- entry and exclusion -----------------------------------------------------------------------------------

	@Test
	void withoutEntryCriterionTheCriteriaDoNotApply() {
		FeatureVector noEntry = FeatureVector.builder()
				.number("serum-igg4-uln-multiple", 6, "1")
				.number("igg4rd-gland-sets", 2, "1")
				.build();
		Prediction p = model.predict(noEntry);
		// No organ recorded is absence of data, not a recorded absence: not computed, never stored as low risk.
		assertThat(p.computed()).isFalse();
		assertThat(p.missingInputs()).containsExactly("igg4rd-organs");
		assertThat(p.risk()).isNull();
		assertThat(p.score()).isNull();
	}

	@Test
	void uninformativeBiopsyAloneIsNoEntry() {
		Prediction p = model.predict(FeatureVector.builder().code("igg4rd-histopathology", "uninformative").build());
		assertThat(p.computed()).isFalse();
		assertThat(p.missingInputs()).containsExactly("igg4rd-organs");
	}

	@Test
	void infiltrateOnBiopsyMeetsTheEntryCriterion() {
		FeatureVector biopsyOnly = FeatureVector.builder()
				.code("igg4rd-histopathology", "infiltrate-storiform-fibrosis")
				.number("tissue-igg4-igg-ratio", 80, "%")
				.number("tissue-igg4-cells-hpf", 60, "/[HPF]")
				.number("serum-igg4-uln-multiple", 0.8, "1")
				.flag("hypocomplementemia", false)
				.build();
		Prediction p = model.predict(biopsyOnly);
		assertThat(p.score()).isEqualTo(29.0);
		assertThat(p.category()).isEqualTo("classified");
	}

	@Test
	void anyExclusionOverridesAHighScore() {
		FeatureVector excluded = FeatureVector.builder()
				.add(BundlePatients.igg4rdHigh().get("igg4rd-organs").orElseThrow())
				.number("serum-igg4-uln-multiple", 8, "1")
				.number("igg4rd-gland-sets", 2, "1")
				.codes("igg4rd-pancreas-biliary", Set.of("pancreas-and-biliary"))
				.codes("igg4rd-exclusions", Set.of("multicentric-castleman-disease"))
				.build();
		Prediction p = model.predict(excluded);
		assertThat(p.category()).isEqualTo("excluded");
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
	}

	// --- threshold ---------------------------------------------------------------------------------------------

	@Test
	void nineteenPointsDoNotClassify() {
		// storiform fibrosis 13 + IgG4 2–5 × ULN 6 + immunostaining 0 = 19
		FeatureVector v = base()
				.code("igg4rd-histopathology", "infiltrate-storiform-fibrosis")
				.number("tissue-igg4-igg-ratio", 30, "%")
				.number("tissue-igg4-cells-hpf", 5, "/[HPF]")
				.number("serum-igg4-uln-multiple", 2, "1")
				.build();
		Prediction p = model.predict(v);
		assertThat(p.score()).isEqualTo(19.0);
		assertThat(p.category()).isEqualTo("not classified");
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(p.missingInputs()).isEmpty();
	}

	@Test
	void twentyPointsClassify() {
		// storiform fibrosis 13 + immunostaining 7 (ratio 50%, 5 cells/hpf) + IgG4 normal 0 = 20
		FeatureVector v = base()
				.code("igg4rd-histopathology", "infiltrate-storiform-fibrosis")
				.number("tissue-igg4-igg-ratio", 50, "%")
				.number("tissue-igg4-cells-hpf", 5, "/[HPF]")
				.build();
		Prediction p = model.predict(v);
		assertThat(p.score()).isEqualTo(20.0);
		assertThat(p.category()).isEqualTo("classified");
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
	}

	// --- every item ----------------------------------------------------------------------------------------------

	@ParameterizedTest(name = "histopathology {0} = {1}")
	@CsvSource({"uninformative,0", "dense-lymphocytic-infiltrate,4", "infiltrate-obliterative-phlebitis,6",
			"infiltrate-storiform-fibrosis,13"})
	void histopathologyWeights(String code, double expected) {
		// immunostaining ratio 0% and 0 cells scores 0, so the score is the histopathology weight
		Prediction p = model.predict(base().code("igg4rd-histopathology", code)
				.number("tissue-igg4-igg-ratio", 0, "%").number("tissue-igg4-cells-hpf", 0, "/[HPF]").build());
		assertThat(points(p, "histopathology")).isEqualTo(expected);
		assertThat(p.score()).isEqualTo(expected);
	}

	@ParameterizedTest(name = "ratio {0}%, {1} cells/hpf = {2}")
	@CsvSource({
			"0,0,0", "40,9,0", "40.5,9,7", "41,0,7", "100,9,7",
			"40,10,7", "0,200,7", "40,9.5,7",
			"41,10,14", "70,10,14", "70,200,14", "71,10,14", "71,50,14",
			"71,51,16", "100,200,16", "70.5,51,16"})
	void immunostainingTable(double ratio, double cells, double expected) {
		Prediction p = model.predict(base().code("igg4rd-histopathology", "uninformative")
				.number("tissue-igg4-igg-ratio", ratio, "%").number("tissue-igg4-cells-hpf", cells, "/[HPF]").build());
		assertThat(points(p, "immunostaining")).isEqualTo(expected);
		assertThat(p.missingInputs()).isEmpty();
	}

	@Test
	void immunostainingIndeterminateRowsOfTheTable() {
		var t = AcrEular2019IgG4RdClassification.Band.INDETERMINATE;
		var low = AcrEular2019IgG4RdClassification.Band.LOW;
		var mid = AcrEular2019IgG4RdClassification.Band.MID;
		var high = AcrEular2019IgG4RdClassification.Band.HIGH;
		assertThat(AcrEular2019IgG4RdClassification.immunostainingPoints(t, low)).isZero();
		assertThat(AcrEular2019IgG4RdClassification.immunostainingPoints(t, mid)).isEqualTo(7);
		assertThat(AcrEular2019IgG4RdClassification.immunostainingPoints(t, t)).isEqualTo(7);
		assertThat(AcrEular2019IgG4RdClassification.immunostainingPoints(low, t)).isEqualTo(7);
		assertThat(AcrEular2019IgG4RdClassification.immunostainingPoints(high, t)).isEqualTo(7);
	}

	@ParameterizedTest(name = "IgG4 {0} × ULN = {1}")
	@CsvSource({"0.2,0", "1.0,0", "1.01,4", "1.99,4", "2.0,6", "5.0,6", "5.01,11", "12,11"})
	void serumIgG4Bands(double multiple, double expected) {
		Prediction p = model.predict(base().number("serum-igg4-uln-multiple", multiple, "1").build());
		assertThat(points(p, "serum IgG4")).isEqualTo(expected);
		assertThat(p.score()).isEqualTo(expected);
	}

	@Test
	void serumIgG4MultipleIsWorkedOutFromValueAndUlnWhenNotDerived() {
		FeatureVector v = FeatureVector.builder()
				.codes("igg4rd-organs", Set.of("pancreas"))
				.flag("hypocomplementemia", false)
				.number("serum-igg4", 300, "mg/dL")
				.number("serum-igg4-uln", 100, "mg/dL")
				.build();
		assertThat(points(model.predict(v), "serum IgG4")).isEqualTo(6.0);
	}

	@ParameterizedTest(name = "{0} gland sets = {1}")
	@CsvSource({"0,0", "1,6", "2,14", "4,14"})
	void glandSets(double sets, double expected) {
		assertThat(points(model.predict(base().number("igg4rd-gland-sets", sets, "1").build()), "glands"))
				.isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} {1} = {2}")
	@CsvSource({
			"igg4rd-chest,peribronchovascular-septal-thickening,chest,4",
			"igg4rd-chest,paravertebral-band-soft-tissue,chest,10",
			"igg4rd-pancreas-biliary,diffuse-pancreas-enlargement,pancreas and biliary tree,8",
			"igg4rd-pancreas-biliary,pancreas-capsule-rim,pancreas and biliary tree,11",
			"igg4rd-pancreas-biliary,pancreas-and-biliary,pancreas and biliary tree,19",
			"igg4rd-kidney,renal-pelvis-thickening,kidney,8",
			"igg4rd-kidney,bilateral-renal-cortex-low-density,kidney,10",
			"igg4rd-retroperitoneum,diffuse-aortic-wall-thickening,retroperitoneum,4",
			"igg4rd-retroperitoneum,periaortic-iliac-soft-tissue,retroperitoneum,8"})
	void imagingDomainWeights(String input, String code, String domain, double expected) {
		Prediction p = model.predict(base().codes(input, Set.of(code)).build());
		assertThat(points(p, domain)).isEqualTo(expected);
		assertThat(p.score()).isEqualTo(expected);
	}

	@Test
	void onlyTheHighestWeightOfADomainCounts() {
		Prediction p = model.predict(base()
				.codes("igg4rd-chest", Set.of("peribronchovascular-septal-thickening", "paravertebral-band-soft-tissue"))
				.codes("igg4rd-pancreas-biliary", Set.of("diffuse-pancreas-enlargement", "pancreas-capsule-rim"))
				.codes("igg4rd-retroperitoneum", Set.of("diffuse-aortic-wall-thickening", "periaortic-iliac-soft-tissue"))
				.build());
		assertThat(points(p, "chest")).isEqualTo(10.0);
		assertThat(points(p, "pancreas and biliary tree")).isEqualTo(11.0);
		assertThat(points(p, "retroperitoneum")).isEqualTo(8.0);
		assertThat(p.score()).isEqualTo(29.0);
	}

	@Test
	void hypocomplementaemiaScoresSixUnlessKidneyImagingScoresMore() {
		FeatureVector.Builder low = base().flag("hypocomplementemia", true);
		assertThat(points(model.predict(low.build()), "kidney")).isEqualTo(6.0);
		assertThat(points(model.predict(low.codes("igg4rd-kidney", Set.of("renal-pelvis-thickening")).build()), "kidney"))
				.isEqualTo(8.0);
	}

	// --- missing inputs ------------------------------------------------------------------------------------------

	@Test
	void missingIgG4DoesNotMatterWhenAvailableItemsAlreadyClassify() {
		FeatureVector v = FeatureVector.builder()
				.codes("igg4rd-organs", Set.of("pancreas"))
				.flag("hypocomplementemia", false)
				.codes("igg4rd-pancreas-biliary", Set.of("pancreas-and-biliary"))
				.number("igg4rd-gland-sets", 1, "1")
				.build();
		Prediction p = model.predict(v);
		assertThat(p.score()).isEqualTo(25.0);
		assertThat(p.category()).isEqualTo("classified");
		assertThat(p.missingInputs()).containsExactly("serum-igg4");
		assertThat(p.summary()).contains("at least 25");
	}

	@Test
	void missingIgG4CannotReach20FromEightPoints() {
		FeatureVector v = FeatureVector.builder()
				.codes("igg4rd-organs", Set.of("pancreas"))
				.flag("hypocomplementemia", false)
				.codes("igg4rd-pancreas-biliary", Set.of("diffuse-pancreas-enlargement"))
				.build();
		Prediction p = model.predict(v);
		assertThat(p.score()).isEqualTo(8.0);
		assertThat(p.category()).isEqualTo("not classified");
		assertThat(p.missingInputs()).containsExactly("serum-igg4");
	}

	@Test
	void missingIgG4FromNinePointsIsIndeterminate() {
		FeatureVector v = FeatureVector.builder()
				.codes("igg4rd-organs", Set.of("pancreas"))
				.flag("hypocomplementemia", false)
				.codes("igg4rd-pancreas-biliary", Set.of("diffuse-pancreas-enlargement"))
				.codes("igg4rd-chest", Set.of("peribronchovascular-septal-thickening"))
				.build();
		Prediction p = model.predict(v);
		assertThat(p.score()).isEqualTo(12.0);
		assertThat(p.category()).isEqualTo("indeterminate");
	}

	@Test
	void igG4WithoutUpperLimitIsReportedAsMissingLimit() {
		FeatureVector v = FeatureVector.builder()
				.codes("igg4rd-organs", Set.of("pancreas"))
				.flag("hypocomplementemia", false)
				.number("serum-igg4", 300, "mg/dL")
				.build();
		assertThat(model.predict(v).missingInputs()).containsExactly("serum-igg4-uln");
	}

	@Test
	void missingComplementIsReportedNotReadAsNormal() {
		FeatureVector v = FeatureVector.builder()
				.codes("igg4rd-organs", Set.of("pancreas"))
				.number("serum-igg4-uln-multiple", 1.5, "1")
				.number("igg4rd-gland-sets", 1, "1")
				.codes("igg4rd-chest", Set.of("peribronchovascular-septal-thickening"))
				.missing("hypocomplementemia", "C3 and C4 have no lower reference limit")
				.build();
		Prediction p = model.predict(v);
		// 4 + 6 + 4 = 14; hypocomplementaemia would make it 20
		assertThat(p.score()).isEqualTo(14.0);
		assertThat(p.missingInputs()).containsExactly("hypocomplementemia");
		assertThat(p.category()).isEqualTo("indeterminate");
		assertThat(p.summary()).contains("C3 and C4 have no lower reference limit");
	}

	@Test
	void missingComplementOnlyAddsWhatTheKidneyDomainCanStillGain() {
		FeatureVector v = FeatureVector.builder()
				.codes("igg4rd-organs", Set.of("pancreas", "kidney"))
				.number("serum-igg4-uln-multiple", 2.5, "1")
				.codes("igg4rd-kidney", Set.of("renal-pelvis-thickening"))
				.codes("igg4rd-chest", Set.of("peribronchovascular-septal-thickening"))
				.build();
		Prediction p = model.predict(v);
		// 6 + 8 + 4 = 18; complement could not raise the kidney domain above 8
		assertThat(p.score()).isEqualTo(18.0);
		assertThat(p.category()).isEqualTo("not classified");
		assertThat(p.missingInputs()).containsExactly("hypocomplementemia");
	}

	@Test
	void biopsyWithoutImmunostainingReportsItMissing() {
		FeatureVector v = base().code("igg4rd-histopathology", "infiltrate-storiform-fibrosis").build();
		Prediction p = model.predict(v);
		assertThat(p.score()).isEqualTo(13.0);
		assertThat(p.missingInputs()).containsExactlyInAnyOrder("tissue-igg4-igg-ratio", "tissue-igg4-cells-hpf");
		assertThat(p.category()).isEqualTo("indeterminate");
	}

	@Test
	void oneImmunostainingValueMissingSpansItsPossibleRange() {
		FeatureVector v = base().code("igg4rd-histopathology", "dense-lymphocytic-infiltrate")
				.number("tissue-igg4-igg-ratio", 80, "%").build();
		Prediction p = model.predict(v);
		// ratio ≥ 71%: cells 0–9 or indeterminate → 7 (the least), ≥ 51 → 16
		assertThat(points(p, "immunostaining")).isEqualTo(7.0);
		assertThat(p.missingInputs()).containsExactly("tissue-igg4-cells-hpf");
		assertThat(p.score()).isEqualTo(11.0);
		assertThat(p.category()).isEqualTo("indeterminate");
	}

	@Test
	void noBiopsyIsNotAMissingInput() {
		Prediction p = model.predict(base().number("igg4rd-gland-sets", 2, "1").build());
		assertThat(p.missingInputs()).isEmpty();
		assertThat(p.score()).isEqualTo(14.0);
		assertThat(p.category()).isEqualTo("not classified");
	}

	@Test
	void applicableOnlyWithIgG4RdData() {
		assertThat(model.isApplicable(BundlePatients.igg4rdMissingIgg4())).isTrue();
		assertThat(model.isApplicable(FeatureVector.builder().flag("hypocomplementemia", true).build())).isFalse();
		assertThat(model.isApplicable(BundlePatients.raHigh())).isFalse();
	}
}
