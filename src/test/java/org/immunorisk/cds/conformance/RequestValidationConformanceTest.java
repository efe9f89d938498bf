package org.immunorisk.cds.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.immunorisk.testsupport.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Checklist §2, request validation ({@code POST {B}/cds-services/{id}}). */
class RequestValidationConformanceTest extends CdsConformanceTest {

	private static MockFhirServer ehrFhir;

	@BeforeAll
	static void startEhrFhirServer() {
		ehrFhir = new MockFhirServer();
	}

	@AfterAll
	static void stopEhrFhirServer() {
		ehrFhir.close();
	}

	/** V_pv changed by {@code change}: its answer. */
	private Http.Response patientViewWith(Consumer<ObjectNode> change) {
		ObjectNode request = patientView("igg4rd-high");
		change.accept(request);
		return post(PATIENT_VIEW, request);
	}

	private static ObjectNode withAuthorization(ObjectNode request, String fhirServer) {
		request.put("fhirServer", fhirServer);
		request.putObject("fhirAuthorization").put("access_token", "opaque-access-token").put("token_type", "Bearer")
				.put("expires_in", 300).put("scope", "patient/Patient.read patient/Observation.read").put("subject", "cds-client");
		return request;
	}

	@Test
	@DisplayName("REQ-1: a body that is not application/json is 415, malformed JSON 400, GET on a service 405")
	void req1() {
		String body = patientView("igg4rd-high").toString();
		for (String type : new String[] {"text/plain", "application/fhir+json", "application/x-www-form-urlencoded"}) {
			assertJsonError(http.send("POST", PATIENT_VIEW, body, "Content-Type", type, "Authorization", cdsBearer(PATIENT_VIEW)),
					415, "unsupported-media-type");
		}
		assertJsonError(http.send("POST", PATIENT_VIEW, body, "Authorization", cdsBearer(PATIENT_VIEW)), 415);
		assertThat(http.send("POST", PATIENT_VIEW, body, "Content-Type", "application/json; charset=utf-8",
				"Authorization", cdsBearer(PATIENT_VIEW)).status()).isEqualTo(200);
		assertJsonError(post(PATIENT_VIEW, "{\"hook\": \"patient-view\","), 400, "malformed-json");
		assertJsonError(post(PATIENT_VIEW, "{} {}"), 400, "malformed-json");
		assertJsonError(post(PATIENT_VIEW, "[]"), 400, "bad-request");
		Http.Response get = http.send("GET", PATIENT_VIEW, null, "Authorization", cdsBearer(PATIENT_VIEW));
		assertJsonError(get, 405, "method-not-allowed");
		assertThat(get.header("Allow")).isEqualTo("POST");
	}

	@Test
	@DisplayName("REQ-2: an unknown service id is 404")
	void req2() {
		assertJsonError(post("/cds-services/nope", patientView("igg4rd-high")), 404, "unknown-service");
		assertJsonError(post("/cds-services/nope/feedback", "{}"), 404, "unknown-service");
		assertJsonError(http.send("GET", "/cds-services/a/b/c", null), 404);
	}

	@Test
	@DisplayName("REQ-3: hook is required and must be the service's own hook")
	void req3() {
		assertJsonError(patientViewWith(r -> r.remove("hook")), 400, "bad-request");
		assertJsonError(patientViewWith(r -> r.put("hook", "order-sign")), 400, "wrong-hook");
		assertJsonError(patientViewWith(r -> r.put("hook", 7)), 400);
	}

