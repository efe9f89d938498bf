package org.immunorisk.cds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.testsupport.Http;
import org.immunorisk.testsupport.ScenarioPatients;
import org.immunorisk.testsupport.TestEhr;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.testsupport.ShippedContent.TEST_BUNDLES;
import static org.immunorisk.testsupport.ShippedContent.read;

/**
 * The CDS Hooks service over real HTTP with real signed JWTs from a test EHR: discovery, patient-view cards
 * from prefetch, and the errors (401 without a valid JWT, 400/404/412 as JSON).
 */
class CdsHooksServiceTest extends FhirServerTest {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final String SERVICE = "/cds-services/immunorisk-patient-view";

	/** A patient-view request whose prefetch is the scenario's bundle, re-dated to yesterday (look-backs count from today). */
	private static String patientView(String scenario) {
		return ScenarioPatients.patientView(scenario, null);
	}

	private Http.Response call(String path, String body, String authorization) {
		return http.send("POST", path, body, "Content-Type", "application/json", "Authorization", authorization);
	}

	private String bearer(String path) {
		return cdsBearer(path);
	}

	@Test
	void discoveryListsTheServicesWithTheirPrefetch() throws Exception {
		Http.Response response = http.send("GET", "/cds-services", null, "Accept", "application/json");
		assertThat(response.status()).isEqualTo(200);
		JsonNode service = null;
		java.util.List<String> hooks = new java.util.ArrayList<>();
		for (JsonNode candidate : JSON.readTree(response.body()).get("services")) {
			hooks.add(candidate.get("hook").asText());
			if (candidate.get("id").asText().equals("immunorisk-patient-view")) {
				service = candidate;
			}
		}
		assertThat(hooks).contains("patient-view", "order-select", "order-sign");
		assertThat(service).isNotNull();
		assertThat(service.get("hook").asText()).isEqualTo("patient-view");
		assertThat(service.get("title").asText()).isNotBlank();
		assertThat(service.get("description").asText()).isNotBlank();
		assertThat(service.get("prefetch").get("patient").asText()).isEqualTo("Patient/{{context.patientId}}");
	}

	@Test
	void patientViewGivesCardsFromTheSameAssessmentAsRiskAssess() throws Exception {
		Http.Response response = call(SERVICE, patientView("igg4rd-high"), bearer(SERVICE));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode cards = JSON.readTree(response.body()).get("cards");
		JsonNode classification = null;
		for (JsonNode card : cards) {
			assertThat(card.get("uuid").asText()).isNotBlank();
			assertThat(card.get("summary").asText().length()).isLessThan(140);
			assertThat(card.get("indicator").asText()).isIn("info", "warning", "critical");
			assertThat(card.get("source").get("label").asText()).isNotBlank();
			if (card.get("source").get("topic").get("code").asText().equals("acr-eular-2019-igg4rd")) {
				classification = card;
			}
		}
		assertThat(classification).as(response.body()).isNotNull();
		assertThat(classification.get("indicator").asText()).isEqualTo("critical");
		assertThat(classification.get("summary").asText()).contains("classified", "69");
		assertThat(classification.get("detail").asText()).contains("Model: `acr-eular-2019-igg4rd", "| factor |");
		assertThat(classification.get("source").get("url").asText()).isEqualTo(CDS_BASE + "/model-cards/acr-eular-2019-igg4rd");
		assertThat(classification.get("selectionBehavior").asText()).isEqualTo("any");
		JsonNode record = classification.get("suggestions").get(0);
		assertThat(record.get("uuid").asText()).isNotBlank();
		assertThat(record.get("actions").get(0).get("type").asText()).isEqualTo("create");
		assertThat(record.get("actions").get(0).get("resource").get("resourceType").asText()).isEqualTo("RiskAssessment");
		assertThat(classification.get("overrideReasons").get(0).get("system").asText()).contains("immunorisk-cds-override-reason");
		assertThat(classification.get("links").get(0).get("type").asText()).isEqualTo("absolute");
	}

