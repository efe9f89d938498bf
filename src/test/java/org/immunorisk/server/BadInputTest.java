package org.immunorisk.server;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.testsupport.Http;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.testsupport.ShippedContent.EXAMPLES;
import static org.immunorisk.testsupport.ShippedContent.parse;

/** Bad input gets a 4xx with an OperationOutcome, never a 500 or a stack trace, and nothing partially written. */
class BadInputTest extends FhirServerTest {

	@Test
	void malformedJsonIs400() {
		assertOperationOutcome(http.post("/fhir/Patient", "application/fhir+json", "{\"resourceType\": \"Patient\", "), 400);
	}

	@Test
	void malformedXmlIs400() {
		assertOperationOutcome(http.post("/fhir/Patient", "application/fhir+xml",
				"<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"X\"/></Patient>"), 400);
	}

	@Test
	void jsonThatIsNotFhirIs400() {
		assertOperationOutcome(http.post("/fhir/Patient", "application/fhir+json", "{\"resourceType\": \"Spaceship\"}"), 400);
	}

	@Test
	void wrongContentTypeIs415() {
		Http.Response response = http.post("/fhir/Patient", "text/plain", "{\"resourceType\": \"Patient\"}");
		assertOperationOutcome(response, 415);
	}

	@Test
	void oversizedBundleIs413() {
		String body = oversizedBundle();
		assertOperationOutcome(http.post("/fhir", "application/fhir+json", body), 413);
	}

	@Test
	void oversizedChunkedBundleIs413() {
		assertOperationOutcome(http.postChunked("/fhir", "application/fhir+json",
				oversizedBundle().getBytes(StandardCharsets.UTF_8)), 413);
	}

	private static String oversizedBundle() {
		// Over the 2,000,000-byte limit this test context sets (immunorisk.limits.max-request-bytes).
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String filler = "x".repeat(10_000);
		for (int i = 0; i < 250; i++) {
			Patient patient = new Patient();
			patient.addName().setFamily("Oversized").addGiven(filler);
			bundle.addEntry().setResource(patient).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		}
		return json(bundle);
	}

	@Test
	void referenceToAMissingResourceIsRefused() {
		Observation observation = parse(EXAMPLES.resolve("immunorisk-serum-igg4/valid-igg4-3x-uln.json"), Observation.class);
		observation.setId((String) null);
		observation.getSubject().setReference("Patient/does-not-exist");
		Http.Response response = http.post("/fhir/Observation", "application/fhir+json", json(observation));
		assertThat(response.status()).isBetween(400, 499);
		assertOperationOutcome(response, response.status());
	}

	@Test
	void transactionWithOneBadEntryWritesNothing() {
		Patient patient = parse(EXAMPLES.resolve("immunorisk-patient/valid-adult-male.json"), Patient.class);
		patient.setId("atomicity-patient");
		Observation good = parse(EXAMPLES.resolve("immunorisk-serum-igg4/valid-igg4-3x-uln.json"), Observation.class);
		good.setId("atomicity-good-igg4");
		good.getSubject().setReference("Patient/atomicity-patient");
		Observation bad = good.copy();
		bad.setId("atomicity-bad-igg4");
		bad.getValueQuantity().setCode("mmol/h");

		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (var resource : new org.hl7.fhir.r4.model.Resource[] {patient, good, bad}) {
			String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
			bundle.addEntry().setFullUrl(url).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
		}
		Http.Response response = http.post("/fhir", "application/fhir+json", json(bundle));
		assertOperationOutcome(response, 422);

		assertThat(http.get("/fhir/Patient/atomicity-patient").status()).isEqualTo(404);
		assertThat(http.get("/fhir/Observation/atomicity-good-igg4").status()).isEqualTo(404);
		assertThat(http.get("/fhir/Observation/atomicity-bad-igg4").status()).isEqualTo(404);
	}

	@Test
	void unitWithAHugeExponentIsRefusedBeforeAnyUnitArithmetic() {
		String observation = """
				{"resourceType": "Observation", "status": "final", "code": {"text": "count"},
				 "valueQuantity": {"value": 1, "system": "http://unitsofmeasure.org", "code": "10*999999/L"}}""";
		OperationOutcome outcome = assertOperationOutcome(http.post("/fhir/Observation", "application/fhir+json", observation), 422);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("exponent");
	}

	@Test
	void nonFiniteQuantityValueIsRefused() {
		String observation = """
				{"resourceType": "Observation", "status": "final", "code": {"text": "count"},
				 "valueQuantity": {"value": 1e999999, "system": "http://unitsofmeasure.org", "code": "mg"}}""";
		OperationOutcome outcome = assertOperationOutcome(http.post("/fhir/Observation", "application/fhir+json", observation), 422);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("integer digits").hasSizeLessThan(500);
	}

	@Test
	void unknownResourceTypeIs404WithOperationOutcome() {
		assertOperationOutcome(http.get("/fhir/Spaceship/1"), 404);
	}
}