	@Test
	@DisplayName("REQ-4 (Q5): hookInstance is required and not blank; a non-UUID string is accepted")
	void req4() {
		assertJsonError(patientViewWith(r -> r.remove("hookInstance")), 400, "bad-request");
		assertJsonError(patientViewWith(r -> r.put("hookInstance", "")), 400, "bad-request");
		assertJsonError(patientViewWith(r -> r.put("hookInstance", "  ")), 400, "bad-request");
		assertJsonError(patientViewWith(r -> r.put("hookInstance", 42)), 400, "bad-request");
		assertThat(patientViewWith(r -> r.put("hookInstance", "ehr-visit-1234")).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("REQ-5: context is required and an object; null, {} and non-objects are 400, not 500")
	void req5() {
		assertJsonError(patientViewWith(r -> r.remove("context")), 400, "bad-request");
		assertJsonError(patientViewWith(r -> r.putNull("context")), 400, "bad-request");
		assertJsonError(patientViewWith(r -> r.putObject("context")), 400, "bad-request");
		assertJsonError(patientViewWith(r -> r.put("context", "Patient/1")), 400, "bad-request");
		assertJsonError(patientViewWith(r -> r.putArray("context").add("x")), 400, "bad-request");
	}

	@Test
	@DisplayName("REQ-6 (Q2): patient-view needs userId (Practitioner, PractitionerRole, Patient or RelatedPerson) and patientId")
	void req6() {
		assertJsonError(patientViewWith(r -> context(r).remove("userId")), 400, "bad-request");
		assertJsonError(patientViewWith(r -> context(r).remove("patientId")), 400, "bad-request");
		for (String userId : new String[] {"abc", "Device/1", "Practitioner/", "/1", "Practitioner/1/_history/2"}) {
			assertJsonError(patientViewWith(r -> context(r).put("userId", userId)), 400, "bad-request");
		}
		assertJsonError(patientViewWith(r -> context(r).put("encounterId", 12)), 400, "bad-request");
		for (String userId : new String[] {"Practitioner/1", "PractitionerRole/r1", "Patient/p1", "RelatedPerson/rp1"}) {
			assertThat(patientViewWith(r -> context(r).put("userId", userId)).status()).as(userId).isEqualTo(200);
		}
		assertThat(patientViewWith(r -> context(r).remove("encounterId")).status()).isEqualTo(200);
		assertThat(patientViewWith(r -> context(r).put("encounterId", "enc-1")).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("REQ-7: order-select needs userId (Practitioner or PractitionerRole), patientId, selections and draftOrders")
	void req7() {
		ObjectNode pembrolizumab = medicationRequest("nsclc-high", "draft-pembro", RXNORM, PEMBROLIZUMAB, "pembrolizumab");
		assertThat(cards(post(ICI_SELECT, orderSelect("nsclc-high", nivolumab("nsclc-high"), pembrolizumab)))).isNotEmpty();
		for (String field : List.of("userId", "patientId", "selections", "draftOrders")) {
			ObjectNode request = orderSelect("nsclc-high", nivolumab("nsclc-high"));
			context(request).remove(field);
			assertJsonError(post(ICI_SELECT, request), 400, "bad-request");
		}
		for (String userId : new String[] {"Patient/1", "RelatedPerson/1"}) {
			ObjectNode request = orderSelect("nsclc-high", nivolumab("nsclc-high"));
			context(request).put("userId", userId);
			assertJsonError(post(ICI_SELECT, request), 400, "bad-request");
		}
		ObjectNode notADraftOrder = orderSelect("nsclc-high", nivolumab("nsclc-high"));
		context(notADraftOrder).putArray("selections").add("MedicationRequest/not-in-draft-orders");
		assertJsonError(post(ICI_SELECT, notADraftOrder), 400, "bad-request");
		ObjectNode noSelection = orderSelect("nsclc-high", nivolumab("nsclc-high"));
		context(noSelection).putArray("selections");
		assertJsonError(post(ICI_SELECT, noSelection), 400, "bad-request");
	}

	@Test
	@DisplayName("REQ-8: order-sign needs userId (Practitioner or PractitionerRole), patientId and draftOrders")
	void req8() {
		assertThat(cards(post(ICI_SIGN, orderSign("nsclc-high", nivolumab("nsclc-high"))))).isNotEmpty();
		for (String field : List.of("userId", "patientId", "draftOrders")) {
			ObjectNode request = orderSign("nsclc-high", nivolumab("nsclc-high"));
			context(request).remove(field);
			assertJsonError(post(ICI_SIGN, request), 400, "bad-request");
		}
		ObjectNode patientUser = orderSign("nsclc-high", nivolumab("nsclc-high"));
		context(patientUser).put("userId", "Patient/1");
		assertJsonError(post(ICI_SIGN, patientUser), 400, "bad-request");
	}

	@Test
	@DisplayName("REQ-9: draftOrders is an R4 Bundle of request resources for the patient in context; a re-sign is fine")
	void req9() {
		ObjectNode procedureRequest = nivolumab("nsclc-high");
		procedureRequest.put("resourceType", "ProcedureRequest"); // STU3 only
		assertJsonError(post(ICI_SIGN, orderSign("nsclc-high", procedureRequest)), 400, "bad-request");

		ObjectNode notR4 = nivolumab("nsclc-high");
		notR4.put("medicationCodeableConcept", "nivolumab"); // a string where R4 has a CodeableConcept
		assertJsonError(post(ICI_SIGN, orderSign("nsclc-high", notR4)), 400, "bad-request");

		ObjectNode stu3Element = nivolumab("nsclc-high");
		stu3Element.putObject("context").put("reference", "Encounter/1"); // MedicationRequest.context is STU3
		assertJsonError(post(ICI_SIGN, orderSign("nsclc-high", stu3Element)), 400, "bad-request");

		ObjectNode observation = nivolumab("nsclc-high");
		observation.put("resourceType", "Observation");
		observation.remove(List.of("intent", "medicationCodeableConcept"));
		observation.put("status", "preliminary").putObject("code").put("text", "x");
		assertJsonError(post(ICI_SIGN, orderSign("nsclc-high", observation)), 400, "bad-request");

		ObjectNode otherPatient = nivolumab("nsclc-high");
		otherPatient.putObject("subject").put("reference", "Patient/someone-else");
		assertJsonError(post(ICI_SIGN, orderSign("nsclc-high", otherPatient)), 400, "bad-request");

		ObjectNode notABundle = orderSign("nsclc-high", nivolumab("nsclc-high"));
		context(notABundle).set("draftOrders", nivolumab("nsclc-high"));
		assertJsonError(post(ICI_SIGN, notABundle), 400, "bad-request");

		ObjectNode resign = nivolumab("nsclc-high");
		resign.put("status", "active");
		assertThat(cards(post(ICI_SIGN, orderSign("nsclc-high", resign)))).isNotEmpty();
	}

	@Test
	@DisplayName("REQ-10: fhirAuthorization without fhirServer is 400")
	void req10() {
		assertJsonError(patientViewWith(r -> withAuthorization(r, ehrFhir.base()).remove("fhirServer")), 400, "bad-request");
	}

	@Test
	@DisplayName("REQ-11 (Q6): an http: fhirServer is used only when the issuer's allow-list names that http: prefix")
	void req11() {
		ObjectNode named = withAuthorization(patientView("ra-high"), ehrFhir.base());
		((ObjectNode) named.get("prefetch")).remove("conditions");
		assertThat(post(PATIENT_VIEW, named).status()).isEqualTo(200);
		assertThat(ehrFhir.received("Condition?subject=" + patientId("ra-high"))).hasSize(1);

		String unnamed = "http://127.0.0.1:" + ehrFhir.port() + "/fhir"; // same server, not under http://localhost:
		int before = ehrFhir.received().size();
		ObjectNode request = withAuthorization(patientView("ra-high"), unnamed);
		((ObjectNode) request.get("prefetch")).remove("patient");
		assertJsonError(post(PATIENT_VIEW, request), 412, "prefetch-unavailable");
		assertThat(ehrFhir.received()).hasSize(before);

		assertJsonError(patientViewWith(r -> withAuthorization(r, "ftp://ehr.example/fhir")), 400, "bad-request");
		assertJsonError(patientViewWith(r -> withAuthorization(r, "not a url")), 400, "bad-request");
		assertJsonError(patientViewWith(r -> r.put("fhirServer", 8080)), 400, "bad-request");
	}

	@Test
	@DisplayName("REQ-12: fhirAuthorization has access_token, token_type Bearer, expires_in, scope, subject; patient matches")
	void req12() {
		assertThat(patientViewWith(r -> withAuthorization(r, ehrFhir.base())).status()).isEqualTo(200);
		for (String member : List.of("access_token", "token_type", "expires_in", "scope", "subject")) {
			assertJsonError(patientViewWith(r -> ((ObjectNode) withAuthorization(r, ehrFhir.base()).get("fhirAuthorization"))
					.remove(member)), 400, "bad-request");
		}
		assertJsonError(patientViewWith(r -> ((ObjectNode) withAuthorization(r, ehrFhir.base()).get("fhirAuthorization"))
				.put("token_type", "MAC")), 400, "bad-request");
		assertJsonError(patientViewWith(r -> ((ObjectNode) withAuthorization(r, ehrFhir.base()).get("fhirAuthorization"))
				.put("expires_in", "300")), 400, "bad-request");
		assertJsonError(patientViewWith(r -> ((ObjectNode) withAuthorization(r, ehrFhir.base()).get("fhirAuthorization"))
				.put("patient", "someone-else")), 400, "bad-request");
		assertJsonError(patientViewWith(r -> withAuthorization(r, ehrFhir.base()).put("fhirAuthorization", "token")),
				400, "bad-request");
		assertThat(patientViewWith(r -> ((ObjectNode) withAuthorization(r, ehrFhir.base()).get("fhirAuthorization"))
				.put("patient", r.get("context").get("patientId").asText())).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("REQ-13: extension must be an object; unknown top-level members are tolerated")
	void req13() {
		assertThat(patientViewWith(r -> r.putObject("extension").put("com.example.x", 1)).status()).isEqualTo(200);
		assertJsonError(patientViewWith(r -> r.put("extension", "str")), 400, "bad-request");
		assertJsonError(patientViewWith(r -> r.putArray("extension")), 400, "bad-request");
		assertThat(patientViewWith(r -> r.put("futureMember", true)).status()).isEqualTo(200);
	}
}