	/** An order-select request: the scenario's prefetch plus one draft MedicationRequest, selected. */
	private static String orderSelect(String scenario, String system, String code, String display) throws Exception {
		ObjectNode request = (ObjectNode) JSON.readTree(patientView(scenario));
		request.put("hook", "order-select");
		ObjectNode context = (ObjectNode) request.get("context");
		String patientId = context.get("patientId").asText();
		ObjectNode order = JSON.createObjectNode();
		order.put("resourceType", "MedicationRequest").put("id", "draft-1").put("status", "draft").put("intent", "proposal");
		order.putObject("subject").put("reference", "Patient/" + patientId);
		order.putObject("medicationCodeableConcept").putArray("coding").addObject()
				.put("system", system).put("code", code).put("display", display);
		ObjectNode draftOrders = context.putObject("draftOrders");
		draftOrders.put("resourceType", "Bundle").put("type", "collection").putArray("entry").addObject().set("resource", order);
		context.putArray("selections").add("MedicationRequest/draft-1");
		return request.toString();
	}

	@Test
	void orderingAnImmuneCheckpointInhibitorShowsLipiAndLoris() throws Exception {
		String path = "/cds-services/immunorisk-ici-order-select";
		Http.Response response = call(path, orderSelect("nsclc-high", "http://www.nlm.nih.gov/research/umls/rxnorm",
				"1597876", "nivolumab"), bearer(path));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		java.util.List<String> models = new java.util.ArrayList<>();
		for (JsonNode card : JSON.readTree(response.body()).get("cards")) {
			models.add(card.get("source").get("topic").get("code").asText());
			assertThat(card.get("detail").asText()).startsWith("Order: nivolumab");
		}
		assertThat(models).containsExactlyInAnyOrder("lipi", "loris-nsclc");
	}

