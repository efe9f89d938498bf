package org.immunorisk.training.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.StringType;
import org.immunorisk.features.FeatureExtractor;
import org.immunorisk.features.FeatureVector;
import org.immunorisk.features.PatientRecordReader;
import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.testsupport.Http;
import org.immunorisk.training.fhir.CohortBundle.Subject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parity through the running server: two patients of each cohort are loaded as a transaction (validated on write),
 * read back from the store with the server's {@link PatientRecordReader} and turned into inputs by its
 * {@link FeatureExtractor} as of the index date; every input equals the CSV row's value. {@code $risk-assess} at the
 * index date then computes each model trained on the cohort (no input missing), and loading the same bundle again
 * creates no new version. So a model trained on the CSV sees the same numbers from FHIR.
 *
 * <p>Patient ids start with {@code syn-} (no other test uses them) and nothing depends on global counts. The CRC
 * patient is loaded with its radiomics Observations of the two codes the served model reads, in every series and image
 * type (88 of its 1532), so that the lesion, image-type and series conditions have to pick the right one; the full
 * patient (2.7 MB) exceeds the test server's request limit and is checked without the server in
 * {@link CohortBundlesExtractionTest}.
 */
class CohortBundlesParityTest extends FhirServerTest {

	/** The models each cohort's first patient must get a result from ({@code igg4rd-rf-no-igg4} serves only without IgG4). */
	private static final Map<String, List<String>> SERVED = Map.of(
			"ra-biologic-cohort", List.of("ra-tnfi-response", "ra-abatacept-response"),
			"ra-progression-cohort", List.of("ra-rapid-progression"),
			"ssc-cell-state-cohort", List.of("ssc-renal-crisis-cells", "ssc-ild-progression-cells"),
			"crc-radiomics-cohort", List.of("crc-tmb-radiomics"),
			"nsclc-cytokine-cohort", List.of("nsclc-preciri-rsf"),
			"ua-ra-kurama-like", List.of("ua-ra-mlp"),
			"ua-ra-answer-like", List.of("ua-ra-mlp"),
			"igg4rd-cohort", List.of("igg4rd-rf"));

	/** The radiomics codes feature-definitions.json reads (the served CRC model's two inputs). */
	private static final Set<String> READ_RADIOMICS = Set.of("glszm_ZoneEntropy", "firstorder_10Percentile");

	@Autowired
	private PatientRecordReader records;

	@Autowired
	private FeatureExtractor extractor;

	@TestFactory
	List<DynamicTest> theServerReadsTheCsvValuesFromTheLoadedBundles() {
		List<CohortBundle> cohorts = new CohortBundles(FhirContext.forR4Cached()).all();
		assertThat(cohorts).extracting(CohortBundle::name).containsExactlyInAnyOrderElementsOf(SERVED.keySet());
		List<DynamicTest> tests = new ArrayList<>();
		for (CohortBundle cohort : cohorts) {
			tests.add(DynamicTest.dynamicTest(cohort.name(), () -> check(cohort)));
		}
		return tests;
	}

	private void check(CohortBundle cohort) {
		List<Subject> subjects = cohort.subjects().subList(0, cohort.name().equals("crc-radiomics-cohort") ? 1 : 2);
		List<List<Resource>> resources = new ArrayList<>();
		for (Subject subject : subjects) {
			List<Resource> patient = new ArrayList<>(subject.resources().get());
			patient.removeIf(r -> r instanceof Observation o && o.getCode().getCodingFirstRep().getSystem().equals(SyntheticRecord.RADIOMICS)
					&& !READ_RADIOMICS.contains(o.getCode().getCodingFirstRep().getCode()));
			resources.add(patient);
		}
		String body = json(BundleWriter.bundle(cohort.name() + "-parity", resources));
		Http.Response first = http.post("/fhir", "application/fhir+json", body);
		assertThat(first.status()).as(first.body()).isEqualTo(200);

		CsvParity parity = new CsvParity(cohort.csv());
		for (Subject subject : subjects) {
			FeatureVector features = extractor.extract(records.read(subject.patientId(), new SystemRequestDetails()), subject.indexDate());
			CsvParity.Result result = parity.compare(cohort.columns(), subject, features);
			assertThat(result.mismatches()).as(cohort.name()).isEmpty();
			assertThat(result.compared()).as(subject.patientId()).isPositive();
		}

		Subject subject = subjects.get(0);
		Parameters parameters = new Parameters();
		parameters.addParameter("date", new DateType(subject.indexDate().toString()));
		SERVED.get(cohort.name()).forEach(model -> parameters.addParameter("model", new StringType(model)));
		Http.Response assessed = http.post("/fhir/Patient/" + subject.patientId() + "/$risk-assess", "application/fhir+json",
				json(parameters));
		assertThat(assessed.status()).as(assessed.body()).isEqualTo(200);
		List<String> computed = parseBody(Bundle.class, assessed.body()).getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(RiskAssessment.class::isInstance).map(r -> ((RiskAssessment) r).getMethod().getCodingFirstRep().getCode()).toList();
		assertThat(computed).as(assessed.body()).containsExactlyInAnyOrderElementsOf(SERVED.get(cohort.name()));

		Http.Response again = http.post("/fhir", "application/fhir+json", body);
		assertThat(again.status()).as(again.body()).isEqualTo(200);
		List<String> before = locations(first);
		assertThat(locations(again)).as("reloading must create no new version").isEqualTo(before);
	}

	private List<String> locations(Http.Response response) {
		return parseBody(Bundle.class, response.body()).getEntry().stream().map(e -> e.getResponse().getLocation()).toList();
	}
}
