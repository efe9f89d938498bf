package org.immunorisk.server;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.testsupport.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.immunorisk.testsupport.ShippedContent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;


import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.testsupport.ShippedContent.EXAMPLES;
import static org.immunorisk.testsupport.ShippedContent.folders;
import static org.immunorisk.testsupport.ShippedContent.jsonFiles;
import static org.immunorisk.testsupport.ShippedContent.parse;
import static org.immunorisk.testsupport.ShippedContent.read;

/** A resource that claims an ImmunoRisk profile is validated on write: 422 naming the element, nothing stored. */
class ValidationOnWriteTest extends FhirServerTest {

	private static final String PATIENT = "Patient/validation-patient";

	@BeforeEach
	void patient() {
		Patient patient = parse(EXAMPLES.resolve("immunorisk-patient/valid-adult-male.json"), Patient.class);
		patient.setId("validation-patient");
		assertThat(http.put("/fhir/" + PATIENT, json(patient)).status()).isIn(200, 201);
	}

	/** An example file re-pointed at this test's patient and tagged so the test can search for it. */
	private static Observation observation(String example, String tag) {
		Observation observation = parse(EXAMPLES.resolve(example), Observation.class);
		observation.setId((String) null);
		observation.getSubject().setReference(PATIENT);
		observation.addIdentifier().setSystem("urn:immunorisk:test").setValue(tag);
		return observation;
	}

	private int storedWithTag(String tag) {
		Http.Response search = http.get("/fhir/Observation?identifier=urn:immunorisk:test%7C" + tag);
		return parseBody(Bundle.class, search.body()).getTotal();
	}

	@Test
	void conformingSerumIgG4IsStored() {
		Http.Response response = http.post("/fhir/Observation", "application/fhir+json",
				json(observation("immunorisk-serum-igg4/valid-igg4-3x-uln.json", "igg4-ok")));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		assertThat(storedWithTag("igg4-ok")).isEqualTo(1);
	}

	@Test
	void missingRequiredElementIsRefusedWith422NamingTheElement() {
		Observation observation = observation("immunorisk-serum-igg4/valid-igg4-3x-uln.json", "igg4-no-value");
		observation.setValue(null);
		Http.Response response = http.post("/fhir/Observation", "application/fhir+json", json(observation));
		OperationOutcome outcome = assertOperationOutcome(response, 422);
		assertThat(outcome.getIssue()).as("an issue names the missing element")
				.anyMatch(issue -> issue.getDiagnostics().contains("Observation.value[x]: minimum required = 1"));
		assertThat(storedWithTag("igg4-no-value")).isZero();
	}

	@Test
	void codeOutsideTheProfileIsRefused() {
		Observation observation = observation("immunorisk-serum-igg4/valid-igg4-3x-uln.json", "igg4-wrong-code");
		observation.getCode().getCodingFirstRep().setCode("1988-5");
		assertOperationOutcome(http.post("/fhir/Observation", "application/fhir+json", json(observation)), 422);
		assertThat(storedWithTag("igg4-wrong-code")).isZero();
	}

	@Test
	void convertibleUnitIsAccepted() {
		Observation observation = observation("immunorisk-lab-result/valid-igg4-g-per-l-convertible-unit.json", "igg4-g-l");
		assertThat(observation.getValueQuantity().getCode()).isEqualTo("g/L");
		Http.Response response = http.post("/fhir/Observation", "application/fhir+json", json(observation));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
	}

	@Test
	void unconvertibleUnitIsRefused() {
		Observation observation = observation("immunorisk-serum-igg4/valid-igg4-3x-uln.json", "igg4-mmol-h");
		observation.getValueQuantity().setCode("mmol/h").setUnit("mmol/h");
		OperationOutcome outcome = assertOperationOutcome(
				http.post("/fhir/Observation", "application/fhir+json", json(observation)), 422);
		assertThat(outcome.getIssue()).anyMatch(issue -> issue.getDiagnostics().contains("mmol/h")
				&& issue.getDiagnostics().contains("mg/dL"));
		assertThat(storedWithTag("igg4-mmol-h")).isZero();
	}

	@Test
	void unknownImmunoRiskProfileIsRefused() {
		Observation observation = observation("immunorisk-serum-igg4/valid-igg4-3x-uln.json", "igg4-unknown-profile");
		observation.getMeta().getProfile().clear();
		observation.getMeta().addProfile("https://immunorisk.org/fhir/StructureDefinition/no-such-profile");
		assertOperationOutcome(http.post("/fhir/Observation", "application/fhir+json", json(observation)), 422);
	}

	@Test
	void invalidUpdateIsRefusedAndKeepsThePreviousVersion() {
		Observation observation = observation("immunorisk-serum-igg4/valid-igg4-3x-uln.json", "igg4-update");
		observation.setId("validation-igg4-update");
		assertThat(http.put("/fhir/Observation/validation-igg4-update", json(observation)).status()).isIn(200, 201);
		observation.getValueQuantity().setSystem("http://example.org/units");
		assertOperationOutcome(http.put("/fhir/Observation/validation-igg4-update", json(observation)), 422);
		Observation stored = parseBody(Observation.class, http.get("/fhir/Observation/validation-igg4-update").body());
		assertThat(stored.getValueQuantity().getSystem()).isEqualTo("http://unitsofmeasure.org");
	}

	@TestFactory
	List<DynamicTest> everyInvalidExampleIsRefusedByTheServerForItsReason() {
		// The same files ProfileExamplesTest checks offline, now through HTTP: what a client would meet.
		List<DynamicTest> tests = new ArrayList<>();
		for (Path folder : folders(EXAMPLES)) {
			for (Path example : jsonFiles(folder)) {
				if (example.getFileName().toString().startsWith("invalid-")) {
					tests.add(DynamicTest.dynamicTest(folder.getFileName() + "/" + example.getFileName(), () -> {
						IBaseResource resource = ShippedContent.parse(example);
						String expected = read(example.resolveSibling(
								example.getFileName().toString().replace(".json", ".expect"))).trim();
						OperationOutcome outcome = assertOperationOutcome(
								http.post("/fhir/" + resource.fhirType(), "application/fhir+json", json(resource)), 422);
						assertThat(outcome.getIssue()).anyMatch(issue -> issue.getDiagnostics().contains(expected));
					}));
				}
			}
		}
		assertThat(tests).hasSizeGreaterThanOrEqualTo(40);
		return tests;
	}

	@Test
	void resourceWithoutAnImmunoRiskProfileIsNotOurBusiness() {
		Patient plain = new Patient();
		plain.addName().setFamily("Plain");
		assertThat(http.post("/fhir/Patient", "application/fhir+json", json(plain)).status()).isEqualTo(201);
	}

}
