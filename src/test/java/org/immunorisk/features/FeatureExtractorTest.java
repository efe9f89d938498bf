package org.immunorisk.features;

import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.immunorisk.testsupport.ScenarioPatients;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** FHIR → inputs on the shipped test bundles: units, derived inputs, sources and explicit missingness. */
class FeatureExtractorTest {

	/** Later than every scenario's data; tests that depend on the work-up date use {@link #workUp}. */
	private static final LocalDate AS_OF = LocalDate.of(2026, 10, 1);

	static LocalDate workUp(String scenario) {
		return LocalDate.parse(org.immunorisk.assessment.RiskAssessOperationTest.workUpDate(scenario + "-patient"));
	}
	private static final FeatureExtractor EXTRACTOR =
			new FeatureExtractor(FeatureDefinitions.fromClasspath(), new UnitConverter());

	static PatientRecord record(String scenario) {
		return ScenarioPatients.record(scenario);
	}

	@Test
	void convertibleUnitsGiveTheSameInputsAsCanonicalUnits() {
		FeatureVector canonical = EXTRACTOR.extract(record("ra-high"), workUp("ra-high"));
		FeatureVector converted = EXTRACTOR.extract(record("ra-convertible-units"), workUp("ra-convertible-units"));
		for (String name : List.of("crp", "rheumatoid-factor", "albumin", "wbc", "neutrophils", "lymphocytes", "mmp3",
				"anti-ccp", "esr", "crp-uln", "rheumatoid-factor-uln", "nlr", "dnlr")) {
			assertThat(canonical.number(name)).as("ra-high " + name).isPresent();
			assertThat(converted.number(name)).as("ra-convertible-units " + name).isPresent();
			assertThat(converted.number(name).get()).as(name).isCloseTo(canonical.number(name).get(), within(1e-6));
		}
	}

	@Test
	void igg4InputsCarryUlnMultipleRatioAndSources() {
		FeatureVector features = EXTRACTOR.extract(record("igg4rd-high"), workUp("igg4rd-high"));
		double igg4 = features.number("serum-igg4").orElseThrow();
		double uln = features.number("serum-igg4-uln").orElseThrow();
		assertThat(features.number("serum-igg4-uln-multiple").orElseThrow()).isCloseTo(igg4 / uln, within(1e-9));
		assertThat(features.get("serum-igg4").orElseThrow().sources()).containsExactly("Observation/igg4rd-high-igg4");
		assertThat(features.codes("igg4rd-organs")).isNotEmpty();
		assertThat(features.codes("hla-alleles")).contains("HLA-DRB1*04:05", "HLA-B*40:01");
		assertThat(features.number("age")).contains(65.0);
		assertThat(features.code("sex")).contains("male");
		assertThat(features.flag("hypocomplementemia")).contains(true);
	}

	@Test
	void derivedNeutrophilRatiosFollowTheirFormulas() {
		FeatureVector features = EXTRACTOR.extract(record("nsclc-high"), workUp("nsclc-high"));
		double anc = features.number("neutrophils").orElseThrow();
		double wbc = features.number("wbc").orElseThrow();
		double alc = features.number("lymphocytes").orElseThrow();
		assertThat(features.number("dnlr").orElseThrow()).isCloseTo(anc / (wbc - anc), within(1e-9));
		assertThat(features.number("nlr").orElseThrow()).isCloseTo(anc / alc, within(1e-9));
		assertThat(features.get("dnlr").orElseThrow().sources()).hasSize(2);
	}

	@Test
	void aValueInAnUnconvertibleUnitIsMissingWithTheReasonNotZero() {
		PatientRecord record = record("igg4rd-high");
		List<Resource> resources = new ArrayList<>();
		for (Resource resource : record.resources()) {
			if (resource instanceof Observation o && o.getIdElement().getIdPart().equals("igg4rd-high-igg4")) {
				Observation copy = o.copy();
				copy.getValueQuantity().setCode("mmol/h");
				resources.add(copy);
			} else {
				resources.add(resource);
			}
		}
		FeatureVector features = EXTRACTOR.extract(new PatientRecord(record.patient(), resources), AS_OF);
		assertThat(features.has("serum-igg4")).isFalse();
		assertThat(features.has("serum-igg4-uln-multiple")).isFalse();
		assertThat(features.missingReason("serum-igg4")).get().asString().contains("mmol/h");
	}

	@Test
	void dataOutsideTheLookBackWindowOrAfterTheAssessmentDateIsIgnored() {
		// nsclc labs look back 90 days: assessed a year later they are gone, assessed before they existed too.
		LocalDate workUp = workUp("nsclc-high");
		assertThat(EXTRACTOR.extract(record("nsclc-high"), workUp).has("ldh")).isTrue();
		assertThat(EXTRACTOR.extract(record("nsclc-high"), workUp.plusDays(91)).has("ldh")).isFalse();
		assertThat(EXTRACTOR.extract(record("nsclc-high"), workUp.minusDays(1)).has("ldh")).isFalse();
	}

