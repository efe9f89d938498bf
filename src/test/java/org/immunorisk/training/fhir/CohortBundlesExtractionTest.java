package org.immunorisk.training.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.immunorisk.features.FeatureDefinition;
import org.immunorisk.features.FeatureDefinitions;
import org.immunorisk.features.FeatureExtractor;
import org.immunorisk.features.FeatureVector;
import org.immunorisk.features.PatientRecord;
import org.immunorisk.features.UnitConverter;
import org.immunorisk.training.CrcRadiomicsCohort;
import org.immunorisk.training.CrcRadiomicsCohort.Series;
import org.immunorisk.training.CrcRadiomicsTraining;
import org.immunorisk.training.NsclcCytokineCohort;
import org.immunorisk.training.fhir.CohortBundle.Column;
import org.immunorisk.training.fhir.CohortBundle.Compare;
import org.immunorisk.training.fhir.CohortBundle.Subject;
import org.immunorisk.training.fhir.CohortBundle.Use;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parity without a server, for every patient of every cohort: the server's {@link FeatureExtractor} (with the shipped
 * feature definitions) reads, from the patient's resources as written (through JSON and back), exactly the values of
 * the patient's CSV row. And, for the inputs no shipped definition reads yet (CRC radiomics beyond the two the served
 * model needs, NSCLC cytokines beyond its fourteen), definitions built like the shipped ones (same code, canonical
 * unit, lesion, image type and series conditions) read them too: a model trained from the store on more inputs would
 * see the CSV's numbers. The server round trip is {@link CohortBundlesParityTest}.
 */
class CohortBundlesExtractionTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final FeatureExtractor SHIPPED = new FeatureExtractor(FeatureDefinitions.fromClasspath(), new UnitConverter());
	private static List<CohortBundle> cohorts;

	@BeforeAll
	static void build() {
		cohorts = new CohortBundles(FHIR).all();
	}

	/** The patient's record as the server would hold it: resources through JSON and back; Observations and Conditions. */
	static PatientRecord record(Subject subject) {
		Bundle bundle = BundleWriter.bundle("record", List.of(subject.resources().get()));
		Bundle parsed = FHIR.newJsonParser().parseResource(Bundle.class, FHIR.newJsonParser().encodeResourceToString(bundle));
		Patient patient = null;
		List<Resource> resources = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : parsed.getEntry()) {
			Resource resource = entry.getResource();
			resource.setId(entry.getRequest().getUrl());
			if (resource instanceof Patient p) {
				patient = p;
			} else if (resource instanceof Observation || resource instanceof Condition) {
				resources.add(resource);
			}
		}
		return new PatientRecord(patient, resources);
	}

	@TestFactory
	List<DynamicTest> everyPatientsInputsAreTheCsvValues() {
		List<DynamicTest> tests = new ArrayList<>();
		for (CohortBundle cohort : cohorts) {
			tests.add(DynamicTest.dynamicTest(cohort.name(), () -> {
				CsvParity parity = new CsvParity(cohort.csv());
				long expectedPerPatient = cohort.columns().stream().filter(c -> c.compare() != Compare.NONE).count();
				int compared = 0;
				List<String> mismatches = new ArrayList<>();
				for (Subject subject : cohort.subjects()) {
					PatientRecord record = record(subject);
					FeatureVector features = SHIPPED.extract(record, subject.indexDate());
					CsvParity.Result result = parity.compare(cohort.columns(), subject, features);
					compared += result.compared();
					mismatches.addAll(result.mismatches());
					if (cohort.columns().stream().noneMatch(c -> "age".equals(c.feature()))) {
						assertThat(features.has("age")).as(subject.patientId()).isFalse();
						assertThat(features.missingReason("age")).as(subject.patientId()).hasValueSatisfying(r -> assertThat(r).contains("data absent"));
						assertThat(features.code("sex")).as(subject.patientId()).contains("unknown");
					}
				}
				assertThat(mismatches).as(cohort.name()).isEmpty();
				if (!cohort.name().equals("crc-radiomics-cohort")) { // CRC: only patients imaged prone have the two inputs
					assertThat(compared).as(cohort.name()).isEqualTo(expectedPerPatient * cohort.subjects().size());
				}
				assertThat(compared).as(cohort.name()).isPositive();
			}));
		}
		return tests;
	}

	@Test
	void inputsAreDatedOnTheIndexDateAndNotBefore() {
		for (CohortBundle cohort : cohorts) {
			Subject subject = cohort.subjects().get(0);
			PatientRecord record = record(subject);
			FeatureVector dayBefore = SHIPPED.extract(record, subject.indexDate().minusDays(1));
			for (Column column : cohort.columns()) {
				if (column.use() == Use.INPUT_READ && !Set.of("age", "sex").contains(column.feature())) {
					assertThat(dayBefore.has(column.feature())).as(cohort.name() + " " + column.feature() + " the day before").isFalse();
				}
			}
		}
	}

	@Test
	void everyCodedRadiomicsFeatureIsReadableWithTheShippedMatchingRules() {
		CohortBundle crc = cohort("crc-radiomics-cohort");
		CohortBundles mapping = new CohortBundles(FHIR);
		Terminology terminology = Terminology.fromClasspath(FHIR);
		List<FeatureDefinition> definitions = new ArrayList<>();
		List<Column> columns = new ArrayList<>();
		for (Series series : Series.values()) {
			String lesion = series.primary() ? SyntheticRecord.SNOMED + "|781382000" : SyntheticRecord.SNOMED + "|94381002";
			for (String column : CrcRadiomicsCohort.FEATURES) {
				var codings = mapping.radiomicsCodings(column);
				if (codings == null) {
					continue;
				}
				String name = CrcRadiomicsTraining.inputName(series, column);
				definitions.add(new FeatureDefinition(name, "", "Observation", List.of(SyntheticRecord.RADIOMICS + "|" + codings[0].getCode()),
						"quantity", null, terminology.property(SyntheticRecord.RADIOMICS, codings[0].getCode(), "unit").orElseThrow(),
						"latest", 365, null, null, null, new FeatureDefinition.Where(List.of(lesion),
								SyntheticRecord.RADIOMICS + "|image-type", SyntheticRecord.IMAGE_TYPE + "|" + codings[1].getCode(), series.phase())));
				columns.add(Column.read(series.code() + ":" + column, "", name, Compare.NUMBER));
			}
		}
		assertThat(definitions).hasSize(4 * 383);
		FeatureExtractor extractor = new FeatureExtractor(FeatureDefinitions.of(definitions), new UnitConverter());
		CsvParity parity = new CsvParity(crc.csv());
		// The first patient (all four series) and the first imaged without contrast (plain liver series only).
		for (Subject subject : List.of(crc.subjects().get(0), plainOnly(crc))) {
			PatientRecord record = record(subject);
			CsvParity.Result result = parity.compare(columns, subject, extractor.extract(record, subject.indexDate()));
			assertThat(result.mismatches()).isEmpty();
			long series = record.resources().stream().filter(r -> r instanceof Observation).map(r -> ((Observation) r).getMethod().getText()
					.replaceAll(".*series ", "")).distinct().count();
			assertThat(result.compared()).as(subject.patientId()).isEqualTo(series * 383);
		}
	}

	@Test
	void everyCodedCytokineIsReadableWithTheShippedMatchingRules() {
		CohortBundle nsclc = cohort("nsclc-cytokine-cohort");
		List<FeatureDefinition> definitions = new ArrayList<>();
		List<Column> columns = new ArrayList<>();
		for (Column column : nsclc.columns()) {
			if (column.use() == Use.INPUT_STORED || column.use() == Use.INPUT_READ && column.feature().startsWith("plasma-")) {
				NsclcCytokineCohort.Analyte analyte = NsclcCytokineCohort.PANEL.get(NsclcCytokineCohort.indexOf(column.csvColumn()));
				String code = analyte.coding() == NsclcCytokineCohort.Coding.LOINC ? SyntheticRecord.LOINC + "|" + analyte.code()
						: SyntheticRecord.CYTOKINE + "|" + analyte.code();
				definitions.add(new FeatureDefinition("any-" + analyte.feature(), "", "Observation", List.of(code), "quantity", null,
						"pg/mL", "latest", 90, null, null, SyntheticRecord.PROFILE + "immunorisk-cytokine", null));
				columns.add(Column.read(column.csvColumn(), "", "any-" + analyte.feature(), Compare.NUMBER));
			}
		}
		assertThat(definitions).as("coded cytokines").hasSize(36);
		FeatureExtractor extractor = new FeatureExtractor(FeatureDefinitions.of(definitions), new UnitConverter());
		CsvParity parity = new CsvParity(nsclc.csv());
		for (Subject subject : nsclc.subjects().subList(0, 20)) {
			CsvParity.Result result = parity.compare(columns, subject, extractor.extract(record(subject), subject.indexDate()));
			assertThat(result.mismatches()).isEmpty();
			assertThat(result.compared()).isEqualTo(36);
		}
	}

	private static Subject plainOnly(CohortBundle crc) {
		return crc.subjects().stream().filter(s -> s.resources().get().stream().noneMatch(r -> r.getIdElement().getIdPart()
				.contains("-rad-primary-"))).findFirst().orElseThrow();
	}

	private static CohortBundle cohort(String name) {
		return cohorts.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
	}
}
