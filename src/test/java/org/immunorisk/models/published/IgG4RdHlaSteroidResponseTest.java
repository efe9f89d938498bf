package org.immunorisk.models.published;

import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.models.published.Factors.factor;

import java.util.Set;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IgG4RdHlaSteroidResponseTest {

	private final IgG4RdHlaSteroidResponse model = new IgG4RdHlaSteroidResponse();

	/** B, DRB1 and DQB1 typed with neutral alleles, plus the given ones. */
	private static FeatureVector typed(String... extra) {
		Set<String> alleles = new java.util.HashSet<>(Set.of("HLA-B*52:01", "HLA-DRB1*15:02", "HLA-DQB1*06:01"));
		alleles.addAll(Set.of(extra));
		return FeatureVector.builder().codes("hla-alleles", alleles, "Observation/hla").build();
	}

	@Test
	void igg4rdHighCarriesB4001AndBeta7ValButNotDqb11201() {
		Prediction p = model.predict(BundlePatients.igg4rdHigh());
		assertThat(p.computed()).isTrue();
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(p.category()).isEqualTo("higher dose requirement");
		assertThat(factor(p, "HLA-B*40:01").value()).startsWith("carrier");
		assertThat(factor(p, "HLA-DRB1 β7-Val").value()).isEqualTo("carrier (DRB1*04:05)");
		assertThat(factor(p, "HLA-DRB1 β7-Val").explanation()).contains("relapse trend").contains("18");
		assertThat(factor(p, "HLA-DQB1*12:01").value()).startsWith("non-carrier");
		assertThat(p.summary()).contains("≥ 10 mg/day").contains("relapse trend").contains("weak evidence")
				.doesNotContain("DQB1*12:01 carrier");
		assertThat(p.inputsUsed()).containsExactly("hla-alleles");
	}

	@Test
	void untypedPatientsReportTheirInputsMissing() {
		for (FeatureVector patient : new FeatureVector[] {BundlePatients.igg4rdLow(), BundlePatients.igg4rdMissingIgg4()}) {
			Prediction p = model.predict(patient);
			assertThat(p.computed()).isFalse();
			assertThat(p.missingInputs()).containsExactly("hla-alleles");
			assertThat(model.isApplicable(patient)).isTrue();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = {"HLA-DRB1*04:01", "HLA-DRB1*04:03", "HLA-DRB1*04:05", "HLA-DRB1*04:06", "HLA-DRB1*04:10",
			"HLA-DRB1*04:05:01", "HLA-DRB1*04:10:01:02", "DRB1*04:06", "hla-drb1*04:01"})
	void beta7ValAllelesAreHigh(String allele) {
		Prediction p = model.predict(typed(allele));
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(p.summary()).contains("relapse trend");
	}

	@ParameterizedTest
	@ValueSource(strings = {"HLA-DRB1*04:04", "HLA-DRB1*04:02", "HLA-DRB1*04:07", "HLA-DRB1*14:05", "HLA-DRB1*04:050"})
	void otherDrb1AllelesAreNotBeta7Val(String allele) {
		Prediction p = model.predict(typed(allele));
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(p.category()).isEqualTo("no marker");
	}

	@Test
	void b4001AloneIsHighWithoutRelapseFlag() {
		Prediction p = model.predict(typed("HLA-B*40:01:02"));
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(p.summary()).contains("HLA-B*40:01").doesNotContain("relapse");
	}

	@Test
	void b4002IsNotB4001() {
		assertThat(model.predict(typed("HLA-B*40:02")).category()).isEqualTo("no marker");
	}

	@Test
	void dqb11201OnlyMeansLowerMaintenanceDose() {
		Prediction p = model.predict(typed("HLA-DQB1*12:01"));
		assertThat(p.computed()).isTrue();
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(p.category()).isEqualTo("lower maintenance dose");
		assertThat(p.summary()).contains("< 7 mg/day");
	}

	@Test
	void dqb11201WithAHighMarkerStaysHigh() {
		Prediction p = model.predict(typed("HLA-DQB1*12:01", "HLA-B*40:01"));
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(p.summary()).contains("DQB1*12:01 carrier");
	}

	@Test
	void noMarkerIsLow() {
		Prediction p = model.predict(typed());
		assertThat(p.computed()).isTrue();
		assertThat(p.risk()).isEqualTo(RiskLevel.LOW);
		assertThat(p.category()).isEqualTo("no marker");
	}

	@Test
	void nullAlleleIsNotCarriage() {
		assertThat(IgG4RdHlaSteroidResponse.parse("HLA-B*40:01:01:01N").nullAllele()).isTrue();
		assertThat(model.predict(typed("HLA-B*40:01:01:01N")).category()).isEqualTo("no marker");
	}

	@Test
	void untypedDrb1CannotRuleOutTheHighMarkers() {
		FeatureVector v = FeatureVector.builder()
				.codes("hla-alleles", Set.of("HLA-A*24:02", "HLA-B*52:01", "HLA-DQB1*12:01")).build();
		Prediction p = model.predict(v);
		assertThat(p.computed()).isFalse();
		assertThat(p.missingInputs()).containsExactly("hla-alleles");
		assertThat(p.summary()).contains("HLA-DRB1 not typed");
	}

	@Test
	void untypedLociDoNotHideAFoundHighMarker() {
		FeatureVector v = FeatureVector.builder().codes("hla-alleles", Set.of("HLA-DRB1*04:05")).build();
		Prediction p = model.predict(v);
		assertThat(p.risk()).isEqualTo(RiskLevel.HIGH);
		assertThat(factor(p, "HLA-B*40:01").value()).isEqualTo("HLA-B not typed");
	}

	@Test
	void untypedDqb1LeavesTheLowerDoseFlagUnassessed() {
		FeatureVector v = FeatureVector.builder().codes("hla-alleles", Set.of("HLA-B*52:01", "HLA-DRB1*15:02")).build();
		Prediction p = model.predict(v);
		assertThat(p.category()).isEqualTo("no marker");
		assertThat(p.summary()).contains("HLA-DQB1 not typed");
	}

	@Test
	void applicableToIgG4RdPatientsNotToHlaTypingAlone() {
		assertThat(model.isApplicable(typed("HLA-DRB1*04:01"))).isFalse();
		assertThat(model.isApplicable(BundlePatients.raHigh())).isFalse();
		assertThat(model.isApplicable(BundlePatients.igg4rdHigh())).isTrue();
	}
}