	@Test
	void theLaboratorysUpperLimitIsUsedAndADefaultIsDeclaredAsAnAssumption() {
		PatientRecord record = record("igg4rd-high");
		List<Resource> withRange = new ArrayList<>();
		List<Resource> withoutRange = new ArrayList<>();
		for (Resource resource : record.resources()) {
			if (resource instanceof Observation o && o.getIdElement().getIdPart().equals("igg4rd-high-igg4")) {
				Observation labRange = o.copy();
				labRange.getReferenceRangeFirstRep().getHigh().setValue(121);
				withRange.add(labRange);
				Observation noRange = o.copy();
				noRange.getReferenceRange().clear();
				withoutRange.add(noRange);
			} else {
				withRange.add(resource);
				withoutRange.add(resource);
			}
		}
		FeatureVector lab = EXTRACTOR.extract(new PatientRecord(record.patient(), withRange), workUp("igg4rd-high"));
		assertThat(lab.number("serum-igg4-uln")).contains(121.0);
		assertThat(lab.assumptions()).doesNotContainKey("serum-igg4-uln");
		FeatureVector assumed = EXTRACTOR.extract(new PatientRecord(record.patient(), withoutRange), workUp("igg4rd-high"));
		assertThat(assumed.number("serum-igg4-uln")).contains(135.0);
		assertThat(assumed.assumptions().get("serum-igg4-uln")).contains("135 mg/dL assumed");
	}

	@Test
	void resultsDoNotDependOnTheServersTimeZone() {
		java.util.TimeZone original = java.util.TimeZone.getDefault();
		try {
			java.util.Map<String, Object> utc = snapshot("UTC");
			assertThat(snapshot("Asia/Tokyo")).isEqualTo(utc);
			assertThat(snapshot("Pacific/Honolulu")).isEqualTo(utc);
		} finally {
			java.util.TimeZone.setDefault(original);
		}
	}

	private static java.util.Map<String, Object> snapshot(String zone) {
		java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone(zone));
		java.util.Map<String, Object> values = new java.util.TreeMap<>();
		for (String scenario : List.of("igg4rd-high", "ra-high", "ssc-high", "nsclc-high")) {
			// Parse under the zone too: HAPI turns dates into java.util.Date in the JVM's zone when parsing.
			FeatureVector features = EXTRACTOR.extract(record(scenario), workUp(scenario));
			features.features().forEach(f -> values.put(scenario + "/" + f.name(), f.value()));
		}
		return values;
	}

	@Test
	void hlaNullAllelesAmbiguitiesAndUnprefixedNamesAreReadAsWritten() {
		org.hl7.fhir.r4.model.CodeableConcept gl = new org.hl7.fhir.r4.model.CodeableConcept().addCoding(
				new org.hl7.fhir.r4.model.Coding("http://glstring.org", "hla#3.55.0#HLA-B*40:01:01N+B*07:02/B*07:05^DRB1*04:05:01", null));
		assertThat(HlaAlleles.of(gl)).containsExactly("HLA-B*40:01:01N", "HLA-DRB1*04:05:01");
	}

	@Test
	void prednisoneIsTheHighestDoseInTheWindowNotTheLatest() {
		PatientRecord record = record("ssc-high");
		Observation dose = (Observation) record.resources().stream()
				.filter(r -> r.getIdElement().getIdPart().equals("ssc-high-prednisone")).findFirst().orElseThrow();
		Observation lower = dose.copy();
		lower.setId("ssc-high-prednisone-later");
		lower.getValueQuantity().setValue(5);
		lower.setEffective(new org.hl7.fhir.r4.model.DateTimeType(workUp("ssc-high").toString()));
		List<Resource> resources = new ArrayList<>(record.resources());
		resources.add(lower);
		FeatureVector features = EXTRACTOR.extract(new PatientRecord(record.patient(), resources), workUp("ssc-high"));
		assertThat(features.number("prednisone-dose").orElseThrow()).isGreaterThan(15.0);
	}

	@Test
	void aPatientWithNoDomainDataHasOnlyDemographics() {
		FeatureVector features = EXTRACTOR.extract(record("no-domain-data"), AS_OF);
		assertThat(features.features()).extracting(Feature::name).containsExactlyInAnyOrder("age", "sex");
	}

	@Test
	void aBirthDateWithoutValueGivesNoAgeInsteadOfFailing() {
		PatientRecord record = record("ra-high");
		org.hl7.fhir.r4.model.Patient patient = record.patient().copy();
		org.hl7.fhir.r4.model.DateType absent = new org.hl7.fhir.r4.model.DateType();
		absent.addExtension("http://hl7.org/fhir/StructureDefinition/data-absent-reason", new org.hl7.fhir.r4.model.CodeType("unknown"));
		patient.setBirthDateElement(absent);
		FeatureVector features = EXTRACTOR.extract(new PatientRecord(patient, record.resources()), workUp("ra-high"));
		assertThat(features.has("age")).isFalse();
		assertThat(features.missingReason("age")).hasValueSatisfying(reason -> assertThat(reason).contains("data absent"));
		assertThat(features.number("crp")).isPresent();
	}
}