	@Test
	void anOrderTheServiceIsNotAboutGetsNoCards() throws Exception {
		String path = "/cds-services/immunorisk-ici-order-select";
		Http.Response response = call(path, orderSelect("nsclc-high", "http://www.nlm.nih.gov/research/umls/rxnorm",
				"161", "acetaminophen"), bearer(path));
		assertThat(response.status()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).get("cards")).isEmpty();
	}

	@Test
	void anOrderCallWithoutDraftOrdersIs400() throws Exception {
		String path = "/cds-services/immunorisk-ici-order-select";
		String body = patientView("nsclc-high").replace("\"hook\":\"patient-view\"", "\"hook\":\"order-select\"");
		assertJsonError(call(path, body, bearer(path)), 400, "bad-request");
	}

	@Test
	void aMissingLaboratoryInputIsOfferedAsAnOrder() throws Exception {
		Http.Response response = call(SERVICE, patientView("igg4rd-missing-igg4"), bearer(SERVICE));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("Order serum-igg4 (LOINC 2469-5)", "\"ServiceRequest\"");
	}

	@Test
	void lowRiskResultsEarnNoCard() throws Exception {
		Http.Response response = call(SERVICE, patientView("ra-low"), bearer(SERVICE));
		assertThat(response.status()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).get("cards")).isEmpty();
	}

	@Test
	void withoutAValidJwtTheAnswerIsABare401() throws Exception {
		String body = patientView("igg4rd-high");
		Http.Response none = call(SERVICE, body, null);
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.body()).isEmpty();
		Http.Response wrongAudience = call(SERVICE, body, TestEhr.get().bearer("https://elsewhere.example" + SERVICE));
		assertThat(wrongAudience.status()).isEqualTo(401);
	}

	@Test
	void malformedAndIncompleteRequestsAre400WithAJsonError() throws Exception {
		assertJsonError(call(SERVICE, "{not json", bearer(SERVICE)), 400, "malformed-json");
		assertJsonError(call(SERVICE, "{\"hook\":\"patient-view\",\"context\":{\"patientId\":\"x\"}}", bearer(SERVICE)), 400, "bad-request");
		String orderSelect = patientView("igg4rd-high").replace("\"hook\":\"patient-view\"", "\"hook\":\"order-select\"");
		assertJsonError(call(SERVICE, orderSelect, bearer(SERVICE)), 400, "wrong-hook");
		assertJsonError(call("/cds-services/no-such-service", patientView("igg4rd-high"), bearer("/cds-services/no-such-service")),
				404, "unknown-service");
	}

	@Test
	void aPrefetchWithoutThePatientIs412() throws Exception {
		String body = "{\"hook\":\"patient-view\",\"hookInstance\":\"h1\",\"context\":{\"userId\":\"Practitioner/1\",\"patientId\":\"p-unknown\"},"
				+ "\"prefetch\":{\"patient\":null}}";
		assertJsonError(call(SERVICE, body, bearer(SERVICE)), 412, "prefetch-unavailable");
	}

	@Test
	void missingPrefetchIsFetchedFromAnAllowListedFhirServerOnly() throws Exception {
		// The test bundles are on this server; the test EHR's allow-list names http://localhost:.
		assertThat(http.post("/fhir", "application/fhir+json", read(TEST_BUNDLES.resolve("igg4rd-high.json"))).status()).isEqualTo(200);
		String body = ScenarioPatients.patientView("igg4rd-high", http.base() + "/fhir");
		Http.Response fetched = call(SERVICE, body, bearer(SERVICE));
		assertThat(fetched.status()).as(fetched.body()).isEqualTo(200);
		assertThat(fetched.body()).contains("acr-eular-2019-igg4rd");

		String elsewhere = body.replace(http.base() + "/fhir", "http://127.0.0.1:9/fhir");
		assertJsonError(call(SERVICE, elsewhere, bearer(SERVICE)), 412, "prefetch-unavailable");
	}

	@Test
	void corsPreflightIsAnswered() {
		var headers = http.headersOf("OPTIONS", SERVICE, "Origin", CDS_ALLOWED_ORIGIN,
				"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type");
		assertThat(headers.firstValue("Access-Control-Allow-Origin")).isPresent();
		assertThat(headers.firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
	}

	@Test
	void feedbackIsStoredDurablyAndSummarisedAsRates() throws Exception {
		String path = SERVICE + "/feedback";
		String summaryPath = SERVICE + "/feedback/summary";
		JsonNode before = JSON.readTree(http.send("GET", summaryPath, null, "Authorization", bearer(summaryPath)).body());
		long acceptedBefore = before.get("accepted").asLong();
		long overriddenBefore = before.get("overridden").asLong();

		String body = """
				{"feedback": [
				  {"card": "9368d37b-283f-44a0-93ea-547cebab93ed", "outcome": "accepted",
				   "acceptedSuggestions": [{"id": "e56e1945-20b3-4393-8503-a1a20fd73152"}],
				   "outcomeTimestamp": "2026-11-21T12:00:00Z"},
				  {"card": "7a4cda2e-9f4b-4d8e-8f7f-58f4b56c1a11", "outcome": "overridden",
				   "overrideReason": {"reason": {"system": "https://immunorisk.org/fhir/CodeSystem/override-reason",
				     "code": "already-known", "display": "Already known"}, "userComment": "seen last week"},
				   "outcomeTimestamp": "2026-11-21T03:01:00Z"}
				]}""";
		Http.Response stored = call(path, body, bearer(path));
		assertThat(stored.status()).as(stored.body()).isEqualTo(200);

		JsonNode after = JSON.readTree(http.send("GET", summaryPath, null, "Authorization", bearer(summaryPath)).body());
		assertThat(after.get("accepted").asLong()).isEqualTo(acceptedBefore + 1);
		assertThat(after.get("overridden").asLong()).isEqualTo(overriddenBefore + 1);
		assertThat(after.get("acceptedRate").asDouble())
				.isEqualTo((double) (acceptedBefore + 1) / (acceptedBefore + overriddenBefore + 2));
		assertThat(after.get("overrideReasons").toString()).contains("already-known");
	}

	@Test
	void badFeedbackIs400AndUnsignedFeedbackIs401() throws Exception {
		String path = SERVICE + "/feedback";
		assertJsonError(call(path, "{\"card\": \"x\", \"outcome\": \"accepted\"}", bearer(path)), 400, "bad-request");
		assertJsonError(call(path, "{\"feedback\": [{\"card\": \"x\", \"outcome\": \"ignored\","
				+ " \"outcomeTimestamp\": \"2026-11-21T12:00:00Z\"}]}", bearer(path)), 400, "bad-request");
		assertJsonError(call(path, "{\"feedback\": [{\"card\": \"x\", \"outcome\": \"accepted\","
				+ " \"outcomeTimestamp\": \"yesterday\"}]}", bearer(path)), 400, "bad-request");
		assertThat(call(path, "{\"feedback\": []}", null).status()).isEqualTo(401);
	}

	private static void assertJsonError(Http.Response response, int status, String code) throws Exception {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
		assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo(code);
	}
}
